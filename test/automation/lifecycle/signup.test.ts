import { describe, expect, it } from "vitest";
import {
    LifecycleStepError,
    signup,
    TENANT_GUARD_PACK,
    TenantExistsError,
} from "../../../automation/lifecycle";
import { concurrentUpdate, engineFailure } from "../../helpers/fakePulumiCommand";
import { lifecycleHarness, RECORD_KEY, specOf, SPEC_KEY } from "../../helpers/lifecycleHarness";

const SPEC_JSON =
    '{"tenantId":"acme","tier":"pooled","environment":"dev","adminEmail":"ops@acme.example","createdAt":"2026-03-01T09:30:00Z","status":"active"}';
const RECORD_DEPLOY =
    '{"operation":"signup","step":"deploy","startedAt":"2026-03-01T09:30:00.000Z","updatedAt":"2026-03-01T09:30:00.000Z"}';
const RECORD_DONE =
    '{"operation":"signup","step":"done","startedAt":"2026-03-01T09:30:00.000Z","updatedAt":"2026-03-01T09:30:00.000Z"}';
const UP = [
    "up",
    "--yes",
    "--skip-preview",
    "--policy-pack",
    TENANT_GUARD_PACK,
    "--client=127.0.0.1:PORT",
    "--exec-kind",
    "auto.inline",
    "--event-log",
    "tcp://127.0.0.1:PORT",
    "--stack",
    "dev-acme",
];
const AFTER_UP = [
    ["stack", "output", "--json", "--stack", "dev-acme"],
    ["stack", "output", "--json", "--show-secrets", "--stack", "dev-acme"],
    [
        "stack",
        "history",
        "--json",
        "--show-secrets",
        "--page-size",
        "1",
        "--page",
        "1",
        "--stack",
        "dev-acme",
    ],
];
const SET_DEPLOY = [
    "config",
    "set-all",
    "--stack",
    "dev-acme",
    "--plaintext",
    `${RECORD_KEY}=${RECORD_DEPLOY}`,
    "--plaintext",
    `${SPEC_KEY}=${SPEC_JSON}`,
    "--plaintext",
    "aws:region=eu-west-1",
];
const SET_DONE = ["config", "set-all", "--stack", "dev-acme", "--plaintext", `${RECORD_KEY}=${RECORD_DONE}`];
const OPEN_NEW = [
    ["stack", "select", "--stack", "dev-acme"],
    ["stack", "init", "dev-acme"],
    ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
];
const OPEN_EXISTING = [
    ["stack", "select", "--stack", "dev-acme"],
    ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
];

