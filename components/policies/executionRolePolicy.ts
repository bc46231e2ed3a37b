import { notReservedTenant } from "./reservedTags";
import { type PolicyDocument, policyDocument } from "./document";

/**
 * Logging and tracing permissions of a function's execution role, limited to its own log group
 * (and the log groups of other functions that run as the same role, such as premium functions).
 * Deliberately no data access: every tenant of a function shares its execution role, so anything
 * granted here would be granted to all of them at once.
 */
export function functionLogPolicy(logGroupArn: string, ...sharedLogGroupArns: string[]): PolicyDocument {
    const streams = [logGroupArn, ...sharedLogGroupArns].map((arn) => `${arn}:*`);
    return policyDocument(
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: streams.length === 1 ? `${logGroupArn}:*` : streams,
        },
        {
            Sid: "WriteTraces",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resource: "*",
        },
    );
}

/**
 * Lets a tenant function's execution role assume the tenant access role, only with a `TenantId`
 * tag, and never one of the reserved ids.
 */
export function assumeTenantAccessPolicy(tenantAccessRoleArn: string): PolicyDocument {
    return policyDocument({
        Sid: "AssumeTenantAccessRoleWithTenantTag",
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Resource: tenantAccessRoleArn,
        Condition: {
            Null: { "aws:RequestTag/TenantId": "false" },
            ...notReservedTenant("aws:RequestTag/TenantId"),
        },
    });
}
