/**
 * JSON access log line of the tenant API stage. The tenant comes from the authorizer context, so
 * every request line names the verified tenant (or is empty when authorization failed).
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = Object.freeze({
    requestId: "$context.requestId",
    tenantId: "$context.authorizer.tenantId",
    tier: "$context.authorizer.tier",
    apiKeyId: "$context.identity.apiKeyId",
    sourceIp: "$context.identity.sourceIp",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    status: "$context.status",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    authorizerError: "$context.authorizer.error",
    errorMessage: "$context.error.message",
    requestTime: "$context.requestTimeEpoch",
});

/** The single-line JSON format string API Gateway expects. */
export function accessLogFormat(): string {
    return JSON.stringify(ACCESS_LOG_FIELDS);
}
