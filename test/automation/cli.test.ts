import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { CommandError } from "@pulumi/pulumi/automation";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { engineFailure } from "../helpers/fakePulumiCommand";
import { cliHarness } from "../helpers/cliHarness";

const ddb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const orgs = mockClient(OrganizationsClient);
const aws = () => ({
    dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
    organizations: new OrganizationsClient({ region: "us-east-1" }),
});

beforeEach(() => {
    ddb.reset();
    s3.reset();
    orgs.reset();
});

describe("commands against the fake engine", () => {
    it("signup prints a line per resource step and a summary; exit 0", async () => {
        const cli = cliHarness(aws());

        const run = await cli.run([
            "signup",
            "acme",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@acme.example",
        ]);

        expect(run.code).toBe(0);
        expect(run.out).toBe(
            [
                "signup acme (dev, stack dev-acme): created",
                "  tier pooled, status active",
                "  done: stack dev-acme deployed (tier pooled, active)",
                "  resources: 6 create",
                "  api: https://platform.execute-api.eu-west-1.amazonaws.com/dev",
                "",
            ].join("\n"),
        );
        const lines = run.err.trimEnd().split("\n");
        expect(lines).toHaveLength(15);
        expect(lines.slice(0, 3)).toEqual([
            "[acme] signup deploy: started",
            "[acme]   ... create aws:apigateway/apiKey:ApiKey acme-membership-api-key",
            "[acme]   ok  create aws:apigateway/apiKey:ApiKey acme-membership-api-key",
        ]);
        expect(lines.slice(-2)).toEqual(["[acme] engine: 6 create in 5 s", "[acme] signup deploy: done"]);
        expect([ddb.calls(), s3.calls(), orgs.calls()]).toEqual([[], [], []]);
    });

    it("a failure exits 1 with what was done, what was not and the exact command to resume", async () => {
        const cli = cliHarness(aws());
        cli.h.fake.failWhen(
            (a) => a[0] === "up",
            () => engineFailure("policy require-tenant-tags: untagged"),
        );

        const run = await cli.run([
            "signup",
            "acme",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@acme.example",
            "-e",
            "dev",
        ]);

        expect(run.code).toBe(1);
        expect(run.out).toBe("");
        expect(run.err).toBe(
            "[acme] signup deploy: started\n" +
                'error: signup of tenant "acme" failed at step "deploy": the Pulumi CLI failed: policy require-tenant-tags: untagged\n' +
                "  done:     nothing\n" +
                "  not done: deploy the tenant stack (up)\n" +
                "  progress is recorded in the config of stack dev-acme; fix the cause, then resume with:\n" +
                "    npm run tenant -- signup acme --tier pooled --admin-email ops@acme.example -e dev\n",
        );
    });

    it("signup --dry-run: the command to re-run carries --dry-run and every other option", async () => {
        const cli = cliHarness(aws());
        cli.h.fake.failWhen(
            (a) => a[0] === "preview",
            () => engineFailure("throttled"),
        );

        const run = await cli.run([
            "signup",
            "acme",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@acme.example",
            "-e",
            "dev",
            "--region",
            "eu-west-1",
            "--dry-run",
        ]);

        expect(run.code).toBe(1);
        expect(run.err.trimEnd().split("\n").at(-1)).toBe(
            "    npm run tenant -- signup acme --tier pooled --admin-email ops@acme.example -e dev --region eu-west-1 --dry-run",
        );
    });

    it("change-tier --dry-run --json: the resume command carries --dry-run and --json", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);
        cli.h.fake.failWhen(
            (a) => a[0] === "preview",
            () => engineFailure("throttled"),
        );

        const run = await cli.run(["change-tier", "acme", "--tier", "premium", "--dry-run", "--json"]);

        expect(run.code).toBe(1);
        expect(JSON.parse(run.out).resume).toBe(
            "npm run tenant -- change-tier acme --tier premium -e dev --dry-run --json",
        );
    });

    it("change-tier --platform-account --dry-run: the resume command carries the account option", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);
        cli.h.fake.failWhen(
            (a) => a[0] === "preview",
            () => engineFailure("throttled"),
        );

        const run = await cli.run([
            "change-tier",
            "acme",
            "--tier",
            "premium",
            "--platform-account",
            "--dry-run",
            "--json",
        ]);

        expect(run.code).toBe(1);
        expect(JSON.parse(run.out).resume).toBe(
            "npm run tenant -- change-tier acme --tier premium --platform-account -e dev --dry-run --json",
        );
    });

    it("signup --dry-run of a tenant on another tier suggests change-tier with the same options", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);

        const run = await cli.run([
            "signup",
            "acme",
            "--tier",
            "premium",
            "--admin-email",
            "ops@acme.example",
            "--dry-run",
        ]);

        expect(run.code).toBe(1);
        expect(run.err.split("\n")[0]).toBe(
            'error: tenant "acme" already exists with tier pooled (this signup asks for premium); signup changes nothing of an existing tenant: to change the tier run: npm run tenant -- change-tier acme --tier premium -e dev --dry-run',
        );
    });

    it("--json: one document on stdout for success and for failure", async () => {
        const cli = cliHarness(aws());
        const ok = await cli.run([
            "signup",
            "acme",
            "--tier",
            "pooled",
            "--admin-email",
            "ops@acme.example",
            "--json",
        ]);
        cli.h.fake.failWhen(
            (a) => a[0] === "up",
            () => engineFailure("throttled"),
        );

        const failed = await cli.run(["suspend", "acme", "--json"]);

        expect(ok.code).toBe(0);
        expect(JSON.parse(ok.out)).toMatchObject({
            ok: true,
            result: { operation: "signup", outcome: "created", tenantId: "acme" },
        });
        expect(failed.code).toBe(1);
        const document = JSON.parse(failed.out);
        expect(document).toMatchObject({
            ok: false,
            exitCode: 1,
            done: [],
            notDone: ["deploy status suspended (up)"],
            resume: "npm run tenant -- suspend acme -e dev --json",
        });
        expect(document.error.name).toBe("LifecycleStepError");
    });

    it("--out <file>: the JSON document goes to the file, exactly, and nothing to stdout", async () => {
        const cli = cliHarness(aws());
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-out-"));
        const ok = path.join(dir, "ok.json");
        const failed = path.join(dir, "failed.json");
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);

        const status = await cli.run(["status", "acme", "--out", ok]);
        cli.h.fake.failWhen(
            (a) => a[0] === "up",
            () => engineFailure("throttled"),
        );
        const suspend = await cli.run(["suspend", "acme", "--out", failed]);

        expect([status.code, status.out]).toEqual([0, ""]);
        const document = fs.readFileSync(ok, "utf8");
        expect(document).toBe(`${JSON.stringify(JSON.parse(document), null, 2)}\n`);
        expect(JSON.parse(document)).toMatchObject({
            ok: true,
            result: { tenantId: "acme", tier: "pooled" },
        });
        expect([suspend.code, suspend.out]).toEqual([1, ""]);
        expect(JSON.parse(fs.readFileSync(failed, "utf8"))).toMatchObject({
            ok: false,
            exitCode: 1,
            resume: `npm run tenant -- suspend acme -e dev --out ${failed}`,
        });
    });

    it("status and list print what the stacks say", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);

        const status = await cli.run(["status", "acme"]);
        const list = await cli.run(["list"]);

        expect(status.out).toBe(
            [
                "tenant acme (dev, stack dev-acme)",
                "  tier:           pooled",
                "  state:          active",
                "  admin:          ops@acme.example",
                "  created:        2026-03-01T09:30:00Z",
                "  last operation: signup, finished, 2026-03-01T09:30:00.000Z",
                "  tenantId:       acme",
                "  tier:           pooled",
                "  apiKeyId:       acme-key-id",
                "  apiUrl:         https://platform.execute-api.eu-west-1.amazonaws.com/dev",
                "  functionName:   tenant-tiers-dev-pooled",
                "  tableName:      tenant-tiers-dev-data-5f3a2c1",
                "  bucketName:     tenant-tiers-dev-data-7c1d9e2",
                "",
            ].join("\n"),
        );
        expect(list.out).toBe(
            `  ${"TENANT".padEnd(33)}${"STACK".padEnd(44)}RESOURCES  LAST UPDATE\n  ${"acme".padEnd(33)}${"dev-acme".padEnd(44)}        6  2026-03-01T09:30:00.000Z\n1 tenant(s) in dev\n`,
        );
    });

    it("a Pulumi CLI failure reaches the user once, as the CLI's own text with a hint", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);
        const failed = "Command failed with exit code 255: pulumi stack select --stack dev-acme";
        const noToken =
            "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions";
        cli.h.fake.failWhen(
            (a) => a[0] === "stack" && a[1] === "select",
            () =>
                new CommandError(
                    `code: -2\n stdout: \n stderr: ${failed}\n${noToken}\n\n err?: Error: ${failed}\n${noToken}\n\n`,
                ),
        );

        const run = await cli.run(["status", "acme"]);

        expect(run).toEqual({
            code: 1,
            out: "",
            err:
                "error: the Pulumi CLI failed: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions (the Pulumi CLI is not logged in to this backend: run pulumi login (or set PULUMI_ACCESS_TOKEN, or PULUMI_BACKEND_URL for a self-managed backend) and re-run)\n" +
                "  done:     nothing (status stopped before changing anything)\n" +
                "  not done: status\n" +
                "  re-run when fixed:\n" +
                "    npm run tenant -- status acme -e dev\n",
        });
    });

    it("a tenant that does not exist: exit 1, nothing done, how to re-run", async () => {
        const run = await cliHarness(aws()).run(["status", "ghost"]);

        expect(run).toEqual({
            code: 1,
            out: "",
            err:
                'error: tenant "ghost" has no stack dev-ghost: check the tenant id and the environment (npm run tenant -- list shows the tenants); an offboarded tenant\'s stack is removed\n' +
                "  done:     nothing (status stopped before changing anything)\n" +
                "  not done: status\n" +
                "  re-run when fixed:\n" +
                "    npm run tenant -- status ghost -e dev\n",
        });
    });

    it("change-tier --dry-run previews the target tier without touching data", async () => {
        const cli = cliHarness(aws());
        await cli.run(["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"]);

        const run = await cli.run(["change-tier", "acme", "--tier", "premium", "--dry-run"]);

        expect(run.code).toBe(0);
        expect(run.out.split("\n")[0]).toBe("change-tier acme (dev, stack dev-acme): previewed");
        expect(cli.h.fake.commands().at(-1)?.[0]).toBe("preview");
        expect(ddb.calls()).toEqual([]);
    });

    it("region defaults to aws:region of the platform's Pulumi.<env>.yaml", async () => {
        const cli = cliHarness(aws());

        const run = await cli.run(
            ["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"],
            {
                TENANT_TIERS_ORGANIZATION: "my-org",
                TENANT_TIERS_WORK_DIR: cli.h.workDir,
            },
        );

        expect(run.code).toBe(0);
        expect(cli.h.fake.stacks.get("dev-acme")?.config["aws:region"]).toBe("eu-west-1");
    });

    it("cost reads a log file and prints cost by tenant", async () => {
        const run = await cliHarness().run([
            "cost",
            "--log",
            path.join(__dirname, "fixtures", "pooled-function.log"),
        ]);

        expect(run.code).toBe(0);
        expect(run.out.split("\n").slice(2, 4)).toEqual([
            `  ${"globex".padEnd(33)}           2     1       1.172   $0.000016   $0.000000   $0.000016`,
            `  ${"acme".padEnd(33)}           3     1       0.189   $0.000003   $0.000001   $0.000003`,
        ]);
    });
});
