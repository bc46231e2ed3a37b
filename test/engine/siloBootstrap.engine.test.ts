/**
 * The silo bootstrap stack on the real engine: the lifecycle's local workspace factory opens the
 * bootstrap stack in the sandbox's file backend and runs the inline program through the real
 * `pulumi` against the aws provider double, whose account follows the role the provider assumes.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiloBootstrapArgs } from "../../automation/bootstrap/args";
import { localWorkspaceFactory, pulumiCommandOf } from "../../automation/lifecycle/localWorkspace";
import { bootstrapPermissions, bootstrapTrust, siloBoundary } from "../../components/policies";
import { engineBin, Sandbox } from "../../engine/sandbox";
import type { TenantId } from "../../tiers/tenantId";

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

describe("the silo bootstrap stack on the real engine", () => {
    let sandbox: Sandbox;
    let workDir: string;

    beforeAll(() => {
        sandbox = new Sandbox("bootstrap");
        workDir = path.join(sandbox.root, "tenants");
        fs.mkdirSync(workDir);
    });

    afterAll(() => {
        sandbox?.dispose();
    });

    it("creates the boundary, the role and its policy in the silo account, and a second up changes nothing", async () => {
        // Prepare
        const env = Object.fromEntries(
            Object.entries(sandbox.env()).filter((e): e is [string, string] => e[1] !== undefined),
        );
        const factory = localWorkspaceFactory({
            organization: "organization",
            workDir,
            pulumiCommand: await pulumiCommandOf({ pulumiRoot: path.dirname(engineBin()) }),
            envVars: env,
        });

        // Act
        const ws = await factory.openBootstrap?.({ environment: "dev", tenantId: "globex" as TenantId });
        const first = await ws?.up(ARGS);
        const again = await ws?.up(ARGS);

        // Assert
        expect(ws?.stackName).toBe("dev-globex-bootstrap");
        expect(first?.outputs).toEqual({
            accountId: SILO,
            roleArn: `arn:aws:iam::${SILO}:role/tenant-tiers-bootstrap`,
            boundaryArn: `arn:aws:iam::${SILO}:policy/tenant-tiers-silo-boundary`,
        });
        expect(first?.changes).toEqual({ create: 5 });
        expect(again?.changes).toEqual({ same: 5 });
        const created = sandbox.journal().filter((e) => e.op === "create");
        expect(created.map((e) => [e.type, (e.provider as { account: string }).account])).toEqual([
            ["aws:iam/policy:Policy", SILO],
            ["aws:iam/role:Role", SILO],
            ["aws:iam/rolePolicy:RolePolicy", SILO],
        ]);
        expect(created.map((e) => (e.provider as { assumeRoles: string[] }).assumeRoles)).toEqual(
            Array(3).fill([`arn:aws:iam::${SILO}:role/OrganizationAccountAccessRole`]),
        );
        const state = sandbox.exportStack("dev-globex-bootstrap", path.join(workDir, "silo-bootstrap"));
        const role = state.find((r) => r.type === "aws:iam/role:Role");
        expect(role?.inputs?.permissionsBoundary).toBe(
            `arn:aws:iam::${SILO}:policy/tenant-tiers-silo-boundary`,
        );
        expect(JSON.parse(String(role?.inputs?.assumeRolePolicy))).toEqual(
            bootstrapTrust({
                deployerArn: ARGS.deployerArn,
                tenantId: "globex",
                organizationId: "o-a1b2c3d4e5",
            }),
        );
        const policy = state.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
        expect(JSON.parse(String(policy?.inputs?.policy))).toEqual(
            bootstrapPermissions({ accountId: SILO, bootstrapRoleName: "tenant-tiers-bootstrap" }),
        );
        const boundary = state.find((r) => r.type === "aws:iam/policy:Policy");
        expect(JSON.parse(String(boundary?.inputs?.policy))).toEqual(siloBoundary(SILO));
        const provider = state.find((r) => r.type === "pulumi:providers:aws");
        expect(JSON.parse(String(provider?.inputs?.allowedAccountIds))).toEqual([SILO]);
    });
});
