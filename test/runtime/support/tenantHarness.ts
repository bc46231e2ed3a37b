/**
 * Execution environments of the pooled function with the real credential and data wiring: STS
 * through aws-sdk-client-mock, DynamoDB and S3 on dynalite and s3rver (started per test file).
 */
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { tenantCredentials } from "../../../runtime/tenantCredentials";
import { openTenantData } from "../../../runtime/tenantData";
import { createTenantHandler, type TenantHandler } from "../../../runtime/tenantHandler";
import { type ApiRequest, apiEvent, contextFor } from "./apiEvents";
import {
    createTenantDataTable,
    EMULATOR_REGION,
    type Emulator,
    startDynalite,
    startS3rver,
} from "./emulators";
import { mockSts, useExecutionRoleEnvironment } from "./sts";
import { type CapturedTelemetry, captureTelemetry } from "./telemetry";

export const TABLE = "tenant-data";
export const BUCKET = "tenant-files";
export const ACCESS_ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";

export interface Harness {
    /** The STS mock of the current test. */
    sts: ReturnType<typeof mockSts>;
    /** Telemetry of the current test. */
    captured: CapturedTelemetry;
    /** A new execution environment of the pooled function. */
    environment(): TenantHandler;
}

/** Registers the emulator, STS and telemetry hooks of a test file and returns the harness. */
export function useTenantHarness(): Harness {
    let dynalite: Emulator;
    let s3rver: Emulator;
    const harness: Harness = {
        sts: undefined as unknown as ReturnType<typeof mockSts>,
        captured: undefined as unknown as CapturedTelemetry,
        environment: () =>
            createTenantHandler({
                tier: "pooled",
                telemetry: harness.captured.telemetry,
                openData: (tenantId) =>
                    openTenantData(
                        tenantId,
                        tenantCredentials({
                            tenantId,
                            tenantAccessRoleArn: ACCESS_ROLE,
                            region: EMULATOR_REGION,
                        }),
                        {
                            region: EMULATOR_REGION,
                            tableName: TABLE,
                            bucketName: BUCKET,
                            tenantKeyArn: undefined,
                        },
                    ),
            }),
    };
    beforeAll(async () => {
        useExecutionRoleEnvironment();
        [dynalite, s3rver] = await Promise.all([startDynalite(), startS3rver([BUCKET])]);
        await createTenantDataTable(dynalite.endpoint, TABLE);
        process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
        process.env.AWS_ENDPOINT_URL_S3 = s3rver.endpoint;
    });
    afterAll(async () => {
        await Promise.all([dynalite.close(), s3rver.close()]);
    });
    beforeEach(() => {
        harness.sts = mockSts();
        harness.captured = captureTelemetry("tenant-function");
    });
    afterEach(() => {
        harness.sts.sts.restore();
        vi.restoreAllMocks();
    });
    return harness;
}

/** One API request through an environment, as the tenant Lambda names. */
export async function call(
    env: TenantHandler,
    tenantId: string,
    method: string,
    resource: string,
    request?: ApiRequest,
): Promise<APIGatewayProxyResult> {
    return (await env(
        apiEvent(method, resource, tenantId, request),
        contextFor(tenantId),
    )) as APIGatewayProxyResult;
}

export const bodyOf = (response: APIGatewayProxyResult) =>
    JSON.parse(response.body) as Record<string, unknown>;
