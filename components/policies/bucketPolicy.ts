import { type PolicyDocument, policyDocument } from "./document";

/** Bucket policy of the tenant bucket: TLS only, and no object written with other than SSE-KMS. */
export function tenantBucketPolicy(bucketArn: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyNonKmsEncryption",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `${bucketArn}/*`,
            Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
        },
    );
}
