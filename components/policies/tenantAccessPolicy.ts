import { type PolicyDocument, PRINCIPAL_TENANT, policyDocument } from "./document";

/** DynamoDB actions that name partition keys, so `dynamodb:LeadingKeys` can pin them to the tenant. */
export const TENANT_ITEM_ACTIONS: readonly string[] = Object.freeze([
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
]);

export const TENANT_OBJECT_ACTIONS: readonly string[] = Object.freeze([
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
]);

export const TENANT_KEY_ACTIONS: readonly string[] = Object.freeze([
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
]);

export interface TenantAccessPolicyArgs {
    /** Tables whose partition key is the tenant id (the pooled table, premium tables). */
    readonly tenantTableArns: readonly string[];
    /** The shared tenant bucket; objects live under `<tenantId>/`. */
    readonly bucketArn: string;
    /** The platform key that encrypts shared tables and the bucket. */
    readonly platformKeyArn: string;
    readonly region: string;
    readonly accountId: string;
}

/**
 * Permissions of the tenant access role. Every grant is pinned to the session's `TenantId` tag:
 * the partition key (DynamoDB), the object prefix (S3), the key's `TenantId` tag (KMS). The
 * platform key is usable only through DynamoDB and S3, which apply their own tenant checks first.
 */
export function tenantAccessPolicy(args: TenantAccessPolicyArgs): PolicyDocument {
    const tableResources = args.tenantTableArns.flatMap((arn) => [arn, `${arn}/index/*`]);
    return policyDocument(
        {
            Sid: "TenantItemsInOwnPartition",
            Effect: "Allow",
            Action: [...TENANT_ITEM_ACTIONS],
            Resource: tableResources,
            Condition: {
                "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [PRINCIPAL_TENANT] },
                // ForAllValues is true for a request without keys; the Null guard makes keys mandatory,
                // and ForAnyValue also refuses a present but empty key list.
                Null: { "dynamodb:LeadingKeys": "false" },
                "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": [PRINCIPAL_TENANT] },
            },
        },
        {
            Sid: "NoTableScans",
            Effect: "Deny",
            Action: ["dynamodb:Scan"],
            Resource: "*",
        },
        {
            Sid: "NoFullTableScanPartiQL",
            Effect: "Deny",
            Action: ["dynamodb:PartiQLSelect"],
            Resource: "*",
            Condition: { Bool: { "dynamodb:FullTableScan": "true" } },
        },
        {
            Sid: "TenantObjectsUnderOwnPrefix",
            Effect: "Allow",
            Action: [...TENANT_OBJECT_ACTIONS],
            Resource: `${args.bucketArn}/${PRINCIPAL_TENANT}/*`,
        },
        {
            Sid: "ListOwnPrefixOnly",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: args.bucketArn,
            Condition: { StringLike: { "s3:prefix": [`${PRINCIPAL_TENANT}/*`] } },
        },
        {
            Sid: "TenantKeysByTag",
            Effect: "Allow",
            Action: [...TENANT_KEY_ACTIONS],
            Resource: `arn:aws:kms:${args.region}:${args.accountId}:key/*`,
            Condition: { StringEquals: { "aws:ResourceTag/TenantId": PRINCIPAL_TENANT } },
        },
        {
            Sid: "PlatformKeyThroughDataServices",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.platformKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": [
                        `dynamodb.${args.region}.amazonaws.com`,
                        `s3.${args.region}.amazonaws.com`,
                    ],
                },
            },
        },
    );
}
