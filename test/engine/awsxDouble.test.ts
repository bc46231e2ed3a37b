/**
 * The awsx component provider double on its own (part of `npm test`): it refuses to run outside a
 * test, knows exactly the components plan/awsxState.ts answers, and errs on any other component.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { awsxDouble, COMPONENT_OUTPUTS } from "../../engine/awsxDouble/components";
import { awsxMockState } from "../../plan/awsxState";

const REPO = path.resolve(__dirname, "..", "..");

describe("the awsx provider double", () => {
    it("refuses to start unless TENANT_TIERS_AWS_DOUBLE=test", () => {
        const env = { ...process.env };
        delete env.TENANT_TIERS_AWS_DOUBLE;
        const run = spawnSync(
            "node",
            ["--import", "tsx", path.join(REPO, "engine", "awsxDouble", "main.ts")],
            {
                cwd: REPO,
                env,
                encoding: "utf8",
            },
        );
        expect(run.status).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("refuses to start: it is not awsx");
    });

    it.each(Object.entries(COMPONENT_OUTPUTS))("%s answers exactly the outputs it declares", (type, keys) => {
        const state = awsxMockState(type, "example", { name: "example-name" }, "123456789012", "eu-west-1");
        expect(Object.keys(state ?? {}).sort()).toEqual([...keys].sort());
    });

    it("refuses a component it was not taught, naming where to teach it", async () => {
        const double = awsxDouble("3.9.0");
        await expect(double.construct?.("x", "awsx:ec2:DefaultVpc", {}, {})).rejects.toThrow(
            "awsx provider double: component awsx:ec2:DefaultVpc is not known; teach it in engine/awsxDouble/components.ts and plan/awsxState.ts",
        );
        expect(awsxMockState("awsx:ec2:DefaultVpc", "x", {}, "123456789012", "eu-west-1")).toBeUndefined();
    });
});
