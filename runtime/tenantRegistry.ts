/**
 * Reads the platform's tenant registry (one item per tenant, see `tiers/registry.ts`) for the
 * authorizer and the router, with a short cache. The cache bounds how late a suspension bites:
 * {@link REGISTRY_CACHE_SECONDS} here plus API Gateway's authorizer cache (30 s) stay under 60 s.
 */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import {
    isTombstone,
    type RegistryRecord,
    TENANT_STATUSES,
    type TenantRegistryEntry,
    type TenantStatus,
    type TenantTombstone,
} from "../tiers/registry";
import { isTenantId, type TenantId } from "../tiers/tenantId";
import { isTierName } from "../tiers/tier";
import { TtlCache } from "./ttlCache";

/** Seconds a registry read is reused. Plus the 30 s API Gateway authorizer cache: under a minute. */
export const REGISTRY_CACHE_SECONDS = 20;

/** Why a tenant is not let in. */
export type AdmissionDenial = "unknown-tenant" | "tenant-suspended" | "tenant-offboarded";

/** The outcome of checking a tenant against the registry. */
export type Admission =
    | { readonly admitted: true; readonly entry: TenantRegistryEntry }
    | { readonly admitted: false; readonly reason: AdmissionDenial; readonly entry?: RegistryRecord };

/** A registry item that does not have the registry entry's shape (a bug in whoever wrote it). */
export class InvalidRegistryEntryError extends Error {
    override readonly name = "InvalidRegistryEntryError";
    constructor(
        readonly tenantId: string,
        readonly problem: string,
    ) {
        super(`registry entry of tenant "${tenantId}" is invalid: ${problem}`);
    }
}

const REQUIRED_STRINGS = ["createdAt", "apiKeyId", "functionName", "tableName"] as const;
const OPTIONAL_STRINGS = ["kmsKeyArn", "siloAccountId", "siloDataRoleArn"] as const;

/**
 * Checks the tombstone an offboarded tenant left: only what makes it a tombstone and what says
 * which tier it was; the rest (what was retained, the purge) is the lifecycle's record.
 */
function parseTombstone(
    item: Readonly<Record<string, unknown>>,
    fail: (problem: string) => never,
): TenantTombstone {
    if (typeof item.createdAt !== "string" || item.createdAt === "")
        fail("createdAt must be a non-empty string");
    if (typeof item.retained !== "object" || item.retained === null)
        fail("a tombstone must say what was retained");
    return Object.freeze({ ...item }) as unknown as TenantTombstone;
}

/** Checks a registry item read for `tenantId` and returns it as an entry or a tombstone. */
export function parseRegistryEntry(
    tenantId: TenantId,
    item: Readonly<Record<string, unknown>>,
): RegistryRecord {
    const fail = (problem: string): never => {
        throw new InvalidRegistryEntryError(tenantId, problem);
    };
    if (item.tenantId !== tenantId) fail(`its tenantId is ${JSON.stringify(item.tenantId)}`);
    if (!isTierName(item.tier)) fail(`tier ${JSON.stringify(item.tier)} is not pooled or premium`);
    if (isTombstone(item)) return parseTombstone(item, fail);
    if (!(TENANT_STATUSES as readonly unknown[]).includes(item.status)) {
        fail(`status ${JSON.stringify(item.status)} is not one of ${TENANT_STATUSES.join(", ")}`);
    }
    for (const key of REQUIRED_STRINGS) {
        if (typeof item[key] !== "string" || item[key] === "") fail(`${key} must be a non-empty string`);
    }
    for (const key of OPTIONAL_STRINGS) {
        if (item[key] !== undefined && typeof item[key] !== "string")
            fail(`${key} must be a string when set`);
    }
    return Object.freeze({ ...item }) as unknown as TenantRegistryEntry;
}

const DENIALS: Readonly<Record<Exclude<TenantStatus, "active">, AdmissionDenial>> = {
    suspended: "tenant-suspended",
    offboarded: "tenant-offboarded",
};

/** Registry reads with a short per-environment cache (absent tenants are cached too). */
export class TenantRegistry {
    readonly #cache: TtlCache<RegistryRecord | undefined>;

    constructor(
        private readonly documents: DynamoDBDocumentClient,
        private readonly tableName: string,
        cacheSeconds = REGISTRY_CACHE_SECONDS,
    ) {
        this.#cache = new TtlCache(cacheSeconds * 1000);
    }

    /** The tenant's entry or tombstone, or `undefined` when the registry has none. */
    async lookup(tenantId: TenantId): Promise<RegistryRecord | undefined> {
        return this.#cache.get(tenantId, async () => {
            const result = await this.documents.send(
                // Strongly consistent: once the cache expires, a suspension is seen at once.
                new GetCommand({ TableName: this.tableName, Key: { tenantId }, ConsistentRead: true }),
            );
            return result.Item === undefined ? undefined : parseRegistryEntry(tenantId, result.Item);
        });
    }

    /** Whether the tenant may be served: only `active` tenants are; a tombstone never is. */
    async admission(tenantId: string): Promise<Admission> {
        if (!isTenantId(tenantId)) return { admitted: false, reason: "unknown-tenant" };
        const entry = await this.lookup(tenantId);
        if (entry === undefined) return { admitted: false, reason: "unknown-tenant" };
        if (isTombstone(entry)) return { admitted: false, reason: "tenant-offboarded", entry };
        if (entry.status === "active") return { admitted: true, entry };
        return { admitted: false, reason: DENIALS[entry.status], entry };
    }
}
