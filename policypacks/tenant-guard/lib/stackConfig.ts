/**
 * The settings every stack policy shares: how the stack analysis recognises tenant data, tenant
 * functions, the stack's own accounts and the stack's tenant. Each stack policy declares them in
 * its own `configSchema` (the engine configures policies one by one) and defaults them in code.
 */
import { stringList } from "./config";

export interface StackAnalysisConfig {
    /** The tag (resource and principal) that names the tenant. */
    readonly tenantTagKey: string;
    /** The attribute that is the partition key of tenant tables. */
    readonly tenantAttribute: string;
    /** Environment variables of the tenant runtime's contract (`runtime/env.ts`): a function with any of them serves tenants. */
    readonly tenantEnvKeys: string[];
    /** Globs on bucket names that hold tenant data, besides those the analysis finds. */
    readonly tenantBucketPatterns: string[];
    /** Globs on key ARNs or key ids that protect tenant data, besides those the analysis finds. */
    readonly tenantKeyPatterns: string[];
    /** The accounts the stack may trust; empty: the accounts the stack's own resources live in. */
    readonly trustedAccountIds: string[];
    /** The stack's tenant; empty: read from the stack name and the resources' tenant tags. */
    readonly stackTenant: string;
    /** ARN globs of platform principals (migration, backup) that may reach tenant data without the ABAC pattern. */
    readonly platformPrincipals: string[];
}

/** The roles the platform stack creates for its authorizer and ingestion router (components/platform/). */
export const PLATFORM_PRINCIPALS: readonly string[] = Object.freeze([
    "arn:aws:iam::*:role/platform-authorizer-role*",
    "arn:aws:iam::*:role/platform-ingestion-router-role*",
]);

export const STACK_ANALYSIS_DEFAULTS: StackAnalysisConfig = Object.freeze({
    tenantTagKey: "TenantId",
    tenantAttribute: "tenantId",
    tenantEnvKeys: ["TENANT_ACCESS_ROLE_ARN", "TENANT_DATA_TABLE", "TENANT_BUCKET", "TENANT_TIER"],
    tenantBucketPatterns: [],
    tenantKeyPatterns: [],
    trustedAccountIds: [],
    stackTenant: "",
    // The platform's own readers of the tenant registry (keyed by tenant), in the stack's own
    // accounts only (isNamedPrincipal): the pack's defaults, set by whoever configures the pack,
    // never by a tag a resource gives itself. docs/policy-pack.md says why.
    platformPrincipals: [...PLATFORM_PRINCIPALS],
});

/** The JSON-schema properties of `StackAnalysisConfig`, with their defaults. */
export function stackAnalysisSchema() {
    const d = STACK_ANALYSIS_DEFAULTS;
    return {
        tenantTagKey: { type: "string" as const, default: d.tenantTagKey, description: "The tenant tag key" },
        tenantAttribute: {
            type: "string" as const,
            default: d.tenantAttribute,
            description: "The partition key attribute of tenant tables",
        },
        tenantEnvKeys: stringList("Environment variables that mark a tenant function", d.tenantEnvKeys),
        tenantBucketPatterns: stringList("Globs on bucket names holding tenant data", d.tenantBucketPatterns),
        tenantKeyPatterns: stringList(
            "Globs on KMS key ARNs or ids protecting tenant data",
            d.tenantKeyPatterns,
        ),
        trustedAccountIds: stringList(
            "Accounts the stack may trust (empty: the accounts its own resources live in)",
            d.trustedAccountIds,
        ),
        stackTenant: {
            type: "string" as const,
            default: d.stackTenant,
            description: "The stack's tenant (empty: from the stack name and tenant tags)",
        },
        platformPrincipals: stringList(
            "ARN globs of platform principals (migration, backup) that may reach tenant data",
            d.platformPrincipals,
        ),
    };
}
