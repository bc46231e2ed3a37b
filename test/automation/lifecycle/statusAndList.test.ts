import { describe, expect, it } from "vitest";
import { LifecycleStateError, list, resume, signup, status, suspend } from "../../../automation/lifecycle";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { deployedSpec, lifecycleHarness, specOf } from "../../helpers/lifecycleHarness";

const acme = { tenantId: "acme", environment: "dev" };

describe("suspend and resume: the registry status by an up", () => {
    it("suspends, is a no-op when suspended, resumes", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());

        const suspended = await suspend(acme, h.deps());
        const again = await suspend(acme, h.deps());
        const stack = h.fake.stacks.get("dev-acme");
        const statusWhileSuspended = stack === undefined ? undefined : deployedSpec(stack).status;
        const resumed = await resume(acme, h.deps());

        expect(suspended).toMatchObject({
            operation: "suspend",
            outcome: "updated",
            status: "suspended",
            done: ['registry entry of "acme" set to suspended (up)'],
        });
        expect(again).toMatchObject({ outcome: "unchanged", status: "suspended", done: [] });
        expect(statusWhileSuspended).toBe("suspended");
        expect(resumed).toMatchObject({ operation: "resume", outcome: "updated", status: "active" });
        expect(h.fake.commands().filter((c) => c[0] === "up")).toHaveLength(3);
    });

    it("--dry-run previews the change and records nothing", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        const config = { ...h.fake.stacks.get("dev-acme")?.config };

        const result = await suspend({ ...acme, dryRun: true }, h.deps());

        expect(result).toMatchObject({ outcome: "previewed", status: "suspended", changes: { same: 6 } });
        expect(h.fake.stacks.get("dev-acme")?.config).toEqual(config);
    });

    it("refuses a stack that was never signed up", async () => {
        const h = lifecycleHarness();
        h.fake.failWhen(
            (a) => a[0] === "config" && a[1] === "set-all",
            () => engineFailure("disk full"),
            2,
        );
        await expect(signup({ spec: specOf("acme") }, h.deps())).rejects.toThrow(/failed at step "deploy"/);

        await expect(suspend(acme, h.deps())).rejects.toThrow(
            new LifecycleStateError(
                'stack dev-acme has no tenant spec in its config: tenant "acme" was never signed up (or its signup stopped before deploying): run signup for it first',
            ),
        );
    });
});

describe("status and list", () => {
    it("status shows tier, state, last operation and outputs", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        await suspend(acme, h.deps());

        const report = await status(acme, h.deps());

        expect(report).toEqual({
            tenantId: "acme",
            environment: "dev",
            stackName: "dev-acme",
            tier: "pooled",
            state: "suspended",
            adminEmail: "ops@acme.example",
            createdAt: "2026-03-01T09:30:00Z",
            lastOperation: {
                operation: "suspend",
                step: "done",
                finished: true,
                startedAt: "2026-03-01T09:30:00.000Z",
                updatedAt: "2026-03-01T09:30:00.000Z",
            },
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
        expect(h.fake.commands().slice(-4)).toEqual([
            ["stack", "select", "--stack", "dev-acme"],
            ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
            ["stack", "output", "--json", "--stack", "dev-acme"],
            ["stack", "output", "--json", "--show-secrets", "--stack", "dev-acme"],
        ]);
    });

    it("status shows an unfinished operation and its last error", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        h.fake.failWhen(
            (a) => a[0] === "up",
            () => engineFailure("throttled"),
        );
        await expect(suspend(acme, h.deps())).rejects.toThrow(/failed at step "deploy"/);

        const report = await status(acme, h.deps());

        expect(report.lastOperation).toEqual({
            operation: "suspend",
            step: "deploy",
            finished: false,
            startedAt: "2026-03-01T09:30:00.000Z",
            updatedAt: "2026-03-01T09:30:00.000Z",
            lastError: "deploy: the Pulumi CLI failed: throttled",
        });
    });

    it("list shows the <env>-* stacks whose names end in a tenant id, sorted", async () => {
        const h = lifecycleHarness();
        for (const id of ["globex", "acme"]) await signup({ spec: specOf(id) }, h.deps());
        for (const name of ["prod-acme", "dev-Bad", "devx-acme", "dev-"]) {
            h.fake.stacks.set(name, {
                config: {},
                outputs: {},
                deployedConfig: undefined,
                resources: [],
                updates: 0,
                lastChanges: {},
            });
        }

        const entries = await list({ environment: "dev" }, h.deps());

        expect(entries).toEqual([
            {
                name: "dev-acme",
                tenantId: "acme",
                updateInProgress: false,
                resourceCount: 6,
                lastUpdate: "2026-03-01T09:30:00.000Z",
            },
            {
                name: "dev-globex",
                tenantId: "globex",
                updateInProgress: false,
                resourceCount: 6,
                lastUpdate: "2026-03-01T09:30:00.000Z",
            },
        ]);
        expect(h.fake.commands().slice(-1)).toEqual([["stack", "ls", "--json"]]);
    });
});
