import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { INGESTION_SOURCE } from "../../runtime/ingestion";
import { createRouter } from "../../runtime/routerHandler";
import { TenantRegistry } from "../../runtime/tenantRegistry";
import { createRegistryTable, documentClient, type Emulator, startDynalite } from "./support/emulators";
import { putRegistryEntry, REGISTRY_TABLE, registryEntry } from "./support/registry";
import { type CapturedTelemetry, captureTelemetry } from "./support/telemetry";

const POOLED = "tenant-tiers-dev-pooled";
const PREMIUM = "tenant-tiers-dev-premium-initech";
const lambda = mockClient(LambdaClient);
let dynalite: Emulator;
let captured: CapturedTelemetry;
let route: ReturnType<typeof createRouter>;

function record(
    messageId: string,
    attributes: SQSMessageAttributes,
    body = '{"action":"upsert-item","itemId":"1","item":{"name":"n"}}',
    groupId?: string,
): SQSRecord {
    return {
        messageId,
        receiptHandle: `handle-${messageId}`,
        body,
        attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: "1700000000000",
            SenderId: "AROAPLATFORM",
            ApproximateFirstReceiveTimestamp: "1700000000001",
            ...(groupId === undefined ? {} : { MessageGroupId: groupId }),
        },
        messageAttributes: attributes,
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:tenant-tiers-dev-ingestion",
        awsRegion: "eu-west-1",
    };
}
const tenant = (value: string) => ({
    TenantId: { dataType: "String", stringValue: value, stringListValues: [], binaryListValues: [] },
});
/** What Lambda returns for a function that threw (the SDK's blob type: bytes that can also read as text). */
const errorText = JSON.stringify({ errorType: "InvalidIngestionMessageError", errorMessage: "secret data" });
const functionErrorPayload = Object.assign(new Uint8Array(Buffer.from(errorText)), {
    transformToString: () => errorText,
});
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
/** Invocations sent, ordered by message id (records are processed in parallel). */
const invocations = () =>
    lambda
        .commandCalls(InvokeCommand)
        .map((c) => {
            const { Payload, ...input } = c.args[0].input;
            return {
                ...input,
                payload: JSON.parse(Buffer.from(Payload as Uint8Array).toString("utf8")) as {
                    messageId: string;
                },
            };
        })
        .sort((a, b) => a.payload.messageId.localeCompare(b.payload.messageId));

beforeAll(async () => {
    dynalite = await startDynalite();
    await createRegistryTable(dynalite.endpoint, REGISTRY_TABLE);
    await putRegistryEntry(dynalite.endpoint, registryEntry("acme", { functionName: POOLED }));
    await putRegistryEntry(dynalite.endpoint, registryEntry("globex", { functionName: POOLED }));
    await putRegistryEntry(
        dynalite.endpoint,
        registryEntry("initech", { tier: "premium", functionName: PREMIUM }),
    );
    await putRegistryEntry(
        dynalite.endpoint,
        registryEntry("hooli", { status: "suspended", functionName: POOLED }),
    );
});
afterAll(async () => {
    await dynalite.close();
});
beforeEach(() => {
    lambda.reset();
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    captured = captureTelemetry("tenant-router");
    route = createRouter({
        registry: new TenantRegistry(documentClient(dynalite.endpoint), REGISTRY_TABLE),
        lambda: new LambdaClient({ region: "eu-west-1" }),
        telemetry: captured.telemetry,
    });
});
afterEach(() => vi.restoreAllMocks());

