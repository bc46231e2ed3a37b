/** `npm run tenant -- rollout` against the fake engine: its report, its exit codes, its input rules. */
import { describe, expect, it } from "vitest";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { cliHarness } from "../../helpers/cliHarness";

async function fleetCli() {
    const cli = cliHarness();
    for (const id of ["alpha", "bravo", "charlie"])
        expect(
            (await cli.run(["signup", id, "--tier", "pooled", "--admin-email", `ops@${id}.example`])).code,
        ).toBe(0);
    return cli;
}

describe("tenant rollout", () => {
    it("updates the fleet in waves, prints one line per tenant; exit 0", async () => {
        const cli = await fleetCli();

        const run = await cli.run(["rollout", "--waves", "50,100", "--pause", "0"]);

        expect(run.code).toBe(0);
        expect(run.out).toBe(
            [
                "  wave 0 (canary)  alpha                            unchanged",
                "  wave 1           bravo                            unchanged",
                "  wave 2           charlie                          unchanged",
                "rollout of dev completed: 3 tenant(s) in 3 wave(s)",
                "",
            ].join("\n"),
        );
        expect(run.err).toContain("wave 0 (canary) started: alpha\n");
    });

    it("exits 1 and names the stop when a wave fails", async () => {
        const cli = await fleetCli();
        cli.h.fake.failWhen(
            (args) => args[0] === "up" && args.some((a) => a.endsWith("dev-alpha")),
            () => engineFailure("AccessDenied"),
            10,
        );

        const run = await cli.run(["rollout", "--pause", "0", "--json"]);

        expect(run.code).toBe(1);
        const document = JSON.parse(run.out);
        expect(document.result.outcome).toBe("stopped");
        expect(document.result.tenants.map((t: { outcome: string }) => t.outcome)).toEqual([
            "failed",
            "not-started",
            "not-started",
        ]);
    });

    it("refuses bad --waves, --pause and --parallel together; exit 2, nothing called", async () => {
        const cli = cliHarness();

        const run = await cli.run(["rollout", "--waves", "50,20", "--pause", "soon", "--parallel", "0"]);

        expect(run.code).toBe(2);
        expect(run.err).toContain(
            '--waves "50,20": expected ascending whole percentages from 1 to 100, comma-separated, ending at 100 (e.g. 10,50,100)',
        );
        expect(run.err).toContain(
            '--pause "soon": expected a duration up to an hour: 30s, 2m, 500ms or whole seconds',
        );
        expect(run.err).toContain('--parallel "0": expected a whole number from 1 to 32');
        expect(cli.h.fake.commands()).toEqual([]);
    });
});
