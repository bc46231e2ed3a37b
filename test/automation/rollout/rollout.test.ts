/**
 * Fleet rollouts on the lifecycle's real LocalWorkspace, driven by the fake Pulumi CLI: every
 * tenant updated with the spec it has, in waves, stopping at the first wave with a failure.
 */
import { describe, expect, it } from "vitest";
import { signup, suspend } from "../../../automation/lifecycle";
import { rollout } from "../../../automation/rollout/fleetRollout";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { deployedSpec, lifecycleHarness, specOf } from "../../helpers/lifecycleHarness";

const TENANTS = ["alpha", "bravo", "charlie", "delta", "echo"];

async function fleet() {
    const h = lifecycleHarness();
    for (const id of TENANTS) await signup({ spec: specOf(id) }, h.deps());
    await suspend({ tenantId: "charlie", environment: "dev" }, h.deps());
    return h;
}

const upsOf = (h: Awaited<ReturnType<typeof fleet>>) =>
    h.fake
        .commands()
        .filter((c) => c[0] === "up")
        .map((c) => (c.find((a) => /dev-[a-z]+$/.test(a)) ?? "").split("/").pop());

describe("rollout", () => {
    it("updates every tenant with its own spec, canary first, pausing between waves", async () => {
        const h = await fleet();
        const before = upsOf(h).length;

        const report = await rollout({ environment: "dev", waves: [40, 100], pauseMs: 30_000 }, h.deps());

        expect(report.outcome).toBe("completed");
        expect(report.waves).toEqual([["alpha"], ["bravo"], ["charlie", "delta", "echo"]]);
        expect(report.tenants.map((t) => [t.tenantId, t.wave, t.outcome])).toEqual([
            ["alpha", 0, "unchanged"],
            ["bravo", 1, "unchanged"],
            ["charlie", 2, "unchanged"],
            ["delta", 2, "unchanged"],
            ["echo", 2, "unchanged"],
        ]);
        expect(upsOf(h).slice(before)).toEqual([
            "dev-alpha",
            "dev-bravo",
            "dev-charlie",
            "dev-delta",
            "dev-echo",
        ]);
        expect(h.sleeps.filter((ms) => ms === 30_000)).toHaveLength(2);
        // The suspended tenant stays suspended: a rollout changes the program, not the tenant.
        const charlie = h.fake.stacks.get("dev-charlie");
        expect(charlie === undefined ? undefined : deployedSpec(charlie).status).toBe("suspended");
    });

    it("stops at the first wave with a failure: the rest of that wave finishes, later waves do not start", async () => {
        const h = await fleet();
        h.fake.failWhen(
            (args) => args[0] === "up" && args.some((a) => a.endsWith("dev-bravo")),
            () => engineFailure("aws:lambda:Function tenant-fn: AccessDenied"),
            10,
        );

        const report = await rollout(
            { environment: "dev", waves: [60, 100], pauseMs: 0, parallel: 2 },
            h.deps({ retry: { attempts: 1 } }),
        );

        expect(report.outcome).toBe("stopped");
        expect(report.failedWave).toBe(1);
        expect(report.waves).toEqual([["alpha"], ["bravo", "charlie"], ["delta", "echo"]]);
        expect(report.tenants.map((t) => [t.tenantId, t.wave, t.outcome])).toEqual([
            ["alpha", 0, "unchanged"],
            ["bravo", 1, "failed"],
            ["charlie", 1, "unchanged"],
            ["delta", 2, "not-started"],
            ["echo", 2, "not-started"],
        ]);
        expect(report.tenants[1]?.error).toContain("AccessDenied");
    });

    it("--dry-run previews every tenant and updates none", async () => {
        const h = await fleet();
        const before = upsOf(h).length;

        const report = await rollout(
            { environment: "dev", waves: [100], pauseMs: 30_000, dryRun: true },
            h.deps(),
        );

        expect(report.outcome).toBe("previewed");
        expect(report.tenants.map((t) => t.outcome)).toEqual(Array(5).fill("previewed"));
        expect(upsOf(h).length).toBe(before);
        expect(h.sleeps.filter((ms) => ms === 30_000)).toEqual([]);
    });

    it("refuses a tenant with an unfinished operation, naming it", async () => {
        const h = await fleet();
        h.fake.failWhen(
            (args) => args[0] === "up" && args.some((a) => a.endsWith("dev-alpha")),
            () => engineFailure("disk full"),
            10,
        );
        await expect(
            suspend({ tenantId: "alpha", environment: "dev" }, h.deps({ retry: { attempts: 1 } })),
        ).rejects.toThrow();

        const report = await rollout({ environment: "dev", waves: [100], pauseMs: 0 }, h.deps());

        expect(report.outcome).toBe("stopped");
        expect(report.tenants[0]).toEqual({
            tenantId: "alpha",
            wave: 0,
            outcome: "failed",
            error: 'tenant "alpha" has an unfinished suspend (at step deploy): finish it (re-run that operation) before a rollout updates the tenant',
        });
        expect(report.tenants.slice(1).map((t) => t.outcome)).toEqual(Array(4).fill("not-started"));
    });
});
