import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { BucketPublicAccessBlock, DynamoTable, KmsKey } from "../lib/awsTypes";
import { configOf, stringList } from "../lib/config";
import { resourceLabel, shown } from "../lib/resource";
import { effectiveTags, PLATFORM_TENANT_ID, TAG_KEYS, TENANT_TIERS } from "../lib/tags";

export interface TenantDataProtectedConfig {
    /** `Tier` values that mark a table as holding tenant data (any TenantId but platform does too). */
    readonly tenantTiers: string[];
}

export const TENANT_DATA_PROTECTED_DEFAULTS: TenantDataProtectedConfig = Object.freeze({
    tenantTiers: [...TENANT_TIERS],
});

const PUBLIC_ACCESS_SETTINGS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

/** Rotation is a symmetric-key feature; asymmetric and HMAC keys cannot rotate. */
function isSymmetric(spec: unknown): boolean {
    return spec === undefined || spec === null || spec === "SYMMETRIC_DEFAULT";
}

export const tenantDataProtected: ResourceValidationPolicy = {
    name: "tenant-data-protected",
    description:
        "Tenant tables have point-in-time recovery and deletion protection, bucket public access blocks turn on all four settings, and symmetric KMS keys rotate.",
    remediationSteps:
        "Tables: pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true. Buckets: an s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true. KMS keys: enableKeyRotation: true.",
    configSchema: {
        properties: {
            tenantTiers: stringList(
                "Tier tag values of tables that hold tenant data",
                TENANT_DATA_PROTECTED_DEFAULTS.tenantTiers,
            ),
        },
    },
    validateResource: [
        validateResourceOfType(DynamoTable, (table, args, reportViolation) => {
            const config = configOf(args, TENANT_DATA_PROTECTED_DEFAULTS);
            const tags = effectiveTags(args.props, args.provider);
            const tier = tags[TAG_KEYS.tier];
            const tenant = tags[TAG_KEYS.tenantId];
            const tenantTier = typeof tier === "string" && config.tenantTiers.includes(tier);
            const tenantOwned = typeof tenant === "string" && tenant !== PLATFORM_TENANT_ID;
            if (!tenantTier && !tenantOwned) return;
            const why = tenantOwned ? `TenantId "${String(tenant)}"` : `Tier "${String(tier)}"`;
            const pitr = table.pointInTimeRecovery?.enabled;
            if (pitr !== true) {
                reportViolation(
                    `${resourceLabel(args)} holds tenant data (${why}) but has pointInTimeRecovery.enabled ${shown(pitr)}, and tenant tables need point-in-time recovery.`,
                );
            }
            if (table.deletionProtectionEnabled !== true) {
                reportViolation(
                    `${resourceLabel(args)} holds tenant data (${why}) but has deletionProtectionEnabled ${shown(table.deletionProtectionEnabled)}, and tenant tables need deletion protection.`,
                );
            }
        }),
        validateResourceOfType(BucketPublicAccessBlock, (block, args, reportViolation) => {
            const open = PUBLIC_ACCESS_SETTINGS.filter((setting) => block[setting] !== true);
            if (open.length > 0) {
                const values = open.map((setting) => `${setting} ${shown(block[setting])}`).join(", ");
                reportViolation(
                    `${resourceLabel(args)} has ${values}, but a bucket's public access block must turn on all four settings.`,
                );
            }
        }),
        validateResourceOfType(KmsKey, (key, args, reportViolation) => {
            if (!isSymmetric(key.customerMasterKeySpec)) return;
            if (key.enableKeyRotation !== true) {
                reportViolation(
                    `${resourceLabel(args)} has enableKeyRotation ${shown(key.enableKeyRotation)}, but symmetric KMS keys must rotate.`,
                );
            }
        }),
    ],
};
