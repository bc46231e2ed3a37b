import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP_PROJECT, type SiloBootstrapArgs } from "../../../automation/bootstrap/args";
import { siloBootstrapProgram } from "../../../automation/bootstrap/program";
import { bootstrapPermissions, bootstrapTrust, siloBoundary } from "../../../components/policies";
import { planStack, type PlannedStack } from "../../../plan/mockRuntime";
import type { TenantId } from "../../../tiers/tenantId";
import { PlannedResources } from "../../helpers/plannedStack";

const SILO = "210987654321";
const ARGS: SiloBootstrapArgs = {
    environment: "dev",
    tenantId: "globex" as TenantId,
    accountId: SILO,
    organizationId: "o-a1b2c3d4e5",
    region: "eu-west-1",
    accessRoleName: "OrganizationAccountAccessRole",
    bootstrapRoleName: "tenant-tiers-bootstrap",
    deployerArn: "arn:aws:iam::123456789012:role/platform-deployer",
};
const BOUNDARY_ARN = `arn:aws:iam::${SILO}:policy/tenant-tiers-silo-boundary`;
const TAGS = { TenantId: "globex", Environment: "dev" };

let stack: PlannedStack;
let plan: PlannedResources;

beforeAll(async () => {
    stack = await planStack({
        project: BOOTSTRAP_PROJECT,
        stack: "dev-globex-bootstrap",
        kind: "silo-bootstrap",
        config: { "aws:region": "eu-west-1" },
        program: siloBootstrapProgram(ARGS),
    });
    plan = new PlannedResources(stack);
});

describe("the bootstrap stack's program (globex, dev) under mocks", () => {
    it("creates exactly a provider, the boundary, the bootstrap role and its policy, all through the provider", () => {
        expect(plan.countByType()).toEqual({
            "pulumi:providers:aws": 1,
            "aws:iam/policy:Policy": 1,
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
        });
        expect(plan.custom.filter((r) => r.type.startsWith("aws:")).map((r) => [r.name, r.provider])).toEqual(
            [
                ["silo-boundary", "silo-access"],
                ["bootstrap-role", "silo-access"],
                ["bootstrap-permissions", "silo-access"],
            ],
        );
    });

    it("assumes the organization's access role in the silo account and refuses any other account", () => {
        const provider = plan.named("silo-access");
        expect(provider.inputs.region).toBe("eu-west-1");
        expect(JSON.parse(provider.inputs.allowedAccountIds as string)).toEqual([SILO]);
        expect(JSON.parse(provider.inputs.assumeRoles as string)).toEqual([
            {
                roleArn: `arn:aws:iam::${SILO}:role/OrganizationAccountAccessRole`,
                sessionName: "bootstrap-dev-globex",
            },
        ]);
    });

    it("creates the boundary with the silo boundary document", () => {
        expect(plan.named("silo-boundary").inputs).toMatchObject({
            name: "tenant-tiers-silo-boundary",
            tags: TAGS,
        });
        expect(plan.json("silo-boundary", "policy")).toEqual(siloBoundary(SILO));
    });

    it("creates the bootstrap role trusting only the deployer for this tenant, under the boundary", () => {
        const role = plan.named("bootstrap-role");
        expect(role.inputs).toMatchObject({
            name: "tenant-tiers-bootstrap",
            permissionsBoundary: BOUNDARY_ARN,
            maxSessionDuration: 3600,
            tags: TAGS,
        });
        expect(plan.json("bootstrap-role", "assumeRolePolicy")).toEqual(
            bootstrapTrust({
                deployerArn: "arn:aws:iam::123456789012:role/platform-deployer",
                tenantId: "globex",
                organizationId: "o-a1b2c3d4e5",
            }),
        );
        expect(plan.json("bootstrap-role", "assumeRolePolicy")).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TenantStacksOfThisTenant",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:role/platform-deployer" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:RequestTag/TenantId": "globex",
                            "aws:PrincipalOrgID": "o-a1b2c3d4e5",
                        },
                        "ForAllValues:StringEquals": {
                            "aws:TagKeys": ["TenantId"],
                            "sts:TransitiveTagKeys": ["TenantId"],
                        },
                    },
                },
            ],
        });
    });

    it("gives the role the bootstrap permissions, and roles only under the boundary", () => {
        expect(plan.named("bootstrap-permissions").inputs.role).toBe("tenant-tiers-bootstrap");
        const policy = plan.json("bootstrap-permissions", "policy");
        expect(policy).toEqual(
            bootstrapPermissions({ accountId: SILO, bootstrapRoleName: "tenant-tiers-bootstrap" }),
        );
        const statements = (policy as { Statement: { Sid: string }[] }).Statement;
        expect(statements.find((s) => s.Sid === "SiloDataRolesWithTheBoundary")).toEqual({
            Sid: "SiloDataRolesWithTheBoundary",
            Effect: "Allow",
            Action: [
                "iam:CreateRole",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
            ],
            Resource: `arn:aws:iam::${SILO}:role/tenant-tiers-*-silo-*`,
            Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY_ARN } },
        });
    });

    it("outputs the account, the role and the boundary", () => {
        expect(stack.outputs).toEqual({
            accountId: SILO,
            roleArn: `arn:aws:iam::${SILO}:role/tenant-tiers-bootstrap`,
            boundaryArn: BOUNDARY_ARN,
        });
    });

    it("keeps both policies within IAM's size limits (managed 6,144, inline 10,240 characters without whitespace)", () => {
        expect(JSON.stringify(siloBoundary(SILO)).length).toBeLessThan(6144);
        expect(
            JSON.stringify(
                bootstrapPermissions({ accountId: SILO, bootstrapRoleName: "tenant-tiers-bootstrap" }),
            ).length,
        ).toBeLessThan(10240);
    });
});
