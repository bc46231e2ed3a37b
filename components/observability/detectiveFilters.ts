/**
 * CloudWatch Logs metric filter patterns of the detective controls. Pure strings, so tests and
 * auditors read exactly what is matched.
 */

/** A tenant session was refused by IAM (DynamoDB/S3/KMS/STS): a bug or a probe across tenants. */
export const TENANT_ACCESS_DENIED_PATTERN =
    '{ ($.error.name = "*AccessDenied*") || ($.errorType = "*AccessDenied*") || ($.error.code = "*AccessDenied*") }';

/** The authorizer logs every denial with this message (and a reason, never the token). */
export const AUTHORIZER_DENIAL_PATTERN = '{ $.message = "request denied" }';

/**
 * CloudTrail: AssumeRole of the tenant access role that carried no session tags. The trust policy
 * refuses such calls; seeing them means something tries to reach tenant data without a tenant.
 */
export function untaggedAssumeRolePattern(tenantAccessRoleArn: string): string {
    return [
        '{ ($.eventSource = "sts.amazonaws.com")',
        '($.eventName = "AssumeRole")',
        `($.requestParameters.roleArn = "${tenantAccessRoleArn}")`,
        "($.requestParameters.tags NOT EXISTS) }",
    ].join(" && ");
}
