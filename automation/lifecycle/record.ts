/**
 * The lifecycle's progress record and the tenant spec, kept in the tenant stack's own config so a
 * re-run, from any machine that sees the stack, knows what is done:
 *
 * - `tenant-tiers-tenants:spec`: the tenant spec the stack was last deployed (or is being
 *   deployed) with, as JSON.
 * - `tenant-tiers-tenants:lifecycle`: the last operation, the step it reached and the records of
 *   the steps that keep their own (silo vending, data migration, offboarding backup), as JSON.
 *
 * The record is written before each step starts and after it ends, so a crash anywhere leaves a
 * record from which the same command finishes the job.
 */
import { z } from "zod";
import { TENANT_PROJECT } from "../../components/shared/tenantNaming";
import type { PurgeRecord, SiloData, TenantTombstone } from "../../tiers/registry";
import { InvalidTenantSpecError, parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import { TIER_NAMES, type TierName } from "../../tiers/tier";
import type { MigrationRecord } from "../migration/migrate";
import type { ObjectMoveRecord } from "../objectMove/move";
import type { VendingRecord } from "../vending/vend";
import { LifecycleStateError } from "./errors";
import { LIFECYCLE_OPERATIONS, type LifecycleOperation, OPERATION_STEPS } from "./operation";

/** A silo account and the data role its chain ends in (`SiloData`). */
const SILO_SIDE = z.object({ accountId: z.string(), dataRoleArn: z.string() });

/** Config key of the tenant spec. */
export const SPEC_CONFIG_KEY = `${TENANT_PROJECT}:spec`;
/** Config key of the progress record. */
export const LIFECYCLE_CONFIG_KEY = `${TENANT_PROJECT}:lifecycle`;
/** The AWS provider's region, set on every tenant stack. */
export const REGION_CONFIG_KEY = "aws:region";

export {
    LIFECYCLE_OPERATIONS,
    type LifecycleOperation,
    OPERATION_STEPS,
    type OperationStep,
} from "./operation";

/** Where an offboarded tenant's data was saved. */
export type BackupRecord =
    | {
          /** Premium: an on-demand DynamoDB backup of the tenant's table. */
          readonly kind: "dynamodb-backup";
          readonly tableName: string;
          readonly backupName: string;
          readonly backupArn: string;
      }
    | {
          /** Pooled: the tenant's partition (JSON lines) and objects, exported to a directory or S3. */
          readonly kind: "export";
          readonly location: string;
          readonly items: number;
          readonly objects: number;
          /** SHA-256 of the partition (the migration's order-independent checksum). */
          readonly checksum: string;
      };

/** The tenant's data stores, read from the stack outputs before the stack is destroyed. */
export interface TenantDataStores {
    readonly tableName: string;
    readonly bucketName: string;
    /** Premium: the tenant's KMS key. */
    readonly kmsKeyArn?: string;
    /** A silo tenant: where the stores are, and the data role its chain ends in. */
    readonly silo?: SiloData;
}

/** The bootstrap of a silo account: written before its stack's `up` (`started`) and after (`done`). */
export interface BootstrapRecord {
    readonly state: "started" | "done";
    readonly accountId: string;
    /** The bootstrap stack (project `tenant-tiers-silo-bootstrap`). */
    readonly stackName: string;
    /** The role the bootstrap stack's provider assumes (the organization's access role). */
    readonly accessRoleName: string;
    /** The role it creates, which tenant stacks assume. */
    readonly roleName: string;
    /** The one principal that role trusts. */
    readonly deployerArn: string;
    /** `done`: the role and boundary as the stack output them. */
    readonly roleArn?: string;
    readonly boundaryArn?: string;
}

export interface LifecycleRecord {
    readonly operation: LifecycleOperation;
    /** The step under way, or `done`. */
    readonly step: string;
    readonly startedAt: string;
    readonly updatedAt: string;
    /** change-tier: the tier the tenant had and the one it gets. */
    readonly fromTier?: TierName;
    readonly toTier?: TierName;
    /** signup: the silo account, once vended or checked (recorded before anything is deployed into it). */
    readonly silo?: { readonly accountId: string; readonly organizationId: string };
    /** signup with `--silo create`: account vending's own record. */
    readonly vending?: VendingRecord;
    /** signup with `--silo create` or `--silo-account <id> --bootstrap`: the silo account's bootstrap stack. */
    readonly bootstrap?: BootstrapRecord;
    /** change-tier: the tables the partition moves between, and the migration's own record. */
    readonly tables?: { readonly sourceTable: string; readonly targetTable: string };
    readonly migration?: MigrationRecord;
    /** change-tier: the buckets the tenant's objects move between, the target's key, and the move's record. */
    readonly buckets?: {
        readonly sourceBucket: string;
        readonly targetBucket: string;
        readonly targetKmsKeyId: string;
    };
    readonly objects?: ObjectMoveRecord;
    /**
     * change-tier: the source bucket (read before the first `up` changes the stack) and the silo
     * account on either side of the move, with the data role the move's role chain ends in.
     */
    readonly placement?: {
        readonly sourceBucket: string;
        readonly source?: { readonly accountId: string; readonly dataRoleArn: string };
        readonly target?: { readonly accountId: string; readonly dataRoleArn: string };
    };
    /** offboard: the stores, whether data is purged, and the backup. */
    readonly data?: TenantDataStores;
    readonly purge?: boolean;
    readonly backup?: BackupRecord;
    /** offboard `--purge`: what the verified purge deleted, written into the tombstone. */
    readonly purged?: PurgeRecord;
    /** signup `--reuse-purged-id`: the tombstone of the id's previous tenant, released for this one. */
    readonly previousTenant?: TenantTombstone;
    /** The last failure of this operation (cleared when a step succeeds). */
    readonly lastError?: string;
}

const tier = z.enum(TIER_NAMES);
const recordSchema = z.object({
    operation: z.enum(LIFECYCLE_OPERATIONS as [LifecycleOperation, ...LifecycleOperation[]]),
    step: z.string(),
    startedAt: z.string(),
    updatedAt: z.string(),
    fromTier: tier.optional(),
    toTier: tier.optional(),
    silo: z.object({ accountId: z.string(), organizationId: z.string() }).optional(),
    vending: z.looseObject({ state: z.string(), tenantId: z.string() }).optional(),
    bootstrap: z
        .object({
            state: z.enum(["started", "done"]),
            accountId: z.string(),
            stackName: z.string(),
            accessRoleName: z.string(),
            roleName: z.string(),
            deployerArn: z.string(),
            roleArn: z.string().optional(),
            boundaryArn: z.string().optional(),
        })
        .optional(),
    tables: z.object({ sourceTable: z.string(), targetTable: z.string() }).optional(),
    migration: z.looseObject({ step: z.string(), tenantId: z.string() }).optional(),
    buckets: z
        .object({ sourceBucket: z.string(), targetBucket: z.string(), targetKmsKeyId: z.string() })
        .optional(),
    objects: z.looseObject({ step: z.string(), tenantId: z.string() }).optional(),
    placement: z
        .object({
            sourceBucket: z.string(),
            source: SILO_SIDE.optional(),
            target: SILO_SIDE.optional(),
        })
        .optional(),
    data: z
        .object({
            tableName: z.string(),
            bucketName: z.string(),
            kmsKeyArn: z.string().optional(),
            silo: SILO_SIDE.optional(),
        })
        .optional(),
    purged: z.looseObject({ verifiedAt: z.string() }).optional(),
    previousTenant: z.looseObject({ tenantId: z.string(), offboardedAt: z.string() }).optional(),
    purge: z.boolean().optional(),
    backup: z
        .union([
            z.object({
                kind: z.literal("dynamodb-backup"),
                tableName: z.string(),
                backupName: z.string(),
                backupArn: z.string(),
            }),
            z.object({
                kind: z.literal("export"),
                location: z.string(),
                items: z.number(),
                objects: z.number(),
                checksum: z.string(),
            }),
        ])
        .optional(),
    lastError: z.string().optional(),
});

/** True when `record` is finished (the next operation may start). */
export function isFinished(record: LifecycleRecord | undefined): boolean {
    return record === undefined || record.step === "done";
}

/** What a tenant stack's config says about the tenant. */
export interface TenantState {
    readonly spec: TenantSpec | undefined;
    readonly record: LifecycleRecord | undefined;
}

/** Reads the spec and the record from a stack's config; refuses values it cannot trust. */
export function tenantStateFromConfig(
    stackName: string,
    config: Readonly<Record<string, string>>,
): TenantState {
    const rawSpec = config[SPEC_CONFIG_KEY];
    const rawRecord = config[LIFECYCLE_CONFIG_KEY];
    return {
        spec: rawSpec === undefined ? undefined : parseStoredSpec(stackName, rawSpec),
        record: rawRecord === undefined ? undefined : parseStoredRecord(stackName, rawRecord),
    };
}

function parseJson(stackName: string, key: string, raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        throw new LifecycleStateError(
            `config ${key} of stack ${stackName} is not JSON (${JSON.stringify(raw.slice(0, 80))}): ` +
                `restore it (pulumi config refresh --stack ${stackName}) or remove it; nothing was changed`,
        );
    }
}

