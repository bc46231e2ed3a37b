/** Entry point of the ingestion router function (SQS event source, partial batch responses). */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { routerConfig } from "./env";
import { createRouter } from "./routerHandler";
import { createTelemetry } from "./telemetry";
import { TenantRegistry } from "./tenantRegistry";

let configured: ((event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>) | undefined;

function configure() {
    const config = routerConfig();
    const telemetry = createTelemetry("tenant-router", config.environment);
    const dynamodb = telemetry.tracer.captureAWSv3Client(new DynamoDBClient({ region: config.region }));
    return createRouter({
        registry: new TenantRegistry(DynamoDBDocumentClient.from(dynamodb), config.registryTableName),
        lambda: telemetry.tracer.captureAWSv3Client(new LambdaClient({ region: config.region })),
        telemetry,
    });
}

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
    configured ??= configure();
    return configured(event, context);
}
