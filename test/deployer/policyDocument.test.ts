import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMPONENT_CHILD_TYPES, RESOURCE_ACTIONS } from "../../deployer/permissions";
import {
    deployerPolicy,
    siloBootstrapPolicy,
    UnmappedResourceTypeError,
} from "../../deployer/policyDocument";
import type { PlannedStack } from "../../plan/mockRuntime";
import { planPlatformStack } from "../../plan/platform";
import { tenantSpecsFromOptions } from "../../plan/sampleTenants";
import { planTenantStacks } from "../../plan/tenants";

/** The value, or a failed test naming what was missing. */
function must<T>(value: T | null | undefined, what = "value"): T {
    if (value === null || value === undefined) throw new Error(`expected a ${what}`);
    return value;
}

let dev: PlannedStack[];
let full: PlannedStack[];

/** Every optional feature on: cost tags, the alarm subscription, the CloudTrail trail, SES email. */
const FULL_CONFIG = `config:
  aws:region: eu-west-1
  tenant-tiers:environment: dev
  tenant-tiers:payerAccount: "true"
  tenant-tiers:alarmEmail: ops@example.com
  tenant-tiers:createCloudTrail: "true"
  tenant-tiers:cloudTrailLogGroupName: /tenant-tiers/dev/cloudtrail
  tenant-tiers:emailFrom: no-reply@example.com
  tenant-tiers:sesIdentityArn: arn:aws:ses:eu-west-1:123456789012:identity/example.com
`;

async function planAll(dir?: string): Promise<PlannedStack[]> {
    const platform = await planPlatformStack("dev", dir);
    return [platform, ...(await planTenantStacks(tenantSpecsFromOptions([], "dev"), platform.outputs))];
}

const awsTypes = (stacks: PlannedStack[]): string[] =>
    [
        ...new Set(
            stacks.flatMap((s) =>
                s.resources.filter((r) => r.custom && r.type.startsWith("aws:")).map((r) => r.type),
            ),
        ),
    ].sort();

const actionsOf = (policy: { Statement: readonly { Action: readonly string[] }[] }): Set<string> =>
    new Set(policy.Statement.flatMap((s) => s.Action));

beforeAll(async () => {
    dev = await planAll();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deployer-policy-"));
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), FULL_CONFIG);
    full = await planAll(dir);
}, 120_000);

describe("the deployer policy built from the plan", () => {
    it("maps every AWS resource type the plan creates, with every optional feature on", () => {
        const types = awsTypes(full);
        expect(types).toContain("aws:costexplorer/costAllocationTag:CostAllocationTag");
        expect(types).toContain("aws:sns/topicSubscription:TopicSubscription");
        // The awsx trail's children run in awsx's provider, so the plan sees the component only.
        expect(full[0]?.resources.map((r) => r.type)).toContain("awsx:cloudtrail:Trail");
        expect(actionsOf(deployerPolicy(full))).toContain("cloudtrail:CreateTrail");
        expect(actionsOf(deployerPolicy(dev))).not.toContain("cloudtrail:CreateTrail");
        expect(types.filter((t) => !Object.hasOwn(RESOURCE_ACTIONS, t))).toEqual([]);
        const children = Object.values(COMPONENT_CHILD_TYPES).flat();
        expect(children.filter((t) => !Object.hasOwn(RESOURCE_ACTIONS, t))).toEqual([]);
        expect(() => deployerPolicy(full)).not.toThrow();
    });

    it("grants the actions of each planned type and nothing for types the plan does not create", () => {
        const granted = actionsOf(deployerPolicy(dev));
        for (const type of awsTypes(dev).filter((t) => !t.startsWith("aws:costexplorer"))) {
            for (const action of must(RESOURCE_ACTIONS[type], type))
                expect(granted, `${type} needs ${action}`).toContain(action);
        }
        // payerAccount is off in dev: no cost allocation tag, so no Cost Explorer permission.
        expect(awsTypes(dev)).not.toContain("aws:costexplorer/costAllocationTag:CostAllocationTag");
        expect([...granted].filter((a) => a.startsWith("ce:"))).toEqual([]);
        expect(actionsOf(deployerPolicy(full))).toContain("ce:UpdateCostAllocationTagsStatus");
    });

    it("has no wildcard action and only service:Action names", () => {
        for (const policy of [deployerPolicy(dev), deployerPolicy(full), must(siloBootstrapPolicy(dev))]) {
            for (const action of actionsOf(policy)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
        }
        for (const actions of Object.values(RESOURCE_ACTIONS)) {
            for (const action of actions) expect(action).not.toContain("*");
        }
    });

    it("lets the deployer assume exactly the silo bootstrap roles, with the TenantId session tag", () => {
        const assume = deployerPolicy(dev).Statement.filter((s) => s.Action.includes("sts:AssumeRole"));
        expect(assume).toEqual([
            {
                Sid: "AssumeSiloBootstrapRoles",
                Effect: "Allow",
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Resource: ["arn:aws:iam::111122223333:role/tenant-tiers-bootstrap"],
            },
        ]);
    });

    it("gives the silo bootstrap role the types created in the silo account, and null without a silo tenant", () => {
        const silo = must(siloBootstrapPolicy(dev));
        expect(silo.Statement.map((s) => s.Sid)).toEqual(["Dynamodb", "Iam", "Kms", "S3", "Sts"]);
        expect(siloBootstrapPolicy([must(dev[0])])).toBeNull();
    });

    it("refuses a planned type with no mapping, naming it and the file to change", () => {
        const stack: PlannedStack = {
            ...must(dev[0]),
            resources: [
                ...must(dev[0]).resources,
                {
                    type: "aws:ec2/vpc:Vpc",
                    name: "x",
                    parent: null,
                    custom: true,
                    inputs: {},
                    protect: false,
                    retainOnDelete: false,
                    dependsOn: [],
                },
            ],
        };
        expect(() => deployerPolicy([stack])).toThrow(UnmappedResourceTypeError);
        expect(() => deployerPolicy([stack])).toThrow(
            "resource types aws:ec2/vpc:Vpc have no IAM actions in deployer/permissions.ts; add the provider's create/read/update/delete actions for each",
        );
    });
});
