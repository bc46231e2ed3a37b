/**
 * Entry point of the tenant functions (the pooled PER_TENANT function and premium tenants' own).
 * Configuration is read on the first invocation; the tenant's credentials and clients are built
 * then too and kept for the life of the execution environment, which serves that tenant only.
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import { tenantFunctionConfig } from "./env";
import { createTelemetry } from "./telemetry";
import { tenantCredentials } from "./tenantCredentials";
import { openTenantData } from "./tenantData";
import {
    createTenantHandler,
    type IngestionResult,
    type TenantEvent,
    type TenantHandler,
} from "./tenantHandler";
import type { TenantContext } from "./tenantPin";

export { TenantIsolationError } from "./tenantPin";

let configured: TenantHandler | undefined;

function configure(): TenantHandler {
    const config = tenantFunctionConfig();
    const telemetry = createTelemetry("tenant-function", config.environment);
    return createTenantHandler({
        tier: config.tier,
        ...(config.dedicatedTenantId === undefined ? {} : { dedicatedTenantId: config.dedicatedTenantId }),
        telemetry,
        openData: (tenantId) =>
            openTenantData(
                tenantId,
                tenantCredentials({
                    tenantId,
                    tenantAccessRoleArn: config.tenantAccessRoleArn,
                    region: config.region,
                    ...(config.siloRoleArn === undefined ? {} : { siloRoleArn: config.siloRoleArn }),
                }),
                config,
                telemetry.tracer,
            ),
    });
}

export async function handler(
    event: TenantEvent,
    context: TenantContext,
): Promise<APIGatewayProxyResult | IngestionResult> {
    configured ??= configure();
    return configured(event, context);
}
