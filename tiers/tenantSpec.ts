/**
 * The tenant spec: everything a tenant stack is built from, validated once at the edge (stack
 * config, CLI, library) with the same rules everywhere. A spec that passes here is one no AWS
 * name, policy variable or session tag can misread.
 */
import { tierSpec } from "./index";
import { TENANT_STATUSES, type TenantStatus } from "./registry";
import { type TenantId, tenantIdProblem } from "./tenantId";
import { isTierName, TIER_NAMES, type TierName } from "./tier";

/** The role a silo account must hold for tenant stacks to deploy into it (see docs/silo-accounts.md). */
export const DEFAULT_BOOTSTRAP_ROLE_NAME = "tenant-tiers-bootstrap";

/** Where a premium tenant's data lives when it has an AWS account of its own. */
export interface SiloSpec {
    /** The tenant's member account (12 digits). */
    readonly accountId: string;
    /** The AWS Organizations id the silo account and the platform account both belong to. */
    readonly organizationId: string;
    /** Role in the silo account that tenant stacks assume to deploy. @default "tenant-tiers-bootstrap" */
    readonly bootstrapRoleName: string;
}

/** A validated tenant spec. Build it with {@link parseTenantSpec}, never by hand. */
export interface TenantSpec {
    readonly tenantId: TenantId;
    readonly tier: TierName;
    /** The platform environment the tenant lives in (`dev`, `staging`, `prod`). */
    readonly environment: string;
    /** The tenant's first administrator; becomes a Cognito user with `custom:tenantId`. */
    readonly adminEmail: string;
    /**
     * Signup time (ISO-8601 UTC). Part of the spec, not computed by the program, so every update
     * writes the same registry entry.
     */
    readonly createdAt: string;
    /** @default "active" */
    readonly status: TenantStatus;
    /** Premium only: the tenant's own AWS account. */
    readonly silo: SiloSpec | undefined;
}

/** One invalid or missing field. */
export interface TenantSpecProblem {
    readonly field: string;
    readonly value: unknown;
    readonly message: string;
}

/** Thrown for a spec that breaks a rule; lists every problem, each naming the field, the value and the rule. */
export class InvalidTenantSpecError extends Error {
    override readonly name = "InvalidTenantSpecError";
    constructor(readonly problems: readonly TenantSpecProblem[]) {
        super(
            `tenant spec is invalid:\n${problems
                .map(
                    (p) =>
                        `  - ${p.field} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.message}`,
                )
                .join("\n")}`,
        );
    }
}

const SPEC_FIELDS = ["tenantId", "tier", "environment", "adminEmail", "createdAt", "status", "silo"] as const;
const SILO_FIELDS = ["accountId", "organizationId", "bootstrapRoleName"] as const;

const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const ACCOUNT_ID = /^\d{12}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The rules, in the words every message uses. */
export const TENANT_SPEC_RULES = Object.freeze({
    tier: `expected one of ${TIER_NAMES.join(", ")}`,
    environment: "expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)",
    adminEmail: "expected an email address such as admin@example.com (at most 254 characters)",
    createdAt:
        "expected the signup time as ISO-8601 UTC such as 2026-01-31T12:00:00Z; keep it in the tenant stack's config so updates do not change it",
    status: `expected one of ${TENANT_STATUSES.join(", ")}`,
    silo: "expected an object with accountId, organizationId and optionally bootstrapRoleName",
    siloTier:
        "this tier does not allow a silo account (a premium option): set tier to premium or remove silo",
    accountId: "expected a 12-digit AWS account id",
    organizationId: "expected an AWS Organizations id such as o-a1b2c3d4e5",
    bootstrapRoleName: "expected an IAM role name: 1-64 letters, digits or +=,.@_-",
});

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUtcTime(value: unknown): value is string {
    if (typeof value !== "string" || !ISO_UTC.test(value)) return false;
    const time = Date.parse(value);
    // Date.parse rolls 2026-02-30 over to March: only a time that survives the round trip is real.
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}

