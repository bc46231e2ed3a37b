/**
 * The control-plane stack on the real engine: `pulumi preview` of `dev` through
 * controlplane/Pulumi.yaml (Pulumi's Node.js runtime compiles and runs controlplane/index.ts),
 * the awsx components constructed by the awsx provider double through `Construct`, the aws
 * resources checked by the aws double. What the engine would create is what the evaluation under
 * mocks (test/controlplane/infra) registers, with the same inputs wherever both are known.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedStack } from "../../plan/mockRuntime";
import { Sandbox, urnName } from "../../engine/sandbox";
import { planControlPlane } from "../controlplane/infra/plannedControlPlane";

const MUTATIONS = new Set(["create", "update", "delete"]);
const AWSX_COMPONENTS = [
    "awsx:ec2:Vpc control-plane-network-vpc",
    "awsx:ecr:Image control-plane-image-image",
    "awsx:ecr:Repository control-plane-image-repository",
    "awsx:ecs:FargateService control-plane-services-api",
    "awsx:ecs:FargateService control-plane-services-workers",
    "awsx:lb:ApplicationLoadBalancer control-plane-load-balancer-alb",
];

interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly newState?: {
        readonly type: string;
        readonly custom?: boolean;
        readonly inputs?: Record<string, unknown>;
    };
}

describe("the control-plane stack on the real engine", () => {
    let sandbox: Sandbox;
    let project: string;
    let plan: PlannedStack;
    let steps: PreviewStep[];

    beforeAll(async () => {
        sandbox = new Sandbox("control-plane");
        project = sandbox.controlPlaneProject("dev");
        plan = await planControlPlane("dev");
        const preview = sandbox.pulumi(["preview", "-s", "dev", "--json"], project);
        expect(preview.stderr).not.toMatch(/error:/);
        expect(preview.code).toBe(0);
        steps = (JSON.parse(preview.stdout) as { steps: PreviewStep[] }).steps;
    });
    afterAll(() => sandbox.dispose());

    it("previews every resource of the mock evaluation, and nothing else, without creating anything", () => {
        const previewed = steps
            .filter((s) => s.op === "create" && s.newState?.type !== "pulumi:pulumi:Stack")
            .map((s) => `${s.newState?.type} ${urnName(s.urn)}`);
        expect(previewed.sort()).toEqual(plan.resources.map((r) => `${r.type} ${r.name}`).sort());
        expect(steps.filter((s) => s.op !== "create")).toEqual([]);
        expect(sandbox.journal().filter((e) => MUTATIONS.has(e.op))).toEqual([]);
    });

    it("has the awsx provider construct each awsx component, once", () => {
        const constructed = sandbox
            .journal()
            .filter((e) => e.op === "construct")
            .map((e) => `${e.type} ${e.name}`);
        expect(constructed.sort()).toEqual(AWSX_COMPONENTS);
    });

    it("sends the awsx components the inputs the mock evaluation records, wherever both are known", () => {
        const journal = sandbox.journal().filter((e) => e.op === "construct");
        let compared = 0;
        for (const entry of journal) {
            const planned = plan.resources.find((r) => r.name === entry.name)?.inputs ?? {};
            const inputs = entry.inputs as Record<string, unknown>;
            expect(Object.keys(inputs).sort(), entry.name).toEqual(Object.keys(planned).sort());
            for (const [key, value] of Object.entries(inputs).filter(([, v]) => v !== "[unknown]")) {
                compared++;
                expect([entry.name, key, value]).toEqual([entry.name, key, planned[key]]);
            }
        }
        // The VPC's and the repository's inputs are all literal; the others wait for ids a preview does not know.
        expect(compared).toBeGreaterThan(20);
    });

    it("feeds the awsx outputs to the resources that consume them: the VPC's id and private subnets", () => {
        const inputsOf = (name: string) => steps.find((s) => urnName(s.urn) === name)?.newState?.inputs ?? {};
        const planned = (name: string) => plan.resources.find((r) => r.name === name)?.inputs ?? {};
        for (const name of [
            "control-plane-network-api",
            "control-plane-network-sqs",
            "control-plane-network-s3",
        ]) {
            expect(inputsOf(name).vpcId, name).toBe(planned(name).vpcId);
        }
        expect(inputsOf("control-plane-network-sqs").subnetIds).toEqual(
            planned("control-plane-network-sqs").subnetIds,
        );
        // The gateway endpoints' route tables come from the aws double's getRouteTables.
        expect(inputsOf("control-plane-network-s3").routeTableIds).toEqual(
            planned("control-plane-network-s3").routeTableIds,
        );
        const invokes = sandbox
            .journal()
            .filter((e) => e.op === "invoke")
            .map((e) => e.token);
        expect([...new Set(invokes)].sort()).toEqual([
            "aws:ec2/getRouteTables:getRouteTables",
            "aws:index/getCallerIdentity:getCallerIdentity",
        ]);
    });

    it("deploys with up: the aws double creates every aws resource, the outputs carry the awsx answers", () => {
        const up = sandbox.pulumi(["up", "-s", "dev", "--yes", "--skip-preview"], project);
        expect(up.stderr).toBe("");
        expect(up.code).toBe(0);
        const created = sandbox.journal().filter((e) => e.op === "create");
        expect(created.map((e) => `${e.type} ${e.name}`).sort()).toEqual(
            plan.resources
                .filter((r) => r.custom && r.type.startsWith("aws:"))
                .map((r) => `${r.type} ${r.name}`)
                .sort(),
        );
        const outputs = sandbox.pulumi(["stack", "output", "-s", "dev", "--json"], project);
        const values = JSON.parse(outputs.stdout) as Record<string, unknown>;
        expect(Object.keys(values).sort()).toEqual(Object.keys(plan.outputs).sort());
        for (const key of [
            "environment",
            "apiUrl",
            "imageUri",
            "vpcId",
            "operationsTableName",
            "secretsKeyAlias",
        ]) {
            expect([key, values[key]]).toEqual([key, plan.outputs[key]]);
        }
        expect(values.operationsQueueUrl).toBe(plan.outputs.operationsQueueUrl);
        expect(values.stateBucketName).toMatch(/^tenant-tiers-dev-control-plane-state-\d+[0-9a-f]{13}$/);
    });

    it("changes nothing on a second up", () => {
        const before = sandbox.journal().length;
        const again = sandbox.pulumi(["up", "-s", "dev", "--yes", "--expect-no-changes"], project);
        expect(again.code).toBe(0);
        expect(sandbox.journal(before).filter((e) => MUTATIONS.has(e.op))).toEqual([]);
    });
});
