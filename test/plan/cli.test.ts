import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, StackNameError } from "../../config";
import { sanitizeInputs } from "../../plan/mockRuntime";
import { planPlatformStack } from "../../plan/platform";
import { readStackConfig, StackConfigError } from "../../plan/stackConfig";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function plan(...args: string[]) {
    const run = spawnSync(TSX, ["plan/cli.ts", ...args], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function stackDir(yaml: string, stack = "test"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

describe("npm run plan", () => {
    it("--json prints only the plan document, in the documented shape", () => {
        const run = plan("--stack", "dev", "--json");
        expect(run.code).toBe(0);
        const doc = JSON.parse(run.stdout);
        expect(Object.keys(doc)).toEqual(["stacks", "violations", "isolation"]);
        expect(doc.violations).toEqual([]);
        // acme, globex and initech: 3·2 ordered pairs of tenants, and 4 neighbours each, attacked by
        // and attacking their tenant: 3·2 + 2·3·4 = 30 pairs; 1392 attempts, as many as the
        // request-by-request proof makes (96 of them by sessions tagged with a reserved id), decided
        // by 528 simulations (12 of the attempts are API Gateway as a confused deputy, ./deputies.ts).
        expect(doc.isolation).toEqual({
            attempts: 1392,
            denied: 1294,
            allowed: 98,
            failures: [],
            coverage: { pairs: 30, pairsCovered: 30, simulatedRequests: 528, documentClasses: 27 },
        });
        expect(doc.stacks).toHaveLength(4);
        const [stack, ...tenants] = doc.stacks;
        expect(Object.keys(stack)).toEqual(["name", "kind", "resources"]);
        expect(stack.name).toBe("dev");
        expect(stack.kind).toBe("platform");
        expect(stack.resources).toHaveLength(92);
        // The sample tenants, planned after the platform: one per kind of tenant stack.
        expect(
            tenants.map(
                (t: { name: string; kind: string; tenant: string; tier: string; resources: unknown[] }) => [
                    Object.keys(t),
                    t.name,
                    t.kind,
                    t.tenant,
                    t.tier,
                    t.resources.length,
                ],
            ),
        ).toEqual([
            [["name", "kind", "tenant", "tier", "resources"], "dev-acme", "tenant", "acme", "pooled", 9],
            [
                ["name", "kind", "tenant", "tier", "resources"],
                "dev-globex",
                "tenant",
                "globex",
                "premium",
                52,
            ],
            [
                ["name", "kind", "tenant", "tier", "resources"],
                "dev-initech",
                "tenant",
                "initech",
                "premium",
                56,
            ],
        ]);
        for (const resource of [stack, ...tenants].flatMap((s: { resources: unknown[] }) => s.resources)) {
            expect(Object.keys(resource as object)).toEqual([
                "type",
                "name",
                "parent",
                "provider",
                "protect",
                "retainOnDelete",
                "dependsOn",
                "accountWide",
                "inputs",
            ]);
        }
        type DocResource = {
            name: string;
            accountWide: boolean;
            dependsOn: string[];
            provider: string | null;
        };
        const named = (s: { resources: DocResource[] }, name: string) =>
            Object.fromEntries(
                Object.entries(s.resources.find((r) => r.name === name) ?? {}).filter(
                    ([k]) => k !== "inputs",
                ),
            );
        expect(named(stack, "platform-api-account")).toEqual({
            type: "aws:apigateway/account:Account",
            name: "platform-api-account",
            parent: "platform-api",
            provider: null,
            protect: false,
            retainOnDelete: false,
            dependsOn: ["platform-api-cloudwatch-policy"],
            accountWide: true,
        });
        expect(named(stack, "platform-data-registry")).toMatchObject({ retainOnDelete: true, dependsOn: [] });
        expect(named(tenants[2], "initech-silo-store-data")).toMatchObject({
            provider: "initech-silo-provider",
            retainOnDelete: true,
            accountWide: false,
        });
        expect(
            stack.resources.filter((r: DocResource) => r.accountWide).map((r: DocResource) => r.name),
        ).toEqual(["platform-api-account"]);
        const fn = stack.resources.find((r: { name: string }) => r.name === "platform-pooled-function");
        expect(fn.parent).toBe("platform-pooled");
        expect(fn.inputs.tenancyConfig).toEqual({ tenantIsolationMode: "PER_TENANT" });
        const policy = stack.resources.find(
            (r: { name: string }) => r.name === "platform-tenant-access-data-policy",
        );
        expect(typeof policy.inputs.policy).toBe("string");
        expect(JSON.parse(policy.inputs.policy).Statement[0].Sid).toBe("TenantItemsInOwnPartition");
    });

    it("npm run plan -- --stack dev --tenant acme:pooled --out plan.json, as the README has it", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-")), "plan.json");

        const run = spawnSync(
            "npm",
            ["run", "plan", "--", "--stack", "dev", "--tenant", "acme:pooled", "--out", out],
            {
                cwd: ROOT,
                encoding: "utf8",
                timeout: 60_000,
            },
        );

        expect(run.status).toBe(0);
        expect(run.stdout.trim()).toBe(
            "> tenant-tiers@0.1.0 plan\n> tsx plan/cli.ts --stack dev --tenant acme:pooled --out " + out,
        );
        const text = fs.readFileSync(out, "utf8");
        const doc = JSON.parse(text);
        expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);
        expect(doc.stacks.map((s: { name: string }) => s.name)).toEqual(["dev", "dev-acme"]);
    });

    it("exits 2 for an --out file in a directory that does not exist, before planning", () => {
        const run = plan("--stack", "dev", "--out", "/nonexistent-dir/plan.json");
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe(
            'plan: --out "/nonexistent-dir/plan.json" is invalid: the directory /nonexistent-dir does not exist; create it first or pick another file\n',
        );
    });

    it("prints a tree grouped by component without --json", () => {
        const run = plan("--stack", "dev");
        expect(run.code).toBe(0);
        const lines = run.stdout.split("\n");
        expect(lines.slice(0, 10)).toEqual([
            "summary: AWS resources by service",
            "  dev (platform): 81 AWS resources in 11 components",
            "    apigateway 25, cloudwatch 17, cognito 2, dynamodb 2, iam 13, kms 2, lambda 6, s3 6, sns 1, sqs 5, wafv2 2",
            "    aws.apigateway.Account platform-api-account: account-wide: API Gateway's CloudWatch role for the whole account and region",
            "  dev-acme (tenant acme, pooled): 6 AWS resources in 2 components, 1 stack reference",
            "    apigateway 2, cognito 3, dynamodb 1",
            "  dev-globex (tenant globex, premium): 46 AWS resources in 5 components, 1 stack reference",
            "    apigateway 25, cloudwatch 3, cognito 3, dynamodb 2, iam 2, kms 2, lambda 2, s3 6, wafv2 1",
            "  dev-initech (tenant initech, premium): 48 AWS resources in 6 components, 1 provider, 1 stack reference",
            "    apigateway 25, cloudwatch 3, cognito 3, dynamodb 2, iam 4, kms 2, lambda 2, s3 6, wafv2 1",
        ]);
        expect(lines.slice(10, 12)).toEqual([
            "stack dev (platform): 81 AWS resources in 11 components",
            "  Platform platform",
        ]);
        expect(run.stdout).toContain("      aws.apigateway.Account platform-api-account  [account-wide]\n");
        expect(run.stdout).toContain(
            "      aws.lambda.Function platform-pooled-function  runtime=nodejs22.x memory=512 timeout=10 isolation=PER_TENANT logs=JSON tracing=Active",
        );
        expect(
            run.stdout.endsWith(
                "policy pack tenant-guard: 0 violations\nisolation proof: 1392 attempts, 1294 denied, 98 allowed, 0 failures\n  pairs covered: 30 of 30, by 528 simulated requests over 27 document classes\n",
            ),
        ).toBe(true);
        expect(run.stderr).toContain("nothing was deployed (offline plan)");
        expect(lines.filter((l) => l.startsWith("stack "))).toEqual([
            "stack dev (platform): 81 AWS resources in 11 components",
            "stack dev-acme (tenant acme, pooled): 6 AWS resources in 2 components, 1 stack reference",
            "stack dev-globex (tenant globex, premium): 46 AWS resources in 5 components, 1 stack reference",
            "stack dev-initech (tenant initech, premium): 48 AWS resources in 6 components, 1 provider, 1 stack reference",
        ]);
    });

    it("--only tenants prints the tenant stacks only; the checks still cover every stack", () => {
        const run = plan("--stack", "dev", "--only", "tenants", "--tenant", "acme:pooled");
        expect(run.code).toBe(0);
        const lines = run.stdout.split("\n");
        expect(lines.slice(0, 3)).toEqual([
            "summary: AWS resources by service",
            "  dev-acme (tenant acme, pooled): 6 AWS resources in 2 components, 1 stack reference",
            "    apigateway 2, cognito 3, dynamodb 1",
        ]);
        expect(lines.filter((l) => l.startsWith("stack "))).toEqual([
            "stack dev-acme (tenant acme, pooled): 6 AWS resources in 2 components, 1 stack reference",
        ]);
        expect(
            run.stdout.endsWith(
                "\nisolation proof: 357 attempts, 324 denied, 33 allowed, 0 failures\n" +
                    "  pairs covered: 8 of 8, by 311 simulated requests over 7 document classes\n",
            ),
        ).toBe(true);
    });

    it("exits 2 for --only with anything but platform or tenants", () => {
        const run = plan("--stack", "dev", "--only", "tenant");
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
            "error: option '--only <stacks>' argument 'tenant' is invalid. Allowed choices are platform, tenants.",
        );
    });

    it("--tenant replaces the sample tenants, with the silo account in either form", () => {
        const run = plan(
            "--stack",
            "dev",
            "--json",
            "--tenant",
            "hooli:pooled",
            "--tenant",
            "umbrella:premium:silo=444455556666",
            "--tenant",
            "wonka:premium:777788889999",
        );
        expect(run.code).toBe(0);
        const doc = JSON.parse(run.stdout);
        expect(doc.stacks.map((s: { name: string; tier?: string }) => [s.name, s.tier])).toEqual([
            ["dev", undefined],
            ["dev-hooli", "pooled"],
            ["dev-umbrella", "premium"],
            ["dev-wonka", "premium"],
        ]);
        const providers = doc.stacks.flatMap(
            (s: { resources: { type: string; inputs: Record<string, string> }[] }) =>
                s.resources
                    .filter((r) => r.type === "pulumi:providers:aws")
                    .map((r) => JSON.parse(r.inputs.allowedAccountIds as string) as string[]),
        );
        expect(providers).toEqual([["444455556666"], ["777788889999"]]);
    });

    it.each([
        [
            "Acme:pooled",
            'plan: --tenant "Acme:pooled" is invalid: tenantId "Acme": use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen',
        ],
        ["acme:gold", 'plan: --tenant "acme:gold" is invalid: tier "gold": expected one of pooled, premium'],
        [
            "acme:pooled:111122223333",
            'plan: --tenant "acme:pooled:111122223333" is invalid: silo {"accountId":"111122223333","organizationId":"o-exampleorg1"}: this tier does not allow a silo account (a premium option): set tier to premium or remove silo',
        ],
        [
            "acme:premium:1111",
            'plan: --tenant "acme:premium:1111" is invalid: silo.accountId "1111": expected a 12-digit AWS account id',
        ],
        [
            "acme",
            'plan: --tenant "acme" is invalid: expected <id>:<tier>[:<siloAccountId>], e.g. acme:pooled, globex:premium or initech:premium:111122223333 (silo=111122223333 works too)',
        ],
    ])("exits 2 for --tenant %j, naming the rule", (value, message) => {
        const run = plan("--stack", "dev", "--json", "--tenant", value);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toBe(`${message}\n`);
    });

    it("exits 2 for a tenant given twice", () => {
        const run = plan("--stack", "dev", "--tenant", "acme:pooled", "--tenant", "acme:premium");
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
            'plan: --tenant: tenant "acme" is given more than once; give each tenant once',
        );
    });

    it("exits 2 naming the available stacks for an unknown stack", () => {
        const run = plan("--stack", "prodd", "--json");
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain(
            'plan: stack "prodd" has no config file Pulumi.prodd.yaml; available stacks: dev',
        );
    });

    it("exits 2 without --stack", () => {
        const run = plan();
        expect(run.code).toBe(2);
        expect(run.stderr).toContain("required option '-s, --stack <name>' not specified");
    });
});

