/**
 * What a provisioning worker may do: consume the operations queue, record progress, keep the
 * tenant stacks' state, and deploy exactly the resource kinds a tenant stack holds (see the offline
 * plan's tenant stacks: API Gateway, Lambda, DynamoDB, S3, KMS, IAM roles, Cognito users and
 * groups, log groups, dashboards) plus the lifecycle's direct calls (backups, exports, purges, the
 * organization check of silo tenants). Scoped to the environment: by the names the tenant program
 * derives (`tenant-tiers-<env>-...`), and where AWS names a resource itself, by its `Environment`
 * tag. The platform's own roles and functions (`TenantId=platform`) are out of reach: a worker that
 * can edit a tenant role must not be able to edit the role that guards every tenant.
 */
import {
    type PolicyDocument,
    type PolicyStatement,
    policyDocument,
} from "../../components/policies/document";

export interface WorkerPolicyArgs {
    readonly partition: string;
    readonly account: string;
    readonly region: string;
    readonly environment: string;
    readonly queueArn: string;
    readonly operationsTableArn: string;
    /** The S3 backend: state bucket and secrets key; `undefined` on Pulumi Cloud. */
    readonly stateBucketArn: string | undefined;
    readonly secretsKeyArn: string | undefined;
}

/** Actions a worker's consumer needs on the operations queue (rollouts enqueue their waves). */
export const WORKER_QUEUE_ACTIONS = [
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
    "sqs:SendMessage",
] as const;

/** Item actions on the operations table (progress, idempotency records). */
export const OPERATIONS_TABLE_ACTIONS = [
    "dynamodb:ConditionCheckItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
] as const;

