/**
 * The tenant lifecycle on the real engine: the tenant CLI, unchanged, run as a user runs it, with
 * LocalWorkspace on the real `pulumi`, tenant stacks reading the deployed platform through a real
 * StackReference, real state, real aliases. DynamoDB is dynalite (the tier change moves a
 * partition); the cloud's control plane is the provider double.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLATFORM_PROJECT, premiumTableName } from "../../components/shared/tenantNaming";
import {
    CreateAccountCommand,
    CreateOrganizationCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { ORGANIZATION_CONFIG_KEY } from "../../automation/lifecycle/remoteWorkspace";
import { SPEC_CONFIG_KEY, specConfigValue } from "../../automation/lifecycle/record";
import { planTenantStack } from "../../plan/tenants";
import { plannedTenantSpec } from "../../plan/sampleTenants";
import {
    AdminCreateUserCommand,
    AdminGetUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3";
import {
    createRegistryTable,
    createTenantDataTable,
    documentClient,
    type Emulator,
    EMULATOR_CREDENTIALS,
    startDynalite,
} from "../runtime/support/emulators";
import { plannedKey, stateKey } from "./support/compare";
import { type Moto, startMoto } from "./support/moto";
import { REPO_ROOT, type RunResult, Sandbox, urnName } from "../../engine/sandbox";

const MUTATIONS = new Set(["create", "update", "delete"]);

describe("the tenant lifecycle on the real engine", () => {
    let sandbox: Sandbox;
    let platform: string;
    let workDir: string;
    let dynamo: Emulator;
    let platformOutputs: Record<string, unknown>;
    let cognitoMoto: Moto;
    let cognito: CognitoIdentityProviderClient;

    /** Where the CLI's AWS clients go: dynalite (registry, data), moto (the user pool; S3 with object versions). */
    const awsEnvironment = (): Record<string, string> => ({
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_S3: cognitoMoto.endpoint,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoMoto.endpoint,
        // The quota pre-check reads the account: API keys, usage plans and REST APIs, reserved
        // concurrency, and Service Quotas (moto knows none of these quotas: the documented defaults).
        AWS_ENDPOINT_URL_API_GATEWAY: cognitoMoto.endpoint,
        AWS_ENDPOINT_URL_LAMBDA: cognitoMoto.endpoint,
        AWS_ENDPOINT_URL_SERVICE_QUOTAS: cognitoMoto.endpoint,
        AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
    });
    const tenant = (...args: string[]): Promise<RunResult> =>
        sandbox.tenant([...args, "-e", "dev", "--work-dir", workDir], awsEnvironment());
    const stateOf = (stack: string) => sandbox.exportStack(stack, workDir);
    const stackNames = () =>
        (JSON.parse(sandbox.pulumi(["stack", "ls", "--json"], workDir).stdout) as { name: string }[])
            .map((s) => s.name)
            .sort();

    beforeAll(async () => {
        sandbox = new Sandbox("lifecycle");
        dynamo = await startDynalite();
        platform = sandbox.platformProject();
        workDir = path.join(sandbox.root, "tenants");
        fs.mkdirSync(workDir);
        const up = sandbox.pulumi(["up", "-s", "dev", "--yes", "--skip-preview"], platform);
        expect(up.code).toBe(0);
        // The user pool is moto's: the double makes up an id moto cannot take, so the platform stack's
        // userPoolId output is pointed at moto's pool before any tenant reads it (state export/import).
        cognitoMoto = await startMoto();
        cognito = new CognitoIdentityProviderClient({
            endpoint: cognitoMoto.endpoint,
            region: "eu-west-1",
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
        const pool = await cognito.send(
            new CreateUserPoolCommand({
                PoolName: "tenant-tiers-dev-users",
                Schema: [{ Name: "tenantId", AttributeDataType: "String", Mutable: false }],
            }),
        );
        const exported = JSON.parse(sandbox.pulumi(["stack", "export", "-s", "dev"], platform).stdout) as {
            deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
        };
        const root = exported.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        if (root?.outputs === undefined) throw new Error("the platform stack has no outputs");
        root.outputs.userPoolId = pool.UserPool?.Id;
        const stateFile = path.join(sandbox.root, "platform-state.json");
        fs.writeFileSync(stateFile, JSON.stringify(exported));
        expect(sandbox.pulumi(["stack", "import", "-s", "dev", "--file", stateFile], platform).code).toBe(0);
        platformOutputs = JSON.parse(
            sandbox.pulumi(["stack", "output", "-s", "dev", "--json"], platform).stdout,
        ) as Record<string, unknown>;
        expect(platformOutputs.userPoolId).toBe(pool.UserPool?.Id);
        // The shared table and bucket and the registry exist in "AWS" (dynalite, moto) under the names the engine gave them.
        await createTenantDataTable(dynamo.endpoint, platformOutputs.dataTableName as string);
        await createRegistryTable(dynamo.endpoint, platformOutputs.registryTableName as string);
        // S3 is moto's too: a tier change moves objects by version (ListObjectVersions), which s3rver lacks.
        const s3 = new S3Client({
            endpoint: cognitoMoto.endpoint,
            forcePathStyle: true,
            region: "eu-west-1",
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
        const shared = platformOutputs.bucketName as string;
        await s3.send(
            new CreateBucketCommand({
                Bucket: shared,
                CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
            }),
        );
        await s3.send(
            new PutBucketVersioningCommand({
                Bucket: shared,
                VersioningConfiguration: { Status: "Enabled" },
            }),
        );
        s3.destroy();
    });
    afterAll(async () => {
        await cognitoMoto?.close();
        await dynamo.close();
        sandbox.dispose();
    });

    it("signs up a pooled tenant that reads the deployed platform through its StackReference", async () => {
        const before = sandbox.journal().length;
        const signup = await tenant(
            "signup",
            "acme",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@acme.example",
        );
        expect(signup.stderr).not.toMatch(/debug:/);
        expect(signup.code).toBe(0);
        expect(signup.stdout).toContain("signup acme (dev, stack dev-acme): created");
        const created = sandbox.journal(before).filter((e) => e.op === "create");
        expect(created.map((e) => `${e.type} ${e.name}`).sort()).toEqual([
            "aws:apigateway/apiKey:ApiKey acme-membership-api-key",
            "aws:apigateway/usagePlanKey:UsagePlanKey acme-membership-plan-key",
            "aws:cognito/user:User acme-membership-admin",
            "aws:cognito/userGroup:UserGroup acme-membership-group",
            "aws:cognito/userInGroup:UserInGroup acme-membership-admin-group",
            "aws:dynamodb/tableItem:TableItem acme-membership-registry-entry",
        ]);
        const entry = created.find((e) => e.name === "acme-membership-registry-entry");
        const inputs = entry?.inputs as { tableName: string; item: string };
        expect(inputs.tableName).toBe(platformOutputs.registryTableName);
        expect(JSON.parse(inputs.item)).toMatchObject({
            tenantId: { S: "acme" },
            tier: { S: "pooled" },
            status: { S: "active" },
            functionName: { S: platformOutputs.pooledFunctionName },
            tableName: { S: platformOutputs.dataTableName },
        });
        const reference = stateOf("dev-acme").find((r) => r.type === "pulumi:pulumi:StackReference");
        expect(reference?.inputs?.name).toBe(`organization/${PLATFORM_PROJECT}/dev`);
    });

    it("signs up a premium tenant with exactly the resources the offline plan shows", async () => {
        const signup = await tenant(
            "signup",
            "globex",
            "--tier",
            "premium",
            "--admin-email",
            "it@globex.example",
        );
        expect(signup.code).toBe(0);
        const planned = await planTenantStack(plannedTenantSpec("dev", "globex", "premium"), platformOutputs);
        const state = stateOf("dev-globex");
        const deployed = state.filter((r) => !r.type.startsWith("pulumi:")).map((r) => stateKey(r, state));
        const plannedAws = planned.resources.filter((r) => !r.type.startsWith("pulumi:"));
        expect(deployed.sort()).toEqual(plannedAws.map((r) => plannedKey(r)).sort());
    });

    it("signs up a premium tenant in a silo account of the organization, deployed through the chained role", async () => {
        const moto = await startMoto();
        try {
            const organizations = new OrganizationsClient({
                endpoint: moto.endpoint,
                region: "us-east-1",
                credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
            });
            await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
            const created = await organizations.send(
                new CreateAccountCommand({ AccountName: "tenant-initech", Email: "aws+initech@example.com" }),
            );
            const account = created.CreateAccountStatus?.AccountId as string;
            const before = sandbox.journal().length;
            const signup = await sandbox.tenant(
                [
                    "signup",
                    "initech",
                    "--tier",
                    "premium",
                    "--admin-email",
                    "it@initech.example",
                    "--silo-account",
                    account,
                    "-e",
                    "dev",
                    "--work-dir",
                    workDir,
                ],
                {
                    ...awsEnvironment(),
                    AWS_ENDPOINT_URL_ORGANIZATIONS: moto.endpoint,
                    AWS_ACCESS_KEY_ID: "testing",
                    AWS_SECRET_ACCESS_KEY: "testing",
                },
            );
            expect(signup.stderr).not.toMatch(/failed at step/);
            expect(signup.code).toBe(0);
            const created_ = sandbox.journal(before).filter((e) => e.op === "create");
            const accountOf = (e: { provider?: unknown }) => (e.provider as { account: string }).account;
            // The membership lives in the platform account; the stores and the data role in the silo.
            expect(new Set(created_.map(accountOf))).toEqual(new Set(["123456789012", account]));
            expect(created_.filter((e) => accountOf(e) === account).map((e) => e.type)).toContain(
                "aws:dynamodb/table:Table",
            );
            expect(created_.filter((e) => e.name?.startsWith("initech-membership")).map(accountOf)).toEqual(
                Array(6).fill("123456789012"),
            );
            const provider = stateOf("dev-initech").find(
                (r) => r.type === "pulumi:providers:aws" && urnName(r.urn) === "initech-silo-provider",
            );
            const raw = provider?.inputs?.assumeRoles;
            const roles = (typeof raw === "string" ? JSON.parse(raw) : raw) as Record<string, unknown>[];
            expect(roles).toEqual([
                expect.objectContaining({
                    roleArn: `arn:aws:iam::${account}:role/tenant-tiers-bootstrap`,
                    tags: { TenantId: "initech" },
                    transitiveTagKeys: ["TenantId"],
                }),
            ]);
        } finally {
            await moto.close();
        }
    });

    it("reports status and lists the tenant stacks, changing nothing", async () => {
        const before = sandbox.journal().length;
        const status = await tenant("status", "acme", "--json");
        expect(status.code).toBe(0);
        expect(JSON.parse(status.stdout)).toMatchObject({
            ok: true,
            result: { tenantId: "acme", tier: "pooled", state: "active" },
        });
        const list = await tenant("list", "--json");
        expect(list.code).toBe(0);
        const listed = (JSON.parse(list.stdout) as { result: { tenantId: string }[] }).result.map(
            (t) => t.tenantId,
        );
        expect(listed.sort()).toEqual(["acme", "globex", "initech"]);
        expect(sandbox.journal(before).filter((e) => MUTATIONS.has(e.op))).toEqual([]);
    });

    it("suspends and resumes by updating the registry entry in place", async () => {
        const registryItem = (from: number) =>
            sandbox
                .journal(from)
                .filter((e) => MUTATIONS.has(e.op))
                .map(
                    (e) =>
                        `${e.op} ${e.name} ${JSON.parse((e.inputs as { item: string }).item).status.S as string}`,
                );
        let before = sandbox.journal().length;
        expect((await tenant("suspend", "acme")).code).toBe(0);
        expect(registryItem(before)).toEqual(["update acme-membership-registry-entry suspended"]);
        before = sandbox.journal().length;
        expect((await tenant("resume", "acme")).code).toBe(0);
        expect(registryItem(before)).toEqual(["update acme-membership-registry-entry active"]);
    });

    it("changes nothing with --dry-run", async () => {
        const before = sandbox.journal().length;
        const stacks = stackNames();
        const dry = await tenant(
            "signup",
            "wayne",
            "--tier",
            "pooled",
            "--admin-email",
            "it@wayne.example",
            "--dry-run",
        );
        expect(dry.code).toBe(0);
        expect(sandbox.journal(before).filter((e) => MUTATIONS.has(e.op))).toEqual([]);
        const dryTier = await tenant("change-tier", "acme", "--tier", "premium", "--dry-run");
        expect(dryTier.code).toBe(0);
        expect(sandbox.journal(before).filter((e) => MUTATIONS.has(e.op))).toEqual([]);
        // A dry signup may leave an empty stack to preview in; it deploys nothing.
        expect(stackNames().filter((s) => !stacks.includes(s) && s !== "dev-wayne")).toEqual([]);
    });

    it("moves a tenant pooled → premium → pooled, keeping its membership through the aliases", async () => {
        const membership = (stack: string) =>
            stateOf(stack)
                .filter((r) => r.urn.includes("TenantMembership$"))
                .map((r) => `${r.type} ${urnName(r.urn)} ${r.id ?? ""}`)
                .sort();
        const kept = membership("dev-acme");
        // The premium table the stack creates exists in "AWS" (dynalite) under the name the stack gives it.
        await createTenantDataTable(dynamo.endpoint, premiumTableName("dev", "acme"));
        let before = sandbox.journal().length;
        // No traffic reaches this tenant: a one-second settle instead of the authorizer caches' 60 s.
        const up = await tenant("change-tier", "acme", "--tier", "premium", "--settle", "1");
        expect(up.stderr).not.toMatch(/failed at step/);
        expect(up.code).toBe(0);
        expect(up.stdout + up.stderr).toContain("waiting 1 s for the suspension to reach the authorizer");
        const toPremium = sandbox.journal(before).filter((e) => MUTATIONS.has(e.op));
        // The membership moves under PremiumTenant by alias: same ids. Only the API key's link moves
        // from the pooled usage plan to the tenant's own, which AWS does by replacing it.
        expect(membership("dev-acme")).toEqual(kept);
        expect(toPremium.filter((e) => e.op === "delete").map((e) => e.name)).toEqual([
            "acme-membership-plan-key",
        ]);
        expect(toPremium.filter((e) => e.name === "acme-membership-plan-key").map((e) => e.op)).toEqual([
            "create",
            "delete",
        ]);
        expect(toPremium.filter((e) => e.op === "create").map((e) => e.type)).toContain(
            "aws:dynamodb/table:Table",
        );

        before = sandbox.journal().length;
        const down = await tenant("change-tier", "acme", "--tier", "pooled", "--settle", "0");
        expect(down.code).toBe(0);
        const toPooled = sandbox.journal(before).filter((e) => MUTATIONS.has(e.op));
        expect(membership("dev-acme")).toEqual(kept);
        // The premium stores are retained (retainOnDelete): the engine drops them from the stack without deleting them.
        const deleted = toPooled.filter((e) => e.op === "delete").map((e) => e.type);
        expect(deleted).not.toContain("aws:dynamodb/table:Table");
        expect(deleted).not.toContain("aws:s3/bucket:Bucket");
        expect(deleted).not.toContain("aws:kms/key:Key");
        const status = JSON.parse((await tenant("status", "acme", "--json")).stdout) as { result: unknown };
        expect(status.result).toMatchObject({ tier: "pooled", state: "active" });
    });

    it("lets two concurrent operations on one tenant both end correctly", async () => {
        const [a, b] = await Promise.all([tenant("suspend", "globex"), tenant("suspend", "globex")]);
        expect([a.code, b.code]).toEqual([0, 0]);
        const status = JSON.parse((await tenant("status", "globex", "--json")).stdout) as {
            result: { state: string };
        };
        expect(status.result.state).toBe("suspended");
        expect((await tenant("resume", "globex")).code).toBe(0);
    });

    it("resumes a signup that failed mid-deploy to the same state as one that never failed", async () => {
        expect(
            (await tenant("signup", "umbrella", "--tier", "pooled", "--admin-email", "ops@umbrella.example"))
                .code,
        ).toBe(0);
        sandbox.setFaults([{ op: "create", urn: "hooli-membership-registry-entry$", times: "once" }]);
        const failed = await tenant(
            "signup",
            "hooli",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@hooli.example",
        );
        sandbox.setFaults([]);
        expect(failed.code).toBe(1);
        const resume = /resume with:\n\s+npm run tenant -- (.+)\n/.exec(failed.stderr)?.[1];
        expect(resume).toBe(
            `signup hooli --tier pooled --admin-email ops@hooli.example -e dev --work-dir ${workDir}`,
        );
        const again = await sandbox.tenant((resume as string).split(" "), awsEnvironment());
        expect(again.code).toBe(0);
        const shape = (stack: string, id: string) =>
            stateOf(stack)
                .filter((r) => !r.type.startsWith("pulumi:"))
                .map((r) => `${r.type} ${urnName(r.urn).replace(id, "<id>")}`)
                .sort();
        expect(shape("dev-hooli", "hooli")).toEqual(shape("dev-umbrella", "umbrella"));
        const entry = (stack: string) => {
            const item = stateOf(stack).find((r) => urnName(r.urn).endsWith("-membership-registry-entry"))
                ?.outputs?.item;
            const record = JSON.parse(item as string) as Record<string, unknown>;
            // What differs between two tenants by nature: the id, the signup time, the API key.
            for (const own of ["tenantId", "createdAt", "apiKeyId"]) delete record[own];
            return record;
        };
        expect(entry("dev-hooli")).toEqual(entry("dev-umbrella"));
    });

    it("offboards a pooled tenant: its partition and objects exported, its stack destroyed and removed, its id tombstoned", async () => {
        const archive = path.join(sandbox.root, "archive");
        await cognito.send(
            new AdminCreateUserCommand({
                UserPoolId: platformOutputs.userPoolId as string,
                Username: "worker@umbrella.example",
                MessageAction: "SUPPRESS",
                UserAttributes: [{ Name: "custom:tenantId", Value: "umbrella" }],
            }),
        );
        const before = sandbox.journal().length;
        const offboard = await tenant("offboard", "umbrella", "--archive", archive);
        expect(offboard.stderr).not.toMatch(/failed at step/);
        expect(offboard.code).toBe(0);
        expect(stackNames()).not.toContain("dev-umbrella");
        const deleted = sandbox
            .journal(before)
            .filter((e) => e.op === "delete")
            .map((e) => e.name)
            .sort();
        expect(deleted).toEqual([
            "umbrella-membership-admin",
            "umbrella-membership-admin-group",
            "umbrella-membership-api-key",
            "umbrella-membership-group",
            "umbrella-membership-plan-key",
            "umbrella-membership-registry-entry",
        ]);
        expect(fs.readdirSync(archive).length).toBeGreaterThan(0);

        // The registry entry went with the stack; the tombstone keeps the id reserved.
        const { Item: tombstone } = await documentClient(dynamo.endpoint).send(
            new GetCommand({
                TableName: platformOutputs.registryTableName as string,
                Key: { tenantId: "umbrella" },
            }),
        );
        expect(tombstone).toMatchObject({
            tenantId: "umbrella",
            status: "offboarded",
            tier: "pooled",
            retained: {
                tableName: platformOutputs.dataTableName,
                bucketName: platformOutputs.bucketName,
                backup: path.join(archive, fs.readdirSync(archive)[0] as string),
            },
        });
        const worker = await cognito.send(
            new AdminGetUserCommand({
                UserPoolId: platformOutputs.userPoolId as string,
                Username: "worker@umbrella.example",
            }),
        );
        expect(worker.Enabled).toBe(false);

        const again = await tenant(
            "signup",
            "umbrella",
            "--tier",
            "pooled",
            "--admin-email",
            "new@umbrella.example",
        );
        expect(again.code).toBe(1);
        expect(again.stderr).toContain(
            `error: tenant id "umbrella" belonged to a tenant offboarded at ${tombstone?.offboardedAt as string}; its data is retained`,
        );
        expect(again.stderr).toContain("npm run tenant -- purge umbrella --confirm umbrella -e dev");
        expect(stackNames()).not.toContain("dev-umbrella");
    });

    it("destroys a premium tenant stack without deleting anything retained", () => {
        const state = stateOf("dev-globex");
        const retained = state.filter((r) => r.retainOnDelete === true).map((r) => r.urn);
        expect(retained.length).toBeGreaterThan(0);
        const before = sandbox.journal().length;
        const destroy = sandbox.pulumi(["destroy", "-s", "dev-globex", "--yes", "--skip-preview"], workDir);
        expect(destroy.code).toBe(0);
        const deleted = sandbox
            .journal(before)
            .filter((e) => e.op === "delete")
            .map((e) => e.urn);
        expect(deleted.filter((urn) => retained.includes(urn as string))).toEqual([]);
        const custom = state.filter((r) => r.custom === true && !r.type.startsWith("pulumi:")).length;
        expect(deleted).toHaveLength(custom - retained.length);
    });

    it("previews the --remote tenant program under Pulumi's own runtime and its TypeScript setup", () => {
        const remote = path.join(REPO_ROOT, "automation", "remote");
        const stack = "dev-remote-probe";
        const stackFile = path.join(remote, `Pulumi.${stack}.yaml`);
        try {
            expect(sandbox.pulumi(["stack", "init", stack], remote).code).toBe(0);
            const spec = specConfigValue(plannedTenantSpec("dev", "remote-probe", "pooled"));
            for (const [key, value] of [
                [SPEC_CONFIG_KEY, spec],
                [ORGANIZATION_CONFIG_KEY, "organization"],
                ["aws:region", "eu-west-1"],
            ] as const) {
                expect(sandbox.pulumi(["config", "set", "-s", stack, "--", key, value], remote).code).toBe(0);
            }
            const preview = sandbox.pulumi(["preview", "-s", stack, "--json"], remote);
            expect(preview.stderr).toBe("");
            expect(preview.code).toBe(0);
            const steps = (JSON.parse(preview.stdout) as { steps: { op: string; urn: string }[] }).steps;
            expect(
                steps
                    .filter((s) => s.op === "create" && s.urn.includes("aws:"))
                    .map((s) => urnName(s.urn))
                    .sort(),
            ).toEqual([
                "remote-probe-membership-admin",
                "remote-probe-membership-admin-group",
                "remote-probe-membership-api-key",
                "remote-probe-membership-group",
                "remote-probe-membership-plan-key",
                "remote-probe-membership-registry-entry",
            ]);
        } finally {
            fs.rmSync(stackFile, { force: true });
        }
    });
});
