import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Locks a data bucket down the same way everywhere: all public access blocked, ACLs disabled
 * (owner enforced), versioning on, SSE-KMS with `keyArn` and a bucket key. Children are named
 * `<prefix>-public-access`, `-ownership`, `-versioning`, `-encryption`. Returns the public access
 * block, which a bucket policy should depend on.
 */
export function lockDownBucket(
    prefix: string,
    bucket: aws.s3.Bucket,
    keyArn: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPublicAccessBlock {
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${prefix}-public-access`,
        {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        opts,
    );
    new aws.s3.BucketOwnershipControls(
        `${prefix}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        opts,
    );
    new aws.s3.BucketVersioning(
        `${prefix}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${prefix}-encryption`,
        {
            bucket: bucket.id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
                    bucketKeyEnabled: true,
                },
            ],
        },
        opts,
    );
    return publicAccessBlock;
}
