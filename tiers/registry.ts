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
