import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TenantId } from "../../tiers/tenantId";
import { lockDownBucket } from "../shared/bucketLockdown";
import { policyJson } from "../shared/json";
import { delegatingKeyPolicy, tenantStoreBucketPolicy } from "../policies";
import type { TenantTags } from "../shared/tags";
import { tenantDataTableSchema } from "../shared/tenantDataSchema";
import { premiumBucketPrefix, premiumTableName, tenantKeyAlias } from "../shared/tenantNaming";

export interface TenantStoreArgs {
    readonly environment: string;
    readonly tenantId: TenantId;
    readonly tags: TenantTags;
    /** The account the store lives in (the platform's, or the tenant's silo): its key policy delegates to that account's IAM. */
    readonly accountId: pulumi.Input<string>;
    /**
     * The platform's tenant access role, granted the tenant's prefix by the bucket policy for
     * sessions tagged with this tenant (a premium tenant in the platform account). The grant lives
     * with the bucket, so the platform's policy never names tenant buckets. Unset: access comes
     * from identity policies only (a silo's data role).
     */
    readonly tenantAccessRoleArn?: pulumi.Input<string>;
}

/**
 * A premium tenant's own data stores: a KMS key (rotation on, tagged with the tenant, key policy
 * delegating to IAM so ABAC on `aws:ResourceTag/TenantId` governs it) with an alias named after the
 * tenant; a table with the pooled table's key schema, encrypted with that key, with PITR and
 * deletion protection; and a bucket encrypted with that key whose policy refuses any other key.
 *
 * Key, table and bucket are `retainOnDelete`: a tier change or a destroy removes them from the
 * stack and leaves them, with the data, in AWS. Not `protect`, which would block the downgrade itself.
 */
export class TenantStore extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly table: aws.dynamodb.Table;
    public readonly bucket: aws.s3.Bucket;
    public readonly keyArn: pulumi.Output<string>;
    public readonly tableName: pulumi.Output<string>;
    public readonly tableArn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: TenantStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantStore", name, {}, opts);
        const parent = { parent: this };
        const keep = { parent: this, retainOnDelete: true };
        const { environment, tenantId } = args;

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `tenant-tiers ${environment} key of tenant ${tenantId} (its table and bucket)`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: policyJson({ accountId: args.accountId }, (r) => delegatingKeyPolicy(r.accountId)),
                tags: { ...args.tags },
            },
            keep,
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: tenantKeyAlias(environment, tenantId), targetKeyId: this.key.keyId },
            parent,
        );

        this.table = new aws.dynamodb.Table(
            `${name}-data`,
            {
                // A fixed name: the platform's tenant access policy matches it exactly from the session tag.
                name: premiumTableName(environment, tenantId),
                billingMode: "PAY_PER_REQUEST",
                ...tenantDataTableSchema(),
                pointInTimeRecovery: { enabled: true },
                deletionProtectionEnabled: true,
                serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
                tags: { ...args.tags },
            },
            keep,
        );

        this.bucket = new aws.s3.Bucket(
            `${name}-files`,
            { bucketPrefix: premiumBucketPrefix(environment), forceDestroy: false, tags: { ...args.tags } },
            keep,
        );
        const publicAccessBlock = lockDownBucket(`${name}-files`, this.bucket, this.key.arn, parent);
        new aws.s3.BucketPolicy(
            `${name}-files-policy`,
            {
                bucket: this.bucket.id,
                policy: policyJson(
                    {
                        bucketArn: this.bucket.arn,
                        keyArn: this.key.arn,
                        tenantAccessRoleArn: args.tenantAccessRoleArn,
                    },
                    (r) =>
                        tenantStoreBucketPolicy({
                            bucketArn: r.bucketArn,
                            keyArn: r.keyArn,
                            tenantId,
                            tenantAccessRoleArn: r.tenantAccessRoleArn,
                        }),
                ),
            },
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        this.keyArn = this.key.arn;
        this.tableName = this.table.name;
        this.tableArn = this.table.arn;
        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.registerOutputs({ keyArn: this.keyArn, tableName: this.tableName, bucketName: this.bucketName });
    }
}
