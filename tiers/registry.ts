/**
 * The tenant registry entry: one DynamoDB item per tenant in the platform's registry table, keyed
 * by `tenantId`. Tenant stacks write it; the authorizer and the router read it. This module is the
 * one definition of its shape, shared by the infrastructure and the Lambda runtime.
 */
import type { TierName } from "./tier";

/** Lifecycle states. Only `active` tenants are let through the authorizer. */
export const TENANT_STATUSES = ["active", "suspended", "offboarded"] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export interface TenantRegistryEntry {
    /** Partition key: the validated tenant id. */
    readonly tenantId: string;
    readonly tier: TierName;
    readonly status: TenantStatus;
    /** ISO-8601 creation time. */
    readonly createdAt: string;
    /** The tenant's API Gateway API key id; the authorizer resolves its value for `usageIdentifierKey`. */
    readonly apiKeyId: string;
    /** Name of the function serving the tenant (the pooled function, or a premium tenant's own). */
    readonly functionName: string;
    /** Name of the table holding the tenant's items (the pooled table, or a premium tenant's own). */
    readonly tableName: string;
    /** The premium tenant's KMS key ARN; its S3 objects are written with it. */
    readonly kmsKeyArn?: string;
    /** The silo account of a premium tenant placed in an account of its own. */
    readonly siloAccountId?: string;
    /** The role the runtime assumes (second hop) to reach a silo tenant's data. */
    readonly siloDataRoleArn?: string;
}

/** Where an offboarded tenant's data was left when its stack was destroyed. */
/** A silo tenant's account and the data role its role chain ends in (retained by the stack). */
export interface SiloData {
    readonly accountId: string;
    readonly dataRoleArn: string;
}

export interface RetainedData {
    /** The table that held its items: the pooled table (its partition) or its own premium table. */
    readonly tableName: string;
    /** The bucket that held its objects: the shared bucket (its `<id>/` prefix) or its own. */
    readonly bucketName: string;
    /** A premium tenant's KMS key. */
    readonly kmsKeyArn?: string;
    /** The offboarding backup: a premium table's on-demand backup ARN, or an export's location. */
    readonly backup?: string;
    /** A silo tenant: the stores above are in this account, reached through the tenant's role chain. */
    readonly silo?: SiloData;
}

/** What a verified purge deleted, recorded on the tombstone. */
export interface PurgeRecord {
    /** ISO-8601 time the purge was verified: nothing of the tenant was found any more. */
    readonly verifiedAt: string;
    readonly items: number;
    readonly objectVersions: number;
    /** Tables, buckets and table backups deleted (premium). */
    readonly tables: number;
    readonly buckets: number;
    readonly backups: number;
    /** Cognito users with `custom:tenantId` = the id, deleted. */
    readonly users: number;
    /** A premium tenant's key: scheduled for deletion, gone on `deletionDate` (ISO-8601). */
    readonly key?: { readonly arn: string; readonly deletionDate: string };
}

/**
 * The registry item an offboarded tenant leaves behind, under its id, after its stack and its
 * registry entry are gone: the id stays reserved, and the record says what was retained and
 * whether it was purged. Written by the lifecycle, never by a stack.
 */
export interface TenantTombstone {
    readonly tenantId: string;
    readonly status: "offboarded";
    readonly tier: TierName;
    readonly createdAt: string;
    /** ISO-8601 time the tenant's stack was removed from the platform. */
    readonly offboardedAt: string;
    readonly retained: RetainedData;
    /** Set once every trace of the tenant was deleted and checked gone. */
    readonly purge?: PurgeRecord;
}

/** What the registry holds under a tenant id: a live tenant's entry or a tombstone. */
export type RegistryRecord = TenantRegistryEntry | TenantTombstone;

/** True for the record an offboarded tenant leaves (it has `offboardedAt`, entries never do). */
export function isTombstone(record: object): record is TenantTombstone {
    const { status, offboardedAt } = record as { status?: unknown; offboardedAt?: unknown };
    return status === "offboarded" && typeof offboardedAt === "string";
}
