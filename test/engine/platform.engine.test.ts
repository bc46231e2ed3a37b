/**
 * The platform stack on the real engine: `pulumi preview` and `pulumi up` of `dev` through
 * Pulumi.yaml, so Pulumi's own Node.js runtime compiles and runs index.ts; what the engine creates
 * is what the offline plan says; a second `up` changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource, PlannedStack } from "../../plan/mockRuntime";
import { planPlatformStack } from "../../plan/platform";
import { comparableInputs, mockNames, plannedKey, stateKey } from "./support/compare";
import { Sandbox, type StateResource, urnName } from "../../engine/sandbox";

const MUTATIONS = new Set(["create", "update", "delete"]);

describe("the platform stack on the real engine", () => {
    let sandbox: Sandbox;
    let project: string;
    let plan: PlannedStack;
    let state: StateResource[];

    beforeAll(async () => {
        sandbox = new Sandbox("platform");
        project = sandbox.platformProject();
        plan = await planPlatformStack("dev");
    });
    afterAll(() => sandbox.dispose());

    it("previews every planned resource without asking the provider to create anything", () => {
        const preview = sandbox.pulumi(["preview", "-s", "dev", "--json"], project);
        expect(preview.stderr).not.toMatch(/error:/);
        expect(preview.code).toBe(0);
        const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps;
        const creates = steps.filter((s) => s.op === "create").map((s) => urnName(s.urn));
        // Every planned resource plus the stack itself.
        expect(creates).toHaveLength(plan.resources.length + 1);
        expect(sandbox.journal().filter((e) => MUTATIONS.has(e.op))).toEqual([]);
    });

    it("creates exactly the resources of the offline plan: type, name and parent", () => {
        const up = sandbox.pulumi(["up", "-s", "dev", "--yes", "--skip-preview"], project);
        expect(up.stderr).toBe("");
        expect(up.code).toBe(0);
        state = sandbox.exportStack("dev", project);
        const deployed = state.filter((r) => !r.type.startsWith("pulumi:")).map((r) => stateKey(r, state));
        expect(deployed.sort()).toEqual(plan.resources.map((r) => plannedKey(r)).sort());
        const created = sandbox.journal().filter((e) => e.op === "create");
        expect(created).toHaveLength(plan.resources.filter((r) => r.custom).length);
    });

    it("sends the provider the inputs the offline plan shows, wherever both are known", () => {
        const byKey = new Map(state.map((r) => [stateKey(r, state), r]));
        const names = mockNames(state);
        const differences: string[] = [];
        let compared = 0;
        for (const planned of plan.resources.filter((r: PlannedResource) => r.custom)) {
            const deployed = byKey.get(plannedKey(planned));
            const pairs = comparableInputs(planned.inputs, deployed?.inputs ?? {}, names);
            for (const [key, planValue, engineValue] of pairs) {
                compared++;
                if (JSON.stringify(planValue) !== JSON.stringify(engineValue)) {
                    differences.push(
                        `${planned.type} ${planned.name}.${key}: plan ${JSON.stringify(planValue)} engine ${JSON.stringify(engineValue)}`,
                    );
                }
            }
        }
        expect(differences).toEqual([]);
        // Most inputs are literal (tags, settings, policies of literals): the comparison is not vacuous.
        expect(compared).toBeGreaterThan(300);
    });

    it("keeps protect and retainOnDelete as the plan records them", () => {
        const byKey = new Map(state.map((r) => [stateKey(r, state), r]));
        const options = plan.resources
            .filter((r) => r.custom)
            .map((r) => {
                const deployed = byKey.get(plannedKey(r));
                return [
                    r.name,
                    r.protect,
                    r.retainOnDelete,
                    deployed?.protect ?? false,
                    deployed?.retainOnDelete ?? false,
                ];
            })
            .filter(
                ([, planProtect, planRetain, engineProtect, engineRetain]) =>
                    planProtect !== engineProtect || planRetain !== engineRetain,
            );
        expect(options).toEqual([]);
        expect(plan.resources.filter((r) => r.retainOnDelete).length).toBeGreaterThan(0);
    });

    it("exports every output tenant stacks read, with a value", () => {
        const outputs = sandbox.pulumi(["stack", "output", "-s", "dev", "--json", "--show-secrets"], project);
        expect(outputs.code).toBe(0);
        const values = JSON.parse(outputs.stdout) as Record<string, unknown>;
        expect(Object.keys(values).sort()).toEqual(Object.keys(plan.outputs).sort());
        const empty = Object.entries(values).filter(([, v]) => v === undefined || v === null || v === "");
        expect(empty).toEqual([]);
        expect(values.environment).toBe("dev");
        expect(values.region).toBe("eu-west-1");
        expect(values.tenantAccessRoleArn).toMatch(
            /^arn:aws:iam::123456789012:role\/platform-tenant-access-role-[0-9a-f]{7}$/,
        );
    });

    it("changes nothing on a second up", () => {
        const before = sandbox.journal().length;
        const again = sandbox.pulumi(["up", "-s", "dev", "--yes", "--expect-no-changes"], project);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain(`${plan.resources.length + 1} unchanged`);
        expect(sandbox.journal(before).filter((e) => MUTATIONS.has(e.op))).toEqual([]);
    });
});