describe("signup through LocalWorkspace and the fake Pulumi CLI", () => {
    it("creates the stack, records spec and progress, runs up with the tenant-guard pack: exact CLI calls", async () => {
        // Prepare
        const h = lifecycleHarness();

        // Act
        const result = await signup({ spec: specOf("acme") }, h.deps());

        // Assert
        expect(h.fake.commands()).toEqual([...OPEN_NEW, SET_DEPLOY, UP, ...AFTER_UP, SET_DONE]);
        expect(h.fake.calls.every((call) => call.cwd === h.workDir)).toBe(true);
        expect(result).toEqual({
            operation: "signup",
            tenantId: "acme",
            environment: "dev",
            stackName: "dev-acme",
            outcome: "created",
            tier: "pooled",
            status: "active",
            done: ["stack dev-acme deployed (tier pooled, active)"],
            changes: { create: 6 },
            outputs: {
                tenantId: "acme",
                tier: "pooled",
                apiKeyId: "acme-key-id",
                apiUrl: "https://platform.execute-api.eu-west-1.amazonaws.com/dev",
                functionName: "tenant-tiers-dev-pooled",
                tableName: "tenant-tiers-dev-data-5f3a2c1",
                bucketName: "tenant-tiers-dev-data-7c1d9e2",
            },
        });
        expect(h.fake.stacks.get("dev-acme")?.config).toEqual({
            [SPEC_KEY]: SPEC_JSON,
            [RECORD_KEY]: RECORD_DONE,
            "aws:region": "eu-west-1",
        });
    });

    it("reports a line-worthy event per resource step, from the engine's event stream", async () => {
        const h = lifecycleHarness();

        await signup({ spec: specOf("acme") }, h.deps());

        const resources = h.events.filter((e) => e.type === "resource");
        expect(resources).toHaveLength(12);
        expect(resources.slice(0, 2)).toEqual([
            {
                type: "resource",
                tenantId: "acme",
                op: "create",
                resourceType: "aws:apigateway/apiKey:ApiKey",
                name: "acme-membership-api-key",
                state: "started",
            },
            {
                type: "resource",
                tenantId: "acme",
                op: "create",
                resourceType: "aws:apigateway/apiKey:ApiKey",
                name: "acme-membership-api-key",
                state: "done",
            },
        ]);
        expect(h.events.filter((e) => e.type !== "resource")).toEqual([
            { type: "step", operation: "signup", tenantId: "acme", step: "deploy", state: "started" },
            { type: "summary", tenantId: "acme", changes: { create: 6 }, durationSeconds: 5 },
            { type: "step", operation: "signup", tenantId: "acme", step: "deploy", state: "done" },
        ]);
    });

    it("is a no-op success when the same tenant signs up again (no up, two reads)", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        const before = h.fake.calls.length;

        const again = await signup(
            { spec: specOf("acme", "pooled", { createdAt: "2026-04-01T00:00:00Z" }) },
            h.deps(),
        );

        expect(again.outcome).toBe("unchanged");
        expect(h.fake.commands().slice(before)).toEqual(OPEN_EXISTING);
    });

    it("refuses a different spec for an existing tenant and points at change-tier", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        const before = h.fake.calls.length;

        const attempt = signup({ spec: specOf("acme", "premium") }, h.deps());

        await expect(attempt).rejects.toThrow(
            new TenantExistsError(
                "acme",
                ["tier pooled (this signup asks for premium)"],
                "to change the tier run: npm run tenant -- change-tier acme --tier premium -e dev",
            ),
        );
        await expect(attempt).rejects.toThrow(
            'tenant "acme" already exists with tier pooled (this signup asks for premium); signup changes nothing of an existing tenant: to change the tier run: npm run tenant -- change-tier acme --tier premium -e dev',
        );
        expect(h.fake.commands().slice(before)).toEqual(OPEN_EXISTING);
    });

    it("finishes a signup whose up failed, keeping the first signup time and clearing the error note", async () => {
        const h = lifecycleHarness();
        h.fake.failWhen(
            (args) => args[0] === "up",
            () => engineFailure("creating API key: throttled"),
        );

        const first = signup({ spec: specOf("acme") }, h.deps());

        await expect(first).rejects.toThrow(LifecycleStepError);
        await expect(first).rejects.toThrow(
            'signup of tenant "acme" failed at step "deploy": the Pulumi CLI failed: creating API key: throttled\n' +
                "  done:     nothing\n" +
                "  not done: deploy the tenant stack (up)\n" +
                "  progress is recorded in the config of stack dev-acme; fix the cause, then resume with:\n" +
                "    RESUME",
        );
        expect(JSON.parse(h.fake.stacks.get("dev-acme")?.config[RECORD_KEY] ?? "")).toEqual({
            operation: "signup",
            step: "deploy",
            startedAt: "2026-03-01T09:30:00.000Z",
            updatedAt: "2026-03-01T09:30:00.000Z",
            lastError: "deploy: the Pulumi CLI failed: creating API key: throttled",
        });

        const second = await signup(
            { spec: specOf("acme", "pooled", { createdAt: "2026-03-02T10:00:00Z" }) },
            h.deps(),
        );

        expect(second.outcome).toBe("resumed");
        expect(second.resumedFrom).toBe("deploy");
        const config = h.fake.stacks.get("dev-acme")?.config ?? {};
        expect(JSON.parse(config[SPEC_KEY] ?? "").createdAt).toBe("2026-03-01T09:30:00Z");
        expect(JSON.parse(config[RECORD_KEY] ?? "")).toEqual({
            operation: "signup",
            step: "done",
            startedAt: "2026-03-01T09:30:00.000Z",
            updatedAt: "2026-03-01T09:30:00.000Z",
        });
        expect(h.fake.commands().filter((c) => c[0] === "up")).toHaveLength(2);
    });

    it("retries up on ConcurrentUpdateError with doubling delays, then succeeds", async () => {
        const h = lifecycleHarness();
        h.fake.failWhen((args) => args[0] === "up", concurrentUpdate, 2);

        const result = await signup({ spec: specOf("acme") }, h.deps());

        expect(result.outcome).toBe("created");
        expect(h.sleeps).toEqual([5000, 10000]);
        expect(h.events.filter((e) => e.type === "retry")).toEqual([
            {
                type: "retry",
                tenantId: "acme",
                reason: "another update of the stack is in progress (ConcurrentUpdateError)",
                attempt: 1,
                delayMs: 5000,
            },
            {
                type: "retry",
                tenantId: "acme",
                reason: "another update of the stack is in progress (ConcurrentUpdateError)",
                attempt: 2,
                delayMs: 10000,
            },
        ]);
        expect(h.fake.commands().filter((c) => c[0] === "up")).toHaveLength(3);
    });

    it("gives up after the configured attempts of ConcurrentUpdateError", async () => {
        const h = lifecycleHarness();
        h.fake.failWhen((args) => args[0] === "up", concurrentUpdate, 3);

        const attempt = signup(
            { spec: specOf("acme") },
            h.deps({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 } }),
        );

        await expect(attempt).rejects.toThrow(
            /failed at step "deploy": the Pulumi CLI failed: .*\(the stack is locked by another update: wait for it to finish, or if it crashed run pulumi cancel --stack <stack>/,
        );
        expect(h.sleeps).toEqual([100, 150]);
    });

    it("--dry-run previews into a temporary stack and removes it again", async () => {
        const h = lifecycleHarness();

        const result = await signup({ spec: specOf("acme"), dryRun: true }, h.deps());

        expect(result).toEqual({
            operation: "signup",
            tenantId: "acme",
            environment: "dev",
            stackName: "dev-acme",
            outcome: "previewed",
            tier: "pooled",
            status: "active",
            done: [],
            changes: {},
        });
        expect(h.fake.commands()).toEqual([
            ...OPEN_NEW,
            ["config", "set-all", "--stack", "dev-acme", "--plaintext", "aws:region=eu-west-1"],
            [
                "preview",
                "--policy-pack",
                TENANT_GUARD_PACK,
                "--client=127.0.0.1:PORT",
                "--exec-kind",
                "auto.inline",
                "--event-log",
                "tcp://127.0.0.1:PORT",
                "--stack",
                "dev-acme",
            ],
            ["stack", "rm", "--yes", "dev-acme"],
        ]);
        expect(h.fake.stacks.size).toBe(0);
    });
});
