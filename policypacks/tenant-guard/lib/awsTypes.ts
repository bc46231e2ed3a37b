/**
 * The AWS resource types the policies validate, typed with the provider's `Args` interfaces
 * (type-only imports: `@pulumi/aws` is not loaded at run time). A test checks every token against
 * the installed `@pulumi/aws` classes.
 */
import type * as aws from "@pulumi/aws";
import { resourceClass } from "./resourceType";

export const LambdaFunction = resourceClass<aws.lambda.FunctionArgs>("aws:lambda/function:Function");
export const LambdaPermission = resourceClass<aws.lambda.PermissionArgs>("aws:lambda/permission:Permission");
export const ApiIntegration = resourceClass<aws.apigateway.IntegrationArgs>(
    "aws:apigateway/integration:Integration",
);
export const HttpApiIntegration = resourceClass<aws.apigatewayv2.IntegrationArgs>(
    "aws:apigatewayv2/integration:Integration",
);
export const IamRole = resourceClass<aws.iam.RoleArgs>("aws:iam/role:Role");
export const IamRolePolicy = resourceClass<aws.iam.RolePolicyArgs>("aws:iam/rolePolicy:RolePolicy");
export const IamPolicy = resourceClass<aws.iam.PolicyArgs>("aws:iam/policy:Policy");
export const IamUserPolicy = resourceClass<aws.iam.UserPolicyArgs>("aws:iam/userPolicy:UserPolicy");
export const IamGroupPolicy = resourceClass<aws.iam.GroupPolicyArgs>("aws:iam/groupPolicy:GroupPolicy");
export const DynamoTable = resourceClass<aws.dynamodb.TableArgs>("aws:dynamodb/table:Table");
export const BucketPublicAccessBlock = resourceClass<aws.s3.BucketPublicAccessBlockArgs>(
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
);
export const KmsKey = resourceClass<aws.kms.KeyArgs>("aws:kms/key:Key");
