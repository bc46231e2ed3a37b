import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lockDownBucket } from "../shared/bucketLockdown";
import { policyJson } from "../shared/json";
import { platformPrefix } from "../shared/naming";
import { delegatingKeyPolicy, tenantBucketPolicy } from "../policies";
import { platformTags } from "../shared/tags";
import { tenantDataTableSchema } from "../shared/tenantDataSchema";

export interface PlatformDataArgs {
    readonly environment: string;
    /** The platform account, for the key policy that delegates to IAM. */
    readonly accountId: pulumi.Input<string>;
}

/**
 * The platform's data stores: a KMS key (rotation on), the tenant registry (platform-only), the
 * shared tenant data table and the shared tenant bucket. Every store has deletion protection or
 * its S3 equivalent and is retained if the stack is destroyed: losing tenant data must take a
 * deliberate act outside this program.
 */
export class PlatformData extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly registryTable: aws.dynamodb.Table;
    public readonly dataTable: aws.dynamodb.Table;
    public readonly bucket: aws.s3.Bucket;

    constructor(name: string, args: PlatformDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:PlatformData", name, {}, opts);
        const parent = { parent: this };
        const keep = { parent: this, retainOnDelete: true };
        const sharedTags = platformTags(args.environment, "platform");
        const pooledTags = platformTags(args.environment, "pooled");

        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `tenant-tiers ${args.environment} platform key (registry, shared table, shared bucket)`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: policyJson({ accountId: args.accountId }, (r) => delegatingKeyPolicy(r.accountId)),
                tags: { ...sharedTags },
            },
            keep,
        );
        new aws.kms.Alias(
            `${name}-key-alias`,
            { name: `alias/${platformPrefix(args.environment)}-platform`, targetKeyId: this.key.keyId },
            parent,
        );

        const protectedTable = {
            billingMode: "PAY_PER_REQUEST",
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
            serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
        };

        this.registryTable = new aws.dynamodb.Table(
            `${name}-registry`,
            {
                ...protectedTable,
                hashKey: "tenantId",
                attributes: [{ name: "tenantId", type: "S" }],
                tags: { ...sharedTags },
            },
            keep,
        );

        this.dataTable = new aws.dynamodb.Table(
            `${name}-tenant-data`,
            { ...protectedTable, ...tenantDataTableSchema(), tags: { ...pooledTags } },
            keep,
        );

        this.bucket = new aws.s3.Bucket(
            `${name}-tenant-files`,
            {
                bucketPrefix: `${platformPrefix(args.environment)}-files-`,
                forceDestroy: false,
                tags: { ...pooledTags },
            },
            keep,
        );
        const publicAccessBlock = lockDownBucket(`${name}-tenant-files`, this.bucket, this.key.arn, parent);
        new aws.s3.BucketPolicy(
            `${name}-tenant-files-policy`,
            {
                bucket: this.bucket.id,
                policy: policyJson({ bucketArn: this.bucket.arn }, (r) => tenantBucketPolicy(r.bucketArn)),
            },
            { parent: this, dependsOn: [publicAccessBlock] },
        );

        this.registerOutputs({
            keyArn: this.key.arn,
            registryTableName: this.registryTable.name,
            dataTableName: this.dataTable.name,
            bucketName: this.bucket.bucket,
        });
    }
}