function unknownKeys(
    prefix: string,
    value: Record<string, unknown>,
    known: readonly string[],
): TenantSpecProblem[] {
    return Object.keys(value)
        .filter((key) => !known.includes(key))
        .map((key) => ({
            field: `${prefix}${key}`,
            value: value[key],
            message: `unknown field; known fields: ${known.join(", ")}`,
        }));
}

function parseSilo(value: unknown, problems: TenantSpecProblem[]): SiloSpec | undefined {
    if (!isRecord(value)) {
        problems.push({ field: "silo", value, message: TENANT_SPEC_RULES.silo });
        return undefined;
    }
    problems.push(...unknownKeys("silo.", value, SILO_FIELDS));
    const { accountId, organizationId } = value;
    const bootstrapRoleName = value.bootstrapRoleName ?? DEFAULT_BOOTSTRAP_ROLE_NAME;
    const checks: [string, unknown, RegExp, string][] = [
        ["accountId", accountId, ACCOUNT_ID, TENANT_SPEC_RULES.accountId],
        ["organizationId", organizationId, ORGANIZATION_ID, TENANT_SPEC_RULES.organizationId],
        ["bootstrapRoleName", bootstrapRoleName, ROLE_NAME, TENANT_SPEC_RULES.bootstrapRoleName],
    ];
    for (const [field, fieldValue, pattern, message] of checks) {
        if (typeof fieldValue !== "string" || !pattern.test(fieldValue)) {
            problems.push({ field: `silo.${field}`, value: fieldValue, message });
        }
    }
    return { accountId, organizationId, bootstrapRoleName } as SiloSpec;
}

/**
 * Validates a tenant spec (from stack config, the CLI or a library call) and returns it frozen.
 * Throws {@link InvalidTenantSpecError} listing every problem; nothing is created from a bad spec.
 */
export function parseTenantSpec(input: unknown): TenantSpec {
    if (!isRecord(input)) {
        throw new InvalidTenantSpecError([
            {
                field: "(spec)",
                value: input,
                message: "expected an object with tenantId, tier, environment, adminEmail and createdAt",
            },
        ]);
    }
    const problems: TenantSpecProblem[] = unknownKeys("", input, SPEC_FIELDS);
    const { tenantId, tier, environment, adminEmail, createdAt } = input;
    const status = input.status ?? "active";

    const idProblem = tenantIdProblem(tenantId);
    if (idProblem !== undefined) problems.push({ field: "tenantId", value: tenantId, message: idProblem });
    if (!isTierName(tier)) problems.push({ field: "tier", value: tier, message: TENANT_SPEC_RULES.tier });
    if (typeof environment !== "string" || !ENVIRONMENT.test(environment)) {
        problems.push({ field: "environment", value: environment, message: TENANT_SPEC_RULES.environment });
    }
    if (typeof adminEmail !== "string" || adminEmail.length > 254 || !EMAIL.test(adminEmail)) {
        problems.push({ field: "adminEmail", value: adminEmail, message: TENANT_SPEC_RULES.adminEmail });
    }
    if (!isUtcTime(createdAt)) {
        problems.push({ field: "createdAt", value: createdAt, message: TENANT_SPEC_RULES.createdAt });
    }
    if (!(TENANT_STATUSES as readonly unknown[]).includes(status)) {
        problems.push({ field: "status", value: status, message: TENANT_SPEC_RULES.status });
    }
    const silo = input.silo === undefined ? undefined : parseSilo(input.silo, problems);
    if (input.silo !== undefined && isTierName(tier) && !tierSpec(tier).siloAllowed) {
        problems.push({ field: "silo", value: input.silo, message: TENANT_SPEC_RULES.siloTier });
    }

    if (problems.length > 0) throw new InvalidTenantSpecError(problems);
    return Object.freeze({
        tenantId: tenantId as TenantId,
        tier: tier as TierName,
        environment: environment as string,
        adminEmail: adminEmail as string,
        createdAt: createdAt as string,
        status: status as TenantStatus,
        silo: silo === undefined ? undefined : Object.freeze(silo),
    });
}
