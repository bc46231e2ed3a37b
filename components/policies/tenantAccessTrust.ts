import { type PolicyDocument, policyDocument } from "./document";
import { notReservedTenant } from "./reservedTags";

/** The only session tag the tenant access role accepts, and the only transitive one. */
export const TENANT_SESSION_TAG_KEYS: readonly string[] = Object.freeze(["TenantId"]);

export interface TenantAccessTrustArgs {
    /** Execution roles of the functions that serve tenants. */
    readonly trustedRoleArns: readonly string[];
}

/**
 * Trust policy of the tenant access role: only the named execution roles, only with a `TenantId`
 * session tag, and no other tag keys (so a caller cannot smuggle in a second tenant-ish tag), and
 * never a reserved id as its value.
 */
export function tenantAccessTrust(args: TenantAccessTrustArgs): PolicyDocument {
    if (args.trustedRoleArns.length === 0) {
        throw new Error("tenant access trust needs at least one trusted execution role ARN");
    }
    return policyDocument({
        Sid: "TenantFunctionsWithTenantTag",
        Effect: "Allow",
        Principal: { AWS: [...args.trustedRoleArns] },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            Null: { "aws:RequestTag/TenantId": "false" },
            "ForAllValues:StringEquals": {
                "aws:TagKeys": [...TENANT_SESSION_TAG_KEYS],
                "sts:TransitiveTagKeys": [...TENANT_SESSION_TAG_KEYS],
            },
            ...notReservedTenant("aws:RequestTag/TenantId"),
        },
    });
}
