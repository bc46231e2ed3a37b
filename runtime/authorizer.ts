/**
 * Entry point of the REQUEST authorizer function. Collaborators are built from the environment on
 * the first invocation and reused by every later one (JWKS, registry and API key caches live here).
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, Context } from "aws-lambda";
import { ApiKeyValues } from "./apiKeys";
import { type AuthorizerHandler, createAuthorizer } from "./authorizerHandler";
import { authorizerConfig } from "./env";
import { createTelemetry } from "./telemetry";
import { TenantRegistry } from "./tenantRegistry";
import { TenantTokenVerifier } from "./tokenVerifier";

let configured: AuthorizerHandler | undefined;

function configure(): AuthorizerHandler {
    const config = authorizerConfig();
    const telemetry = createTelemetry("tenant-authorizer", config.environment);
    const dynamodb = telemetry.tracer.captureAWSv3Client(new DynamoDBClient({ region: config.region }));
    const apiGateway = telemetry.tracer.captureAWSv3Client(new APIGatewayClient({ region: config.region }));
    return createAuthorizer({
        verifier: new TenantTokenVerifier({ userPoolId: config.userPoolId, clientId: config.clientId }),
        registry: new TenantRegistry(DynamoDBDocumentClient.from(dynamodb), config.registryTableName),
        apiKeys: new ApiKeyValues(apiGateway),
        telemetry,
    });
}

export async function handler(
    event: APIGatewayRequestAuthorizerEvent,
    context: Context,
): Promise<APIGatewayAuthorizerResult> {
    configured ??= configure();
    return configured(event, context);
}
