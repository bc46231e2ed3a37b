import { type PolicyDocument, policyDocument } from "./document";
import { notReservedTenant } from "./reservedTags";

/** The only session tag the tenant access role accepts, and the only transitive one. */
export const TENANT_SESSION_TAG_KEYS: readonly string[] = Object.freeze(["TenantId"]);

export interface TenantAccessTrustArgs {
    /** Execution roles of the functions that serve tenants. */
    readonly trustedRoleArns: readonly string[];
    /**
     * The operator or worker role that moves a tenant's data into or out of its silo account
     * (change-tier). It gets onto the runtime's chain under the same conditions as a function: a
     * session tagged with one tenant, that tag only. Unset: only the functions are trusted.
     */
    readonly migrationRoleArn?: string;
}

/** The conditions every session of the tenant access role is created under. */
function tenantTagConditions() {
    return {
        Null: { "aws:RequestTag/TenantId": "false" },
        "ForAllValues:StringEquals": {
            "aws:TagKeys": [...TENANT_SESSION_TAG_KEYS],
            "sts:TransitiveTagKeys": [...TENANT_SESSION_TAG_KEYS],
        },
        ...notReservedTenant("aws:RequestTag/TenantId"),
    };
}

/**
 * Trust policy of the tenant access role: only the named execution roles (and the migration role,
 * when configured), only with a `TenantId` session tag, and no other tag keys (so a caller cannot
 * smuggle in a second tenant-ish tag), and never a reserved id as its value. The migration role's
 * session is therefore a tenant session like a function's: one tenant's partition, prefix, keys and
 * silo data role, nothing of any other tenant.
 */
export function tenantAccessTrust(args: TenantAccessTrustArgs): PolicyDocument {
    if (args.trustedRoleArns.length === 0) {
        throw new Error("tenant access trust needs at least one trusted execution role ARN");
    }
    const functions = {
        Sid: "TenantFunctionsWithTenantTag",
        Effect: "Allow" as const,
        Principal: { AWS: [...args.trustedRoleArns] },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: tenantTagConditions(),
    };
    if (args.migrationRoleArn === undefined) return policyDocument(functions);
    return policyDocument(functions, {
        Sid: "TenantMigrationWithTenantTag",
        Effect: "Allow",
        Principal: { AWS: args.migrationRoleArn },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: tenantTagConditions(),
    });
}
