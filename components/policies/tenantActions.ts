/** The data actions a tenant session may take, shared by the platform and silo policies. */

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
