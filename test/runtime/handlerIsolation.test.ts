import { describe, expect, it } from "vitest";
import { INGESTION_SOURCE } from "../../runtime/ingestion";
import { createTenantHandler } from "../../runtime/tenantHandler";
import { TenantIsolationError } from "../../runtime/tenantPin";
import { parseTenantId } from "../../tiers/tenantId";
import { apiEvent, contextFor } from "./support/apiEvents";
import { ACCESS_ROLE, bodyOf, call, useTenantHarness } from "./support/tenantHarness";

const harness = useTenantHarness();
const environment = () => harness.environment();

describe("tenant handler: isolation", () => {
    it.each([undefined, ""])("refuses an invocation without a tenant id (%j)", async (tenantId) => {
        await expect(environment()(apiEvent("GET", "/items", "acme"), contextFor(tenantId))).rejects.toThrow(
            new TenantIsolationError(
                "invocation has no tenant id: the function must run with PER_TENANT isolation",
            ),
        );
        expect(harness.sts.calls()).toHaveLength(0);
    });

    it("fails loudly, before touching data, when one environment sees a second tenant", async () => {
        const env = environment();
        expect((await call(env, "acme", "GET", "/items", {})).statusCode).toBe(200);
        await expect(env(apiEvent("GET", "/items", "globex"), contextFor("globex"))).rejects.toThrow(
            'execution environment of tenant "acme" received tenant "globex": the function is not in PER_TENANT mode',
        );
        expect(harness.sts.inputs().map((input) => input.Tags)).toEqual([
            [{ Key: "TenantId", Value: "acme" }],
        ]);
        expect((await call(env, "acme", "GET", "/items", {})).statusCode).toBe(200);
    });

    it("refuses, in a premium tenant's dedicated function, every other tenant from the first invocation", async () => {
        const dedicated = createTenantHandler({
            tier: "premium",
            dedicatedTenantId: parseTenantId("initech"),
            telemetry: harness.captured.telemetry,
            openData: () => {
                throw new Error("no data may be opened for another tenant");
            },
        });
        await expect(dedicated(apiEvent("GET", "/items", "acme"), contextFor("acme"))).rejects.toThrow(
            new TenantIsolationError(
                'function dedicated to tenant "initech" received tenant "acme": its API or registry entry points at the wrong function',
            ),
        );
    });

    it("ignores a tenant a client puts in X-Amz-Tenant-Id", async () => {
        const acme = environment();
        const itemId = bodyOf(
            await call(acme, "acme", "POST", "/items", {
                body: JSON.stringify({ name: "spoof" }),
                headers: { "X-Amz-Tenant-Id": "globex" },
            }),
        ).itemId as string;
        expect((await call(environment(), "globex", "GET", "/items/{itemId}", { itemId })).statusCode).toBe(
            404,
        );
        expect((await call(acme, "acme", "GET", "/items/{itemId}", { itemId })).statusCode).toBe(200);
    });

    it.each<[string, string | null]>([
        ["names another tenant", "globex"],
        ["is missing", null],
    ])("refuses an API request whose authorizer context %s", async (_name, authorizerTenant) => {
        const event = apiEvent("GET", "/items", "acme", { authorizerTenant });
        await expect(environment()(event, contextFor("acme"))).rejects.toThrow(TenantIsolationError);
    });

    it("assumes the tenant access role once per environment, for API and file calls alike", async () => {
        const env = environment();
        for (let i = 0; i < 10; i++) {
            const itemId = bodyOf(
                await call(env, "acme", "POST", "/items", { body: JSON.stringify({ name: `n${i}` }) }),
            ).itemId as string;
            await call(env, "acme", "PUT", "/items/{itemId}/file", { itemId, body: "f" });
            await call(env, "acme", "GET", "/items/{itemId}/file", { itemId });
        }
        expect(harness.sts.inputs()).toEqual([
            {
                Action: "AssumeRole",
                RoleArn: ACCESS_ROLE,
                RoleSessionName: "tenant-acme",
                DurationSeconds: 3600,
                Tags: [{ Key: "TenantId", Value: "acme" }],
                TransitiveTagKeys: ["TenantId"],
            },
        ]);
    });

    it("answers 500 without detail when the tenant session cannot be had, and logs why", async () => {
        // moto does not evaluate IAM: the refusal is STS's error answer, reproduced by the recorder.
        harness.sts.failNext("AccessDenied", "not authorized to perform: sts:TagSession");
        const response = await call(environment(), "acme", "GET", "/items", {});
        expect(response).toEqual({
            statusCode: 500,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message: "internal error" }),
        });
        expect(harness.captured.logs()).toMatchObject([
            {
                level: "ERROR",
                message: "request failed",
                tenantId: "acme",
                tier: "pooled",
                route: "GET /items",
                error: { name: "AccessDenied" },
            },
            { level: "INFO", message: "request handled", statusCode: 500 },
        ]);
    });
});

describe("tenant handler: ingestion events", () => {
    const ingestion = (body: unknown) =>
        ({ source: INGESTION_SOURCE, messageId: "m-1", body: JSON.stringify(body) }) as const;

    it("applies an upsert for the tenant Lambda names, whatever the body says", async () => {
        const env = environment();
        const result = await env(
            ingestion({ action: "upsert-item", itemId: "from-queue", item: { name: "queued" } }),
            contextFor("acme"),
        );
        expect(result).toEqual({ messageId: "m-1", itemId: "from-queue" });
        expect(bodyOf(await call(env, "acme", "GET", "/items/{itemId}", { itemId: "from-queue" })).name).toBe(
            "queued",
        );
        expect(
            (await call(environment(), "globex", "GET", "/items/{itemId}", { itemId: "from-queue" }))
                .statusCode,
        ).toBe(404);
    });

    it("refuses a message body that names a tenant", async () => {
        await expect(
            environment()(
                ingestion({ action: "upsert-item", itemId: "x", item: { name: "x" }, tenantId: "globex" }),
                contextFor("acme"),
            ),
        ).rejects.toThrow(
            'message body must be {"action": "upsert-item", "itemId": ..., "item": {...}} and nothing else',
        );
    });
});

describe("tenant handler: telemetry", () => {
    it("puts tenantId and tier on every log line, tier on the metrics, the tenant on the trace", async () => {
        const env = environment();
        await call(env, "acme", "POST", "/items", { body: JSON.stringify({ name: "t" }) });
        await call(env, "acme", "GET", "/items/{itemId}", { itemId: "missing" });
        const logs = harness.captured.logs();
        expect(logs.map((l) => [l.message, l.statusCode])).toEqual([
            ["request handled", 201],
            ["request handled", 404],
        ]);
        for (const line of logs)
            expect(line).toMatchObject({
                tenantId: "acme",
                tier: "pooled",
                environment: "dev",
                service: "tenant-function",
            });
        expect(
            harness.captured
                .metrics()
                .map((m) => [m._aws.CloudWatchMetrics[0]?.Dimensions, m.tier, m.Request]),
        ).toEqual([
            [[["service", "environment", "tier"]], "pooled", 1],
            [[["service", "environment", "tier"]], "pooled", 1],
        ]);
        expect(harness.captured.metrics().some((m) => "tenantId" in m)).toBe(false);
        expect(harness.captured.annotations.mock.calls).toEqual([
            ["tenantId", "acme"],
            ["tier", "pooled"],
            ["tenantId", "acme"],
            ["tier", "pooled"],
        ]);
    });
});