describe("router", () => {
    it("invokes each message's tenant function with TenantId from the message attribute", async () => {
        const result = await route(
            batch(
                record("m1", tenant("acme")),
                record("m2", tenant("initech"), '{"x":1}'),
                record("m3", tenant("globex")),
            ),
        );
        expect(result).toEqual({ batchItemFailures: [] });
        const body = '{"action":"upsert-item","itemId":"1","item":{"name":"n"}}';
        expect(invocations()).toEqual([
            {
                FunctionName: POOLED,
                TenantId: "acme",
                InvocationType: "RequestResponse",
                payload: { source: INGESTION_SOURCE, messageId: "m1", body },
            },
            {
                FunctionName: PREMIUM,
                TenantId: "initech",
                InvocationType: "RequestResponse",
                payload: { source: INGESTION_SOURCE, messageId: "m2", body: '{"x":1}' },
            },
            {
                FunctionName: POOLED,
                TenantId: "globex",
                InvocationType: "RequestResponse",
                payload: { source: INGESTION_SOURCE, messageId: "m3", body },
            },
        ]);
    });

    it("never takes the tenant from the body", async () => {
        await route(batch(record("m1", tenant("acme"), '{"tenantId":"globex","TenantId":"globex"}')));
        expect(invocations().map((i) => i.TenantId)).toEqual(["acme"]);
    });

    it("reports exactly the messages that failed, and delivers the others", async () => {
        lambda.on(InvokeCommand, { TenantId: "initech" }).resolves({
            StatusCode: 200,
            FunctionError: "Unhandled",
            Payload: functionErrorPayload,
        });
        lambda.on(InvokeCommand, { TenantId: "globex" }).rejects(new Error("TooManyRequestsException"));
        const result = await route(
            batch(
                record("ok-1", tenant("acme")),
                record("no-attribute", {}),
                record("lower-case-attribute", { tenantId: tenant("acme").TenantId }),
                record("number-attribute", {
                    TenantId: {
                        dataType: "Number",
                        stringValue: "7",
                        stringListValues: [],
                        binaryListValues: [],
                    },
                }),
                record("forged-case", tenant("Acme")),
                record("forged-path", tenant("acme/../globex")),
                record("reserved", tenant("platform")),
                record("unknown", tenant("wayne")),
                record("suspended", tenant("hooli")),
                record("group-mismatch", tenant("acme"), undefined, "globex"),
                record("function-error", tenant("initech")),
                record("throttled", tenant("globex")),
                record("ok-2", tenant("acme"), undefined, "acme"),
            ),
        );
        // Records run in parallel, so failures are reported in completion order: compare as sets.
        expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
            [
                "no-attribute",
                "lower-case-attribute",
                "number-attribute",
                "forged-case",
                "forged-path",
                "reserved",
                "unknown",
                "suspended",
                "group-mismatch",
                "function-error",
                "throttled",
            ].sort(),
        );
        expect(
            invocations()
                .map((i) => `${i.TenantId} ${i.payload.messageId}`)
                .sort(),
        ).toEqual(["acme ok-1", "acme ok-2", "globex throttled", "initech function-error"]);
    });

    it("logs why each message failed, naming the tenant only once it is known, never the body", async () => {
        lambda.on(InvokeCommand, { TenantId: "initech" }).resolves({
            StatusCode: 200,
            FunctionError: "Unhandled",
            Payload: functionErrorPayload,
        });
        await route(
            batch(
                record("no-attribute", {}, "body-secret-1"),
                record("suspended", tenant("hooli"), "body-secret-2"),
                record("function-error", tenant("initech"), "body-secret-3"),
                record("ok", tenant("acme"), "body-secret-4"),
            ),
        );
        const lines = captured
            .logs()
            .map(({ level, message, messageId, reason, tenantId, tier, errorType }) => ({
                level,
                message,
                messageId,
                reason,
                tenantId,
                tier,
                errorType,
            }));
        expect(lines).toEqual(
            expect.arrayContaining([
                {
                    level: "WARN",
                    message: "message rejected",
                    messageId: "no-attribute",
                    reason: "missing-tenant-attribute",
                    tenantId: undefined,
                    tier: undefined,
                    errorType: undefined,
                },
                {
                    level: "WARN",
                    message: "message rejected",
                    messageId: "suspended",
                    reason: "tenant-suspended",
                    tenantId: "hooli",
                    tier: "pooled",
                    errorType: undefined,
                },
                {
                    level: "WARN",
                    message: "message not delivered",
                    messageId: "function-error",
                    reason: "function-error",
                    tenantId: "initech",
                    tier: "premium",
                    errorType: "InvalidIngestionMessageError",
                },
                {
                    level: "INFO",
                    message: "message routed",
                    messageId: "ok",
                    reason: undefined,
                    tenantId: "acme",
                    tier: "pooled",
                    errorType: undefined,
                },
            ]),
        );
        expect(lines).toHaveLength(4);
        expect(captured.raw()).not.toMatch(/body-secret|secret data/);
    });

    it("counts per tier and per rejection reason, and annotates each delivery with its tenant", async () => {
        await route(batch(record("a", tenant("acme")), record("b", tenant("initech")), record("c", {})));
        const metrics = captured.metrics().map((m) => ({
            dimensions: m._aws.CloudWatchMetrics[0]?.Dimensions,
            tier: m.tier,
            reason: m.reason,
            names: m._aws.CloudWatchMetrics[0]?.Metrics.map((x) => x.Name),
        }));
        expect(metrics).toEqual(
            expect.arrayContaining([
                {
                    dimensions: [["service", "environment", "tier"]],
                    tier: "pooled",
                    reason: undefined,
                    names: ["MessageRouted"],
                },
                {
                    dimensions: [["service", "environment", "tier"]],
                    tier: "premium",
                    reason: undefined,
                    names: ["MessageRouted"],
                },
                {
                    dimensions: [["service", "environment", "reason"]],
                    tier: undefined,
                    reason: "missing-tenant-attribute",
                    names: ["MessageRejected"],
                },
            ]),
        );
        expect(metrics).toHaveLength(3);
        expect(captured.annotations.mock.calls).toEqual(
            expect.arrayContaining([
                ["tenantId", "acme"],
                ["tier", "pooled"],
                ["tenantId", "initech"],
                ["tier", "premium"],
            ]),
        );
        expect(captured.annotations.mock.calls).toHaveLength(4);
    });

    it("reports a batch whose every message fails instead of throwing", async () => {
        expect(await route(batch(record("x", {}), record("y", tenant("wayne"))))).toEqual({
            batchItemFailures: [{ itemIdentifier: "x" }, { itemIdentifier: "y" }],
        });
        expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    });
});
