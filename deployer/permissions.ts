/**
 * The IAM actions the Pulumi AWS provider calls to create, read, update and delete (and tag) each
 * AWS resource type this project's stacks create. The deployer policy is built from this table and
 * the types a plan actually contains; a type the plan creates that is missing here fails the
 * deployer-policy test, so a new resource type cannot ship without its permissions.
 */

/** Pulumi resource type token → IAM actions the provider needs for its full lifecycle. */
export const RESOURCE_ACTIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
    // API Gateway (REST): every call is an HTTP verb on an apigateway ARN path.
    "aws:apigateway/account:Account": ["apigateway:GET", "apigateway:PATCH", "iam:PassRole"],
    "aws:apigateway/apiKey:ApiKey": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "apigateway:PUT",
    ],
    "aws:apigateway/authorizer:Authorizer": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "iam:PassRole",
    ],
    "aws:apigateway/deployment:Deployment": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
    ],
    "aws:apigateway/integration:Integration": [
        "apigateway:GET",
        "apigateway:PUT",
        "apigateway:PATCH",
        "apigateway:DELETE",
    ],
    "aws:apigateway/method:Method": [
        "apigateway:GET",
        "apigateway:PUT",
        "apigateway:PATCH",
        "apigateway:DELETE",
    ],
    "aws:apigateway/methodSettings:MethodSettings": ["apigateway:GET", "apigateway:PATCH"],
    "aws:apigateway/resource:Resource": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
    ],
    "aws:apigateway/restApi:RestApi": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PUT",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "apigateway:UpdateRestApiPolicy",
    ],
    "aws:apigateway/stage:Stage": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "apigateway:PUT",
    ],
    "aws:apigateway/usagePlan:UsagePlan": [
        "apigateway:GET",
        "apigateway:POST",
        "apigateway:PATCH",
        "apigateway:DELETE",
        "apigateway:PUT",
    ],
    "aws:apigateway/usagePlanKey:UsagePlanKey": ["apigateway:GET", "apigateway:POST", "apigateway:DELETE"],
    // CloudTrail (createCloudTrail: true).
    "aws:cloudtrail/trail:Trail": [
        "cloudtrail:CreateTrail",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrail",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
        "cloudtrail:GetInsightSelectors",
        "cloudtrail:ListTags",
        "cloudtrail:AddTags",
        "cloudtrail:RemoveTags",
        "cloudtrail:UpdateTrail",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
        "cloudtrail:PutEventSelectors",
        "cloudtrail:DeleteTrail",
        "iam:PassRole",
    ],
    // CloudWatch and CloudWatch Logs.
    "aws:cloudwatch/contributorInsightRule:ContributorInsightRule": [
        "cloudwatch:PutInsightRule",
        "cloudwatch:DescribeInsightRules",
        "cloudwatch:DeleteInsightRules",
        "cloudwatch:EnableInsightRules",
        "cloudwatch:DisableInsightRules",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
    ],
    "aws:cloudwatch/dashboard:Dashboard": [
        "cloudwatch:PutDashboard",
        "cloudwatch:GetDashboard",
        "cloudwatch:DeleteDashboards",
    ],
    "aws:cloudwatch/logGroup:LogGroup": [
        "logs:CreateLogGroup",
        "logs:DescribeLogGroups",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
        "logs:ListTagsForResource",
        "logs:TagResource",
        "logs:UntagResource",
    ],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": [
        "logs:PutMetricFilter",
        "logs:DescribeMetricFilters",
        "logs:DeleteMetricFilter",
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
    ],
    "aws:cloudwatch/queryDefinition:QueryDefinition": [
        "logs:PutQueryDefinition",
        "logs:DescribeQueryDefinitions",
        "logs:DeleteQueryDefinition",
    ],
    // Cognito user pools.
    "aws:cognito/user:User": [
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminUpdateUserAttributes",
        "cognito-idp:AdminDeleteUserAttributes",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminSetUserPassword",
    ],
    "aws:cognito/userGroup:UserGroup": [
        "cognito-idp:CreateGroup",
        "cognito-idp:GetGroup",
        "cognito-idp:UpdateGroup",
        "cognito-idp:DeleteGroup",
        "iam:PassRole",
    ],
    "aws:cognito/userInGroup:UserInGroup": [
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminListGroupsForUser",
        "cognito-idp:AdminRemoveUserFromGroup",
    ],
    "aws:cognito/userPool:UserPool": [
        "cognito-idp:CreateUserPool",
        "cognito-idp:DescribeUserPool",
        "cognito-idp:UpdateUserPool",
        "cognito-idp:DeleteUserPool",
        "cognito-idp:GetUserPoolMfaConfig",
        "cognito-idp:SetUserPoolMfaConfig",
        "cognito-idp:ListTagsForResource",
        "cognito-idp:TagResource",
        "cognito-idp:UntagResource",
        "iam:PassRole",
        "iam:CreateServiceLinkedRole",
        "ses:GetIdentityVerificationAttributes",
    ],
    "aws:cognito/userPoolClient:UserPoolClient": [
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:UpdateUserPoolClient",
        "cognito-idp:DeleteUserPoolClient",
    ],
    // Cost allocation tags (payerAccount: true only).
    "aws:costexplorer/costAllocationTag:CostAllocationTag": [
        "ce:UpdateCostAllocationTagsStatus",
        "ce:ListCostAllocationTags",
    ],
    // DynamoDB.
    "aws:dynamodb/table:Table": [
        "dynamodb:CreateTable",
        "dynamodb:DescribeTable",
        "dynamodb:UpdateTable",
        "dynamodb:DeleteTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:DescribeKinesisStreamingDestination",
        "dynamodb:ListTagsOfResource",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
        "dynamodb:GetResourcePolicy",
        "kms:DescribeKey",
        "kms:CreateGrant",
    ],
    "aws:dynamodb/tableItem:TableItem": [
        "dynamodb:PutItem",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
    ],
    // IAM roles.
    "aws:iam/role:Role": [
        "iam:CreateRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:PutRolePermissionsBoundary",
        "iam:DeleteRolePermissionsBoundary",
    ],
    "aws:iam/rolePolicy:RolePolicy": ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [
        "iam:AttachRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:DetachRolePolicy",
    ],
    // KMS.
    "aws:kms/alias:Alias": ["kms:CreateAlias", "kms:ListAliases", "kms:UpdateAlias", "kms:DeleteAlias"],
    "aws:kms/key:Key": [
        "kms:CreateKey",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:DisableKeyRotation",
        "kms:UpdateKeyDescription",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:ScheduleKeyDeletion",
        "kms:EnableKey",
        "kms:DisableKey",
    ],
    // Lambda.
    "aws:lambda/eventSourceMapping:EventSourceMapping": [
        "lambda:CreateEventSourceMapping",
        "lambda:GetEventSourceMapping",
        "lambda:UpdateEventSourceMapping",
        "lambda:DeleteEventSourceMapping",
        "lambda:ListTags",
        "lambda:TagResource",
        "lambda:UntagResource",
    ],
    "aws:lambda/function:Function": [
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionConfiguration",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:GetFunctionConcurrency",
        "lambda:PutFunctionConcurrency",
        "lambda:DeleteFunctionConcurrency",
        "lambda:GetRuntimeManagementConfig",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:PublishVersion",
        "lambda:DeleteFunction",
        "lambda:ListTags",
        "lambda:TagResource",
        "lambda:UntagResource",
        "iam:PassRole",
    ],
    "aws:lambda/permission:Permission": [
        "lambda:AddPermission",
        "lambda:GetPolicy",
        "lambda:RemovePermission",
    ],
    // S3.
    "aws:s3/bucket:Bucket": [
        "s3:CreateBucket",
        "s3:ListBucket",
        "s3:GetBucketLocation",
        "s3:GetBucketTagging",
        "s3:PutBucketTagging",
        "s3:GetBucketPolicy",
        "s3:GetBucketAcl",
        "s3:GetBucketCORS",
        "s3:GetBucketWebsite",
        "s3:GetBucketVersioning",
        "s3:GetAccelerateConfiguration",
        "s3:GetBucketRequestPayment",
        "s3:GetBucketLogging",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketOwnershipControls",
        "s3:GetBucketPublicAccessBlock",
        "s3:DeleteBucket",
    ],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": [
        "s3:PutBucketOwnershipControls",
        "s3:GetBucketOwnershipControls",
    ],
    "aws:s3/bucketPolicy:BucketPolicy": ["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [
        "s3:PutBucketPublicAccessBlock",
        "s3:GetBucketPublicAccessBlock",
    ],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
        "s3:PutEncryptionConfiguration",
        "s3:GetEncryptionConfiguration",
    ],
    "aws:s3/bucketVersioning:BucketVersioning": ["s3:PutBucketVersioning", "s3:GetBucketVersioning"],
    // SNS.
    "aws:sns/topic:Topic": [
        "sns:CreateTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:DeleteTopic",
        "sns:ListTagsForResource",
        "sns:TagResource",
        "sns:UntagResource",
    ],
    "aws:sns/topicSubscription:TopicSubscription": [
        "sns:Subscribe",
        "sns:GetSubscriptionAttributes",
        "sns:SetSubscriptionAttributes",
        "sns:Unsubscribe",
    ],
    // SQS.
    "aws:sqs/queue:Queue": [
        "sqs:CreateQueue",
        "sqs:GetQueueAttributes",
        "sqs:SetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:DeleteQueue",
        "sqs:ListQueueTags",
        "sqs:TagQueue",
        "sqs:UntagQueue",
    ],
    "aws:sqs/queuePolicy:QueuePolicy": ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"],
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": ["sqs:SetQueueAttributes", "sqs:GetQueueAttributes"],
    // WAF (the front door): the web ACL, and its association with each tenant API stage, which also
    // needs the protected resource's own permission (apigateway:SetWebACL for a REST API stage).
    "aws:wafv2/webAcl:WebAcl": [
        "wafv2:CreateWebACL",
        "wafv2:GetWebACL",
        "wafv2:UpdateWebACL",
        "wafv2:DeleteWebACL",
        "wafv2:ListTagsForResource",
        "wafv2:TagResource",
        "wafv2:UntagResource",
    ],
    "aws:wafv2/webAclAssociation:WebAclAssociation": [
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:GetWebACL",
        "apigateway:SetWebACL",
    ],
});

/**
 * `@pulumi/awsx` components run in their own provider process, so a plan under mocks sees the
 * component but not its children: each component type lists the AWS resource types it creates
 * (for the options this project passes), and those types' actions are granted.
 */
export const COMPONENT_CHILD_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
    // The trail, its S3 bucket and bucket policy, the CloudWatch Logs group and the delivery role.
    "awsx:cloudtrail:Trail": [
        "aws:cloudtrail/trail:Trail",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
    ],
});

/** Actions every deployment needs whatever it creates: the provider's identity check at start-up. */
export const PROVIDER_ACTIONS: readonly string[] = Object.freeze(["sts:GetCallerIdentity"]);

/** Actions an explicit `aws` provider with an `assumeRole` needs (silo tenants' accounts). */
export const ASSUME_ROLE_ACTIONS: readonly string[] = Object.freeze(["sts:AssumeRole", "sts:TagSession"]);
