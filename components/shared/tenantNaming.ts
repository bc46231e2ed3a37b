/**
 * Physical names of tenant resources that are part of a contract: the platform's tenant access
 * policy matches them by pattern (so it never lists tenants), operators and runbooks find them by
 * name. Each is derived from the environment and the tenant id, within the AWS length limits for
 * the longest environment (10) and tenant id (32).
 */
import { platformPrefix } from "./naming";

/** The Pulumi project of tenant stacks (one stack per tenant and environment). */
export const TENANT_PROJECT = "tenant-tiers-tenants";

/** The platform project, as tenant stacks reference it. */
export const PLATFORM_PROJECT = "tenant-tiers";

/** Tenant stack name: `<environment>-<tenantId>`. */
export function tenantStackName(environment: string, tenantId: string): string {
    return `${environment}-${tenantId}`;
}

/** The platform stack a tenant stack reads: `<organization>/tenant-tiers/<environment>`. */
export function platformStackReference(organization: string, environment: string): string {
    return `${organization}/${PLATFORM_PROJECT}/${environment}`;
}

/** Prefix of a tenant's own physical names: `tenant-tiers-<env>-<tenantId>` (at most 56 characters). */
export function tenantPrefix(environment: string, tenantId: string): string {
    return `${platformPrefix(environment)}-${tenantId}`;
}

/** Short name of a premium tenant's function (its log group is `/aws/lambda/tenant-tiers-<env>-premium-<id>`). */
export function premiumFunctionName(tenantId: string): string {
    return `premium-${tenantId}`;
}

/** Log group pattern of every premium function of an environment (their shared execution role writes there). */
export function premiumLogGroupPattern(environment: string): string {
    return `/aws/lambda/${platformPrefix(environment)}-${premiumFunctionName("*")}`;
}

/** A premium tenant's table: `tenant-tiers-<env>-premium-<tenantId>` (at most 64 of DynamoDB's 255). */
export function premiumTableName(environment: string, tenantId: string): string {
    return `${platformPrefix(environment)}-premium-${tenantId}`;
}

/**
 * Bucket-name prefix of tenants' own buckets (at most 32 of the 37 characters Pulumi allows a
 * prefix; the random suffix keeps the global name unique). The tenant is in the bucket's tags, and
 * the bucket's own policy grants the tenant's prefix, so nothing needs to match the name.
 */
export function premiumBucketPrefix(environment: string): string {
    return `${platformPrefix(environment)}-premium-`;
}

/** Alias of a tenant's own KMS key: `alias/tenant-tiers-<env>-<tenantId>`. */
export function tenantKeyAlias(environment: string, tenantId: string): string {
    return `alias/${tenantPrefix(environment, tenantId)}`;
}

/** The data role in a silo account: `tenant-tiers-<env>-silo-<tenantId>` (at most 61 of IAM's 64). */
export function siloDataRoleName(environment: string, tenantId: string): string {
    return `${platformPrefix(environment)}-silo-${tenantId}`;
}

/** STS session name of deployments into a silo account (`[\w+=,.@-]`, at most 56 of 64). */
export function siloDeploySessionName(environment: string, tenantId: string): string {
    return tenantPrefix(environment, tenantId);
}

/**
 * The permissions boundary of a silo account (one per account, created by the bootstrap stack):
 * attached to the bootstrap role and required on every role it creates.
 */
export const SILO_BOUNDARY_POLICY_NAME = "tenant-tiers-silo-boundary";

/** ARN of the silo account's permissions boundary. */
export function siloBoundaryArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:policy/${SILO_BOUNDARY_POLICY_NAME}`;
}

/** Name pattern of the roles a silo's bootstrap role may create: the silo data roles of every environment. */
export const SILO_ROLE_PATTERN = "tenant-tiers-*-silo-*";