function parseStoredSpec(stackName: string, raw: string): TenantSpec {
    try {
        return parseTenantSpec(parseJson(stackName, SPEC_CONFIG_KEY, raw));
    } catch (error) {
        if (!(error instanceof InvalidTenantSpecError)) throw error;
        throw new LifecycleStateError(
            `config ${SPEC_CONFIG_KEY} of stack ${stackName} holds an invalid spec (${error.message.replace(/\n\s*/g, " ")}): ` +
                `correct it with pulumi config set; nothing was changed`,
            { cause: error },
        );
    }
}

function parseStoredRecord(stackName: string, raw: string): LifecycleRecord {
    const parsed = recordSchema.safeParse(parseJson(stackName, LIFECYCLE_CONFIG_KEY, raw));
    const steps: readonly string[] = parsed.success ? OPERATION_STEPS[parsed.data.operation] : [];
    if (!parsed.success || !steps.includes(parsed.data.step)) {
        const issue = parsed.success
            ? `step "${parsed.data.step}" is not one of ${steps.join(", ")}`
            : parsed.error.issues.map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`).join("; ");
        throw new LifecycleStateError(
            `config ${LIFECYCLE_CONFIG_KEY} of stack ${stackName} is not a lifecycle record (${issue}): ` +
                `restore it (pulumi config refresh --stack ${stackName}) or remove it; nothing was changed`,
        );
    }
    // The nested vending and migration records are checked by their own modules when resumed.
    return parsed.data as LifecycleRecord;
}

/** The spec as stored in config: stable key order, no undefined fields. */
export function specConfigValue(spec: TenantSpec): string {
    const { tenantId, tier: t, environment, adminEmail, createdAt, status, silo } = spec;
    return JSON.stringify({
        tenantId,
        tier: t,
        environment,
        adminEmail,
        createdAt,
        status,
        ...(silo === undefined ? {} : { silo }),
    });
}

/** The record as stored in config, without undefined fields. */
export function recordConfigValue(record: LifecycleRecord): string {
    return JSON.stringify(record);
}