describe("stack config", () => {
    it("flattens values the way the Pulumi CLI passes them", () => {
        const dir = stackDir(
            "config:\n  aws:region: eu-west-1\n  environment: qa\n  tenant-tiers:pooledMemoryMb: 1024\n  tenant-tiers:token:\n    secure: AAABAKx\n",
        );
        expect(readStackConfig("test", dir)).toEqual({
            values: {
                "aws:region": "eu-west-1",
                "tenant-tiers:environment": "qa",
                "tenant-tiers:pooledMemoryMb": "1024",
                "tenant-tiers:token": "[secret]",
            },
            secretKeys: ["tenant-tiers:token"],
        });
    });

    it.each([
        ["a/b", 'stack name "a/b" is invalid: use letters, digits, ".", "_" or "-" (at most 100 characters)'],
        ["", 'stack name "" is invalid: use letters, digits, ".", "_" or "-" (at most 100 characters)'],
    ])("rejects the stack name %j", (name, message) => {
        expect(() => readStackConfig(name)).toThrow(new StackConfigError(message));
    });

    it("rejects invalid YAML with the file name", () => {
        const dir = stackDir("config: [unclosed\n");
        expect(() => readStackConfig("test", dir)).toThrow(/^Pulumi\.test\.yaml is not valid YAML: /);
    });

    it("fails the plan with every config problem and creates nothing", async () => {
        const dir = stackDir("config:\n  aws:region: eu-west-1\n  tenant-tiers:environment: Prod\n");
        const error = await planPlatformStack("test", dir).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems).toEqual([
            {
                key: "tenant-tiers:environment",
                value: "Prod",
                message:
                    "expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)",
            },
        ]);
    });

    it.each([
        [
            "test",
            'stack name "test" is invalid: the platform stack must be named after its environment, tenant-tiers:environment "qa" (tenant stacks reference <org>/tenant-tiers/qa); rename the stack (pulumi stack rename qa, then move Pulumi.test.yaml to Pulumi.qa.yaml), or set the environment to the stack\'s name (pulumi config set environment test)',
        ],
        [
            "qa-eu",
            'stack name "qa-eu" is invalid: the platform stack must be named after its environment, tenant-tiers:environment "qa" (tenant stacks reference <org>/tenant-tiers/qa); rename the stack (pulumi stack rename qa, then move Pulumi.qa-eu.yaml to Pulumi.qa.yaml)',
        ],
    ])(
        "refuses the platform stack %j whose environment is qa, naming both and the fix",
        async (name, message) => {
            const dir = stackDir("config:\n  aws:region: eu-west-1\n  tenant-tiers:environment: qa\n", name);

            const error = await planPlatformStack(name, dir).catch((e: unknown) => e);

            expect(error).toBeInstanceOf(StackNameError);
            expect((error as StackNameError).message).toBe(message);
        },
    );

    it("applies overrides: reserved concurrency, Node.js 24, no API Gateway account", async () => {
        const dir = stackDir(
            [
                "config:",
                "  aws:region: us-east-2",
                "  tenant-tiers:environment: prod",
                "  tenant-tiers:pooledReservedConcurrency: 200",
                "  tenant-tiers:lambdaRuntime: nodejs24.x",
                "  tenant-tiers:lambdaArchitecture: x86_64",
                "  tenant-tiers:manageApiGatewayAccount: false",
                "  tenant-tiers:logRetentionDays: 365",
                "",
            ].join("\n"),
            "prod",
        );
        const stack = await planPlatformStack("prod", dir);
        const fn = stack.resources.find((r) => r.name === "platform-pooled-function");
        expect(fn?.inputs).toMatchObject({
            runtime: "nodejs24.x",
            architectures: ["x86_64"],
            reservedConcurrentExecutions: 200,
            tags: { TenantId: "platform", Tier: "pooled", Environment: "prod" },
        });
        expect(stack.resources.filter((r) => r.type === "aws:apigateway/account:Account")).toEqual([]);
        expect(stack.resources.find((r) => r.name === "platform-pooled-logs")?.inputs.retentionInDays).toBe(
            365,
        );
        const access = stack.resources.find((r) => r.name === "platform-tenant-access-data-policy");
        expect(JSON.parse(access?.inputs.policy as string).Statement[5].Resource).toBe(
            "arn:aws:kms:us-east-2:123456789012:key/*",
        );
    });
});

describe("sanitizeInputs", () => {
    it("replaces secrets and keeps everything else", () => {
        const secret = {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: "hunter2",
        };
        expect(sanitizeInputs({ a: 1, b: [secret, "x"], c: { d: secret } })).toEqual({
            a: 1,
            b: ["[secret]", "x"],
            c: { d: "[secret]" },
        });
    });
});
