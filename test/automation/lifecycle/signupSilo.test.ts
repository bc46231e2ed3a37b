/**
 * Signup of silo tenants against moto's Organizations and STS: the account is vended (CreateAccount,
 * DescribeCreateAccountStatus, MoveAccount into an OU), bootstrapped (the bootstrap stack, with the
 * fake Pulumi CLI) and then the tenant stack deployed into it; crashes at each step resume.
 */
import { ListAccountsCommand, ListParentsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { beforeEach, describe, expect, it } from "vitest";
import { signup } from "../../../automation/lifecycle";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import {
    bootstrapArgsOf,
    lifecycleHarness,
    REGION,
    RECORD_KEY,
    specOf,
    SPEC_KEY,
} from "../../helpers/lifecycleHarness";
import type { Moto } from "../../engine/support/moto";
import { MOTO_CREDENTIALS, useMotoOrganization } from "../../helpers/motoOrganization";

const MANAGEMENT = "123456789012";
const DEPLOYER_ROLE = `arn:aws:iam::${MANAGEMENT}:role/platform-deployer`;
const credentials = MOTO_CREDENTIALS;

let moto: Moto;
let organizations: OrganizationsClient;
let sts: STSClient;
let organizationId: string;
let ouId: string;

const organization = useMotoOrganization();
beforeEach(async () => {
    ({ moto, client: organizations, organizationId, ouId } = organization());
    // The platform's deployer: a session of its role, as a CI job or an operator runs it.
    const session = await new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials }).send(
        new AssumeRoleCommand({ RoleArn: DEPLOYER_ROLE, RoleSessionName: "ci-run" }),
    );
    sts = new STSClient({
        region: "us-east-1",
        endpoint: moto.endpoint,
        credentials: {
            accessKeyId: session.Credentials?.AccessKeyId ?? "",
            secretAccessKey: session.Credentials?.SecretAccessKey ?? "",
            sessionToken: session.Credentials?.SessionToken ?? "",
        },
    });
});

async function memberAccounts(): Promise<string[]> {
    const { Accounts } = await organizations.send(new ListAccountsCommand({}));
    return (Accounts ?? []).map((a) => a.Id ?? "").filter((id) => id !== MANAGEMENT);
}

const ups = (h: ReturnType<typeof lifecycleHarness>, stack: string) =>
    h.fake.commands().filter((c) => c[0] === "up" && c.includes(stack)).length;

