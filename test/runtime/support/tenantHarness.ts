/**
 * Execution environments of the pooled function with the real credential and data wiring: STS and
 * S3 on moto's server (the tenant session moto returns signs the S3 calls), DynamoDB on dynalite;
 * started per test file.
 */
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { tenantCredentials } from "../../../runtime/tenantCredentials";
import { openTenantData } from "../../../runtime/tenantData";
import { createTenantHandler, type TenantHandler } from "../../../runtime/tenantHandler";
import { type ApiRequest, apiEvent, contextFor } from "./apiEvents";
import { createTenantDataTable, EMULATOR_REGION, type Emulator, s3Client, startDynalite } from "./emulators";
import { type MotoSts, useMotoSts } from "./sts";
import { type CapturedTelemetry, captureTelemetry } from "./telemetry";

export const TABLE = "tenant-data";
export const BUCKET = "tenant-files";
export const ACCESS_ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";

export interface Harness {
    /** moto's STS, with the AssumeRole calls of the current test. */
    readonly sts: MotoSts;
    /** Telemetry of the current test. */
    captured: CapturedTelemetry;
    /** A new execution environment of the pooled function. */
    environment(): TenantHandler;
}

/** Registers the emulator, STS and telemetry hooks of a test file and returns the harness. */
export function useTenantHarness(): Harness {
    let dynalite: Emulator;
    const sts = useMotoSts();
    const harness: Harness = {
        sts,
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
        dynalite = await startDynalite();
        await createTenantDataTable(dynalite.endpoint, TABLE);
        await s3Client(sts.moto.endpoint).send(
            new CreateBucketCommand({
                Bucket: BUCKET,
                CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION },
            }),
        );
        process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
        process.env.AWS_ENDPOINT_URL_S3 = sts.moto.endpoint;
    });
    afterAll(async () => {
        await dynalite.close();
    });
    beforeEach(() => {
        harness.captured = captureTelemetry("tenant-function");
    });
    afterEach(() => {
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
