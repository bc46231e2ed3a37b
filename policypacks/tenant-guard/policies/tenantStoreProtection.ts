import type { StackValidationPolicy } from "@pulumi/policy";
import { objectInput } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label, type StackResource, str, T } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export interface TenantStoreProtectionConfig extends StackAnalysisConfig {
    /** The account-level S3 public access block is managed elsewhere (organisation baseline): buckets need no block of their own. */
    readonly accountPublicAccessBlockManaged: boolean;
}

export const TENANT_STORE_PROTECTION_DEFAULTS: TenantStoreProtectionConfig = Object.freeze({
    ...STACK_ANALYSIS_DEFAULTS,
    accountPublicAccessBlockManaged: false,
});

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];

const BLOCK_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Whether a bucket setting's `bucket` input (the bucket's id, which is its name) names `bucket`. */
function blocks(block: StackResource, bucket: StackResource, names: readonly string[]): boolean {
    const target = str(block.props, "bucket");
    return target !== undefined && (target === str(bucket.props, "id") || names.includes(target));
}

export const tenantStoreProtection: StackValidationPolicy = {
    name: "tenant-store-protection",
    description:
        "Tenant data stores are protected whatever their tags: tenant tables have point-in-time recovery and deletion protection, and every tenant bucket has a public access block with all four settings on.",
    remediationSteps:
        "On the table: pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true. For the bucket: new aws.s3.BucketPublicAccessBlock(name, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }), or set accountPublicAccessBlockManaged when the account-level block is enforced elsewhere.",
    configSchema: {
        properties: {
            ...stackAnalysisSchema(),
            accountPublicAccessBlockManaged: {
                type: "boolean",
                default: TENANT_STORE_PROTECTION_DEFAULTS.accountPublicAccessBlockManaged,
                description: "The account-level S3 public access block is managed elsewhere",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { config, analysis } = stackContext(args, TENANT_STORE_PROTECTION_DEFAULTS);
        const reported = new Set<StackResource>();
        for (const store of analysis.stores) {
            const r = store.resource;
            if (r === undefined || reported.has(r)) continue;
            if (store.kind === "table") {
                const pitr = objectInput(r.props.pointInTimeRecovery)?.enabled === true;
                const protectedFromDelete = r.props.deletionProtectionEnabled === true;
                if (!pitr || !protectedFromDelete) {
                    reportViolation(
                        `tenant-store-protection: ${label(r)} holds tenant data (${store.reason}) but has pointInTimeRecovery.enabled ${JSON.stringify(pitr)} and deletionProtectionEnabled ${JSON.stringify(protectedFromDelete)}, and both must be true.`,
                        r.urn,
                    );
                }
            }
            if (store.kind === "bucket" && !config.accountPublicAccessBlockManaged) {
                const names = analysis.stores.filter((s) => s.resource === r).map((s) => s.name);
                const block = analysis.resources.find(
                    (b) => b.type === T.publicAccessBlock && blocks(b, r, [...names, r.name]),
                );
                const off =
                    block === undefined
                        ? BLOCK_SETTINGS
                        : BLOCK_SETTINGS.filter((k) => block.props[k] !== true);
                if (off.length > 0) {
                    reportViolation(
                        `tenant-store-protection: ${label(r)} holds tenant data (${store.reason}) but ${block === undefined ? "has no BucketPublicAccessBlock in the stack" : `its ${label(block)} leaves ${off.join(", ")} off`}, and every tenant bucket needs all four settings on.`,
                        r.urn,
                    );
                }
            }
            if (store.kind === "bucket") {
                const names = analysis.stores.filter((s) => s.resource === r).map((s) => s.name);
                const acls = [
                    { on: r, acl: str(r.props, "acl") },
                    ...analysis.resources
                        .filter((a) => a.type === T.bucketAcl && blocks(a, r, [...names, r.name]))
                        .map((a) => ({ on: a, acl: str(a.props, "acl") })),
                ].filter((a) => a.acl !== undefined && PUBLIC_ACLS.includes(a.acl));
                for (const { on, acl } of acls) {
                    reportViolation(
                        `tenant-store-protection: ${label(on)} gives tenant bucket "${names[0] ?? r.name}" the canned ACL ${JSON.stringify(acl)}, and tenant buckets are never readable outside the account.`,
                        on.urn,
                    );
                }
            }
            reported.add(r);
        }
    },
};
