import { type PolicyDocument, type PolicyStatement, policyDocument } from "./document";
import { TENANT_OBJECT_ACTIONS } from "./tenantActions";

export interface TenantStoreBucketPolicyArgs {
    /** The tenant's own bucket (premium, or in its silo account). */
    readonly bucketArn: string;
    /** The tenant's own key: the only key objects in the bucket may be written with. */
    readonly keyArn: string;
    readonly tenantId: string;
    /**
     * A same-account role granted the tenant's prefix here, only for sessions tagged with this
     * tenant (the platform's tenant access role). Unset: no grant, identity policies decide.
     */
    readonly tenantAccessRoleArn?: string;
}

/**
 * Bucket policy of a tenant's own bucket. One bucket policy per bucket means a shared bucket cannot
 * learn per tenant which key to demand, so a premium tenant's objects live in a bucket of its own:
 * TLS only; SSE-KMS only, and only with the tenant's key (requests that name no key get the
 * bucket default, which is that key); no session tagged with another tenant; and, when given, a
 * grant of the tenant's prefix to the platform's tenant access role, for this tenant's sessions.
 */
export function tenantStoreBucketPolicy(args: TenantStoreBucketPolicyArgs): PolicyDocument {
    const objects = `${args.bucketArn}/*`;
    const ownSessions = { "aws:PrincipalTag/TenantId": args.tenantId };
    const grants: PolicyStatement[] =
        args.tenantAccessRoleArn === undefined
            ? []
            : [
                  {
                      Sid: "TenantSessionsOwnPrefix",
                      Effect: "Allow",
                      Principal: { AWS: args.tenantAccessRoleArn },
                      Action: [...TENANT_OBJECT_ACTIONS],
                      Resource: `${args.bucketArn}/${args.tenantId}/*`,
                      Condition: { StringEquals: ownSessions },
                  },
                  {
                      Sid: "TenantSessionsListOwnPrefix",
                      Effect: "Allow",
                      Principal: { AWS: args.tenantAccessRoleArn },
                      Action: "s3:ListBucket",
                      Resource: args.bucketArn,
                      Condition: {
                          StringEquals: ownSessions,
                          StringLike: { "s3:prefix": [`${args.tenantId}/*`] },
                      },
                  },
              ];
    return policyDocument(
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [args.bucketArn, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyNonKmsEncryption",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: {
                StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
                Null: { "s3:x-amz-server-side-encryption": "false" },
            },
        },
        {
            Sid: "DenyKeysOtherThanTheTenantKey",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            // S3 compares the header as sent: writers name the key by its ARN (the registry holds it).
            Condition: {
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": args.keyArn },
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
            },
        },
        {
            Sid: "DenyOtherTenants",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [args.bucketArn, objects],
            Condition: {
                StringNotEquals: { "aws:PrincipalTag/TenantId": args.tenantId },
                Null: { "aws:PrincipalTag/TenantId": "false" },
            },
        },
        ...grants,
    );
}
