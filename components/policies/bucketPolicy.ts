import { type PolicyDocument, policyDocument } from "./document";

/** Bucket policy of the tenant bucket: TLS only, and no object written with an encryption other than SSE-KMS. */
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
            // Only a request that asks for another algorithm is refused: without the header the bucket's
            // default SSE-KMS applies (and UploadPart, authorized as PutObject, never carries it).
            Condition: {
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                Null: { "s3:x-amz-server-side-encryption": "false" },
            },
        },
    );
}