export function workerPolicy(args: WorkerPolicyArgs): PolicyDocument {
    const { partition: p, account, region, environment } = args;
    const prefix = `tenant-tiers-${environment}-`;
    const inRegion = (service: string, resource: string) =>
        `arn:${p}:${service}:${region}:${account}:${resource}`;
    const envTag = { StringEquals: { "aws:ResourceTag/Environment": environment } };
    const envRequestTag = { StringEquals: { "aws:RequestTag/Environment": environment } };

    const statements: PolicyStatement[] = [
        {
            Sid: "OperationsQueue",
            Effect: "Allow",
            Action: [...WORKER_QUEUE_ACTIONS],
            Resource: args.queueArn,
        },
        {
            Sid: "OperationsTable",
            Effect: "Allow",
            Action: [...OPERATIONS_TABLE_ACTIONS],
            Resource: [args.operationsTableArn, `${args.operationsTableArn}/index/*`],
        },
        ...stateBackendStatements(args.stateBucketArn, args.secretsKeyArn, "write"),
        {
            Sid: "TenantApis",
            Effect: "Allow",
            Action: [
                "apigateway:DELETE",
                "apigateway:GET",
                "apigateway:PATCH",
                "apigateway:POST",
                "apigateway:PUT",
            ],
            Resource: [
                `arn:${p}:apigateway:${region}::/restapis`,
                `arn:${p}:apigateway:${region}::/restapis/*`,
                `arn:${p}:apigateway:${region}::/apikeys`,
                `arn:${p}:apigateway:${region}::/apikeys/*`,
                `arn:${p}:apigateway:${region}::/usageplans`,
                `arn:${p}:apigateway:${region}::/usageplans/*`,
                `arn:${p}:apigateway:${region}::/tags/*`,
            ],
        },
        {
            Sid: "TenantFunctionsCreate",
            Effect: "Allow",
            Action: ["lambda:CreateFunction", "lambda:TagResource"],
            Resource: inRegion("lambda", "function:*"),
            Condition: envRequestTag,
        },
        {
            Sid: "TenantFunctions",
            Effect: "Allow",
            Action: [
                "lambda:AddPermission",
                "lambda:DeleteFunction",
                "lambda:DeleteFunctionConcurrency",
                // The provider reads a function's configuration, policy, tags, versions and settings.
                "lambda:Get*",
                "lambda:List*",
                "lambda:PutFunctionConcurrency",
                "lambda:RemovePermission",
                "lambda:UntagResource",
                "lambda:UpdateFunctionCode",
                "lambda:UpdateFunctionConfiguration",
            ],
            Resource: inRegion("lambda", "function:*"),
            Condition: envTag,
        },
        {
            Sid: "TenantTables",
            Effect: "Allow",
            Action: [
                "dynamodb:CreateTable",
                "dynamodb:DeleteTable",
                "dynamodb:DescribeContinuousBackups",
                "dynamodb:DescribeTable",
                "dynamodb:DescribeTimeToLive",
                "dynamodb:ListTagsOfResource",
                "dynamodb:TagResource",
                "dynamodb:UntagResource",
                "dynamodb:UpdateContinuousBackups",
                "dynamodb:UpdateTable",
                "dynamodb:UpdateTimeToLive",
            ],
            Resource: inRegion("dynamodb", `table/${prefix}premium-*`),
        },
        {
            // The registry entry of every tenant (a TableItem in the platform's registry) and the
            // partition moves of tier changes and purges, in the environment's tables only.
            Sid: "TenantItems",
            Effect: "Allow",
            Action: [
                "dynamodb:BatchWriteItem",
                "dynamodb:CreateBackup",
                "dynamodb:DeleteItem",
                "dynamodb:DescribeTable",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:UpdateItem",
            ],
            Resource: inRegion("dynamodb", "table/*"),
            Condition: envTag,
        },
        {
            Sid: "TenantBackups",
            Effect: "Allow",
            Action: ["dynamodb:DescribeBackup", "dynamodb:ListBackups"],
            Resource: "*",
        },
        {
            // A purge deletes every backup of a premium tenant's table, and nothing else's.
            Sid: "TenantBackupsDelete",
            Effect: "Allow",
            Action: "dynamodb:DeleteBackup",
            Resource: inRegion("dynamodb", `table/${prefix}premium-*/backup/*`),
        },
        {
            // Premium tenants' own buckets (`tenant-tiers-<env>-premium-<suffix>`).
            Sid: "TenantBuckets",
            Effect: "Allow",
            Action: [
                "s3:CreateBucket",
                "s3:DeleteBucket",
                "s3:DeleteBucketPolicy",
                // Reading a bucket reads every sub-resource (ACL, CORS, logging, website, lock, ...).
                "s3:GetAccelerateConfiguration",
                "s3:GetBucket*",
                "s3:GetEncryptionConfiguration",
                "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration",
                "s3:PutBucketOwnershipControls",
                "s3:PutBucketPolicy",
                "s3:PutBucketPublicAccessBlock",
                "s3:PutBucketTagging",
                "s3:PutBucketVersioning",
                "s3:PutEncryptionConfiguration",
            ],
            Resource: `arn:${p}:s3:::${prefix}premium-*`,
        },
        {
            // Offboarding exports and purges, tier-change moves: objects of the environment's buckets.
            Sid: "TenantObjects",
            Effect: "Allow",
            Action: [
                "s3:DeleteObject",
                "s3:DeleteObjectVersion",
                "s3:GetObject",
                "s3:GetObjectVersion",
                "s3:ListBucket",
                "s3:ListBucketVersions",
                "s3:PutObject",
            ],
            Resource: [`arn:${p}:s3:::${prefix}*`, `arn:${p}:s3:::${prefix}*/*`],
        },
        {
            Sid: "TenantKeysCreate",
            Effect: "Allow",
            Action: ["kms:CreateKey", "kms:TagResource"],
            Resource: "*",
            Condition: envRequestTag,
        },
        {
            Sid: "TenantKeys",
            Effect: "Allow",
            Action: [
                "kms:CreateGrant",
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:EnableKeyRotation",
                "kms:Encrypt",
                "kms:GenerateDataKey",
                "kms:GetKeyPolicy",
                "kms:GetKeyRotationStatus",
                "kms:ListResourceTags",
                "kms:PutKeyPolicy",
                "kms:ScheduleKeyDeletion",
                "kms:UntagResource",
                "kms:UpdateKeyDescription",
            ],
            Resource: inRegion("kms", "key/*"),
            Condition: envTag,
        },
        {
            Sid: "TenantKeyAliases",
            Effect: "Allow",
            Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
            Resource: [inRegion("kms", `alias/${prefix}*`), inRegion("kms", "key/*")],
        },
        {
            Sid: "TenantRolesCreate",
            Effect: "Allow",
            Action: ["iam:CreateRole", "iam:TagRole"],
            Resource: `arn:${p}:iam::${account}:role/*`,
            Condition: envRequestTag,
        },
        {
            Sid: "TenantRoles",
            Effect: "Allow",
            Action: [
                "iam:DeleteRole",
                "iam:DeleteRolePolicy",
                "iam:GetRole",
                "iam:GetRolePolicy",
                "iam:ListAttachedRolePolicies",
                "iam:ListInstanceProfilesForRole",
                "iam:ListRolePolicies",
                "iam:PutRolePolicy",
                "iam:UntagRole",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRoleDescription",
            ],
            Resource: `arn:${p}:iam::${account}:role/*`,
            Condition: envTag,
        },
        {
            Sid: "PassTenantRoles",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: `arn:${p}:iam::${account}:role/*`,
            Condition: {
                StringEquals: {
                    "aws:ResourceTag/Environment": environment,
                    "iam:PassedToService": ["apigateway.amazonaws.com", "lambda.amazonaws.com"],
                },
            },
        },
        {
            Sid: "TenantUsers",
            Effect: "Allow",
            Action: [
                "cognito-idp:AdminAddUserToGroup",
                "cognito-idp:AdminCreateUser",
                "cognito-idp:AdminDeleteUser",
                // Offboarding disables every user of the tenant id, a purge deletes them (found by paging ListUsers).
                "cognito-idp:AdminDisableUser",
                "cognito-idp:AdminGetUser",
                "cognito-idp:AdminListGroupsForUser",
                "cognito-idp:AdminRemoveUserFromGroup",
                "cognito-idp:AdminUpdateUserAttributes",
                "cognito-idp:CreateGroup",
                "cognito-idp:DeleteGroup",
                "cognito-idp:GetGroup",
                "cognito-idp:ListUsers",
                "cognito-idp:ListUsersInGroup",
                "cognito-idp:UpdateGroup",
            ],
            Resource: inRegion("cognito-idp", "userpool/*"),
            Condition: envTag,
        },
        {
            Sid: "TenantLogGroups",
            Effect: "Allow",
            Action: [
                "logs:CreateLogGroup",
                "logs:DeleteLogGroup",
                "logs:DeleteRetentionPolicy",
                "logs:ListTagsForResource",
                "logs:ListTagsLogGroup",
                "logs:PutRetentionPolicy",
                "logs:TagResource",
                "logs:UntagResource",
            ],
            Resource: [
                inRegion("logs", `log-group:/aws/apigateway/${prefix}*`),
                inRegion("logs", `log-group:/aws/lambda/${prefix}*`),
            ],
        },
        {
            Sid: "DescribeLogGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: inRegion("logs", "log-group:*"),
        },
        {
            Sid: "TenantDashboards",
            Effect: "Allow",
            Action: ["cloudwatch:DeleteDashboards", "cloudwatch:GetDashboard", "cloudwatch:PutDashboard"],
            Resource: `arn:${p}:cloudwatch::${account}:dashboard/${prefix}*`,
        },
        {
            // Silo tenants: the lifecycle checks the silo account's organization.
            Sid: "Organization",
            Effect: "Allow",
            Action: "organizations:DescribeOrganization",
            Resource: "*",
        },
        {
            Sid: "NeverThePlatformItself",
            Effect: "Deny",
            Action: [
                "dynamodb:DeleteTable",
                "dynamodb:UpdateTable",
                "iam:*",
                "kms:PutKeyPolicy",
                "kms:ScheduleKeyDeletion",
                // A purge untags a tenant key before scheduling its deletion; the platform key keeps its tag.
                "kms:UntagResource",
                "lambda:*",
            ],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/TenantId": "platform" } },
        },
    ];
    return policyDocument(...statements);
}

/**
 * The S3 backend: the state objects (`write`: the workers; `read`: the API lists tenants) and the
 * KMS key of the stacks' secrets. None on Pulumi Cloud.
 */
export function stateBackendStatements(
    bucketArn: string | undefined,
    keyArn: string | undefined,
    access: "read" | "write",
): PolicyStatement[] {
    if (bucketArn === undefined || keyArn === undefined) return [];
    const write = access === "write";
    return [
        {
            Sid: "StateBucket",
            Effect: "Allow",
            Action: ["s3:GetBucketLocation", "s3:ListBucket"],
            Resource: bucketArn,
        },
        {
            Sid: "StateObjects",
            Effect: "Allow",
            Action: write ? ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
            Resource: `${bucketArn}/*`,
        },
        {
            Sid: "StateSecrets",
            Effect: "Allow",
            Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
            Resource: keyArn,
        },
    ];
}