describe("signup of silo tenants (moto's Organizations and STS)", () => {
    const input = () => ({
        spec: specOf("globex", "premium"),
        silo: { create: { email: "aws+globex@example.com", organizationalUnitId: ouId } },
    });

    it("vends the account into the OU, bootstraps it, then deploys the tenant stack into it", async () => {
        // Prepare
        const h = lifecycleHarness({ aws: { organizations, sts } });

        // Act
        const result = await signup(input(), h.deps());

        // Assert
        const [accountId] = await memberAccounts();
        expect(await memberAccounts()).toHaveLength(1);
        const parents = await organizations.send(new ListParentsCommand({ ChildId: accountId }));
        expect(parents.Parents).toEqual([{ Id: ouId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect(result.outcome).toBe("created");
        expect(result.siloAccountId).toBe(accountId);
        const bootstrap = h.fake.stacks.get("dev-globex-bootstrap");
        expect(bootstrap === undefined ? undefined : bootstrapArgsOf(bootstrap)).toEqual({
            environment: "dev",
            tenantId: "globex",
            accountId,
            organizationId,
            region: REGION,
            accessRoleName: "OrganizationAccountAccessRole",
            bootstrapRoleName: "tenant-tiers-bootstrap",
            deployerArn: DEPLOYER_ROLE,
        });
        expect(bootstrap?.config["aws:region"]).toBe(REGION);
        const config = h.fake.stacks.get("dev-globex")?.config ?? {};
        expect(JSON.parse(config[SPEC_KEY] ?? "").silo).toEqual({
            accountId,
            organizationId,
            bootstrapRoleName: "tenant-tiers-bootstrap",
        });
        const record = JSON.parse(config[RECORD_KEY] ?? "");
        expect(record.step).toBe("done");
        expect(record.vending.state).toBe("placed");
        expect(record.bootstrap).toEqual({
            state: "done",
            accountId,
            stackName: "dev-globex-bootstrap",
            accessRoleName: "OrganizationAccountAccessRole",
            roleName: "tenant-tiers-bootstrap",
            deployerArn: DEPLOYER_ROLE,
            roleArn: `arn:aws:iam::${accountId}:role/tenant-tiers-bootstrap`,
            boundaryArn: `arn:aws:iam::${accountId}:policy/tenant-tiers-silo-boundary`,
        });
        // The bootstrap stack is deployed before the tenant stack, each once.
        const upStacks = h.fake
            .commands()
            .filter((c) => c[0] === "up")
            .map((c) => c[c.indexOf("--stack") + 1]);
        expect(upStacks).toEqual(["dev-globex-bootstrap", "dev-globex"]);
        const bootstrapCwd = h.fake.calls.find((c) => c.args[0] === "up")?.cwd;
        expect(bootstrapCwd).toBe(`${h.workDir}/silo-bootstrap`);
        expect(result.done).toEqual([
            `silo account ${accountId} vended`,
            `silo account ${accountId} bootstrapped (stack dev-globex-bootstrap, role arn:aws:iam::${accountId}:role/tenant-tiers-bootstrap)`,
            "stack dev-globex deployed (tier premium, active)",
        ]);
        const steps = h.events.filter((e) => e.type === "step").map((e) => `${e.step}:${e.state}`);
        expect(steps).toEqual([
            "silo:started",
            "silo:done",
            "bootstrap:started",
            "bootstrap:done",
            "deploy:started",
            "deploy:done",
        ]);
    });

    it("resumes after a crash in the bootstrap's up: no second account, the bootstrap runs again, then the deploy", async () => {
        // Prepare
        const h = lifecycleHarness({ aws: { organizations, sts } });
        h.fake.failWhen(
            (args) => args[0] === "up" && args.includes("dev-globex-bootstrap"),
            () => engineFailure("assuming OrganizationAccountAccessRole: AccessDenied"),
        );

        // Act
        const failed = signup(input(), h.deps());
        await expect(failed).rejects.toThrow(/failed at step "silo"/);
        const [accountId] = await memberAccounts();
        const between = JSON.parse(h.fake.stacks.get("dev-globex")?.config[RECORD_KEY] ?? "");
        const result = await signup(input(), h.deps());

        // Assert
        expect(between.silo).toEqual({ accountId, organizationId });
        expect(between.bootstrap.state).toBe("started");
        expect(between.lastError).toBe(
            "silo: the Pulumi CLI failed: assuming OrganizationAccountAccessRole: AccessDenied",
        );
        expect(await memberAccounts()).toEqual([accountId]);
        expect(result.outcome).toBe("resumed");
        expect(result.siloAccountId).toBe(accountId);
        expect(ups(h, "dev-globex-bootstrap")).toBe(2);
        expect(ups(h, "dev-globex")).toBe(1);
        const record = JSON.parse(h.fake.stacks.get("dev-globex")?.config[RECORD_KEY] ?? "");
        expect([record.step, record.bootstrap.state]).toEqual(["done", "done"]);
    });

    it("keeps the deployer of a started bootstrap when another identity resumes it", async () => {
        // Prepare
        const h = lifecycleHarness({ aws: { organizations, sts } });
        h.fake.failWhen(
            (args) => args[0] === "up" && args.includes("dev-globex-bootstrap"),
            () => engineFailure("assuming OrganizationAccountAccessRole: AccessDenied"),
        );
        await expect(signup(input(), h.deps())).rejects.toThrow(/failed at step "silo"/);
        const other = await new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials }).send(
            new AssumeRoleCommand({
                RoleArn: `arn:aws:iam::${MANAGEMENT}:role/someone-else`,
                RoleSessionName: "laptop",
            }),
        );
        const otherSts = new STSClient({
            region: "us-east-1",
            endpoint: moto.endpoint,
            credentials: {
                accessKeyId: other.Credentials?.AccessKeyId ?? "",
                secretAccessKey: other.Credentials?.SecretAccessKey ?? "",
                sessionToken: other.Credentials?.SessionToken ?? "",
            },
        });

        // Act
        await signup(input(), h.deps({ aws: { organizations, sts: otherSts } }));

        // Assert
        const bootstrap = h.fake.stacks.get("dev-globex-bootstrap");
        expect(bootstrap === undefined ? undefined : bootstrapArgsOf(bootstrap)?.deployerArn).toBe(
            DEPLOYER_ROLE,
        );
        const record = JSON.parse(h.fake.stacks.get("dev-globex")?.config[RECORD_KEY] ?? "");
        expect([record.bootstrap.state, record.bootstrap.deployerArn]).toEqual(["done", DEPLOYER_ROLE]);
    });

    it("resumes after a failed tenant up without bootstrapping again", async () => {
        // Prepare
        const h = lifecycleHarness({ aws: { organizations, sts } });
        h.fake.failWhen(
            (args) => args[0] === "up" && args.includes("dev-globex"),
            () => engineFailure("creating the table: ThrottlingException"),
        );

        // Act
        await expect(signup(input(), h.deps())).rejects.toThrow(/failed at step "deploy"/);
        const result = await signup(input(), h.deps());

        // Assert
        expect(await memberAccounts()).toHaveLength(1);
        expect(result.outcome).toBe("resumed");
        expect(ups(h, "dev-globex-bootstrap")).toBe(1);
        expect(ups(h, "dev-globex")).toBe(2);
        expect(
            h.events
                .filter((e) => e.type === "step" && e.step === "bootstrap")
                .map((e) => e.type === "step" && e.state),
        ).toEqual(["started", "done", "skipped"]);
    });

    it("refuses before vending when the deployer cannot be known (no STS client, no deployer ARN)", async () => {
        const h = lifecycleHarness({ aws: { organizations } });

        await expect(signup(input(), h.deps())).rejects.toThrow(
            "aws.sts (not set) is invalid: bootstrapping a silo account needs the deployer's role ARN or an STS client to read the caller's identity",
        );

        expect(await memberAccounts()).toEqual([]);
        expect(h.fake.calls).toEqual([]);
    });

    it("takes the access role and the deployer from the settings", async () => {
        const h = lifecycleHarness({ aws: { organizations } });

        await signup(
            input(),
            h.deps({
                bootstrap: {
                    accessRoleName: "SiloAdmin",
                    deployerArn: "arn:aws:iam::123456789012:role/tenant-deployer",
                },
            }),
        );

        const bootstrap = h.fake.stacks.get("dev-globex-bootstrap");
        const args = bootstrap === undefined ? undefined : bootstrapArgsOf(bootstrap);
        expect([args?.accessRoleName, args?.deployerArn]).toEqual([
            "SiloAdmin",
            "arn:aws:iam::123456789012:role/tenant-deployer",
        ]);
    });
});

describe("signup into an existing account (--silo-account)", () => {
    async function existingAccount(): Promise<string> {
        const { CreateAccountStatus } = await organizations.send(
            new (await import("@aws-sdk/client-organizations")).CreateAccountCommand({
                Email: "aws+initech@example.com",
                AccountName: "initech",
            }),
        );
        return CreateAccountStatus?.AccountId ?? "";
    }

    it("bootstraps it with --bootstrap, then deploys", async () => {
        const accountId = await existingAccount();
        const h = lifecycleHarness({ aws: { organizations, sts } });

        const result = await signup(
            { spec: specOf("initech", "premium"), silo: { accountId, bootstrap: true } },
            h.deps(),
        );

        expect(result.siloAccountId).toBe(accountId);
        const bootstrap = h.fake.stacks.get("dev-initech-bootstrap");
        expect(bootstrap === undefined ? undefined : bootstrapArgsOf(bootstrap)?.accountId).toBe(accountId);
        expect(ups(h, "dev-initech")).toBe(1);
    });

    it("deploys without a bootstrap stack when not asked to bootstrap", async () => {
        const accountId = await existingAccount();
        const h = lifecycleHarness({ aws: { organizations } });

        await signup({ spec: specOf("initech", "premium"), silo: { accountId } }, h.deps());

        expect(h.fake.stacks.has("dev-initech-bootstrap")).toBe(false);
        const record = JSON.parse(h.fake.stacks.get("dev-initech")?.config[RECORD_KEY] ?? "");
        expect(record.bootstrap).toBeUndefined();
        expect(record.silo).toEqual({ accountId, organizationId });
    });

    it("deploys nothing into an account outside the organization", async () => {
        const h = lifecycleHarness({ aws: { organizations, sts } });

        const attempt = signup(
            { spec: specOf("initech", "premium"), silo: { accountId: "111122223333", bootstrap: true } },
            h.deps(),
        );

        await expect(attempt).rejects.toThrow(
            'failed at step "silo": ExistingAccountError: account 111122223333 is not a member of this organization (DescribeAccount: AccountNotFoundException)',
        );
        expect(h.fake.commands().filter((c) => c[0] === "up")).toEqual([]);
    });
});
