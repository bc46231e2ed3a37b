import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { organizationOf } from "../../automation/cli/settings";
import { emailLimitWarning } from "../../automation/cli/signupBatch";
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-files-"));
const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
};
const BAD_JSON = file("bad.json", "[{]");
let jsonError = "";
try {
    JSON.parse("[{]");
} catch (error) {
    jsonError = (error as Error).message;
}
const BAD_ENTRIES = file(
    "tenants.yaml",
    [
        "- { tenantId: Bad*Id, tier: pooled, adminEmail: a@bad.example }",
        "- { tenantId: acme, tier: gold, adminEmail: x }",
        "- { tenantId: acme, tier: pooled, adminEmail: ops@acme.example, extra: 1 }",
        "- { tenantId: initech, tier: pooled, adminEmail: i@initech.example, silo: { accountId: '111122223333' } }",
        "- { tenantId: hooli, tier: premium, adminEmail: h@hooli.example, silo: { accountId: '111122223333', bootstrap: 'yes' } }",
    ].join("\n"),
);
const GOOD_BATCH = file("good.yaml", "- { tenantId: acme, tier: pooled, adminEmail: ops@acme.example }\n");
const ID_RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";
const HEAD = "error: invalid input (nothing was changed: no Pulumi or AWS call was made):\n";
const SIGNUP = ["signup", "acme", "--admin-email", "ops@acme.example"];

const BAD_INPUTS: { args: string[]; problems: string[] }[] = [
    {
        args: ["signup", "Bad*Id", "--tier", "pooled", "--admin-email", "ops@acme.example"],
        problems: [`<tenant-id> "Bad*Id": ${ID_RULE}`],
    },
    { args: [...SIGNUP, "--tier", "gold"], problems: ['--tier "gold": expected one of pooled, premium'] },
    {
        args: ["signup", "acme", "--tier", "pooled", "--admin-email", "not-an-email"],
        problems: [
            '--admin-email "not-an-email": expected an email address such as admin@example.com (at most 254 characters)',
        ],
    },
    {
        args: [...SIGNUP, "--tier", "premium", "--silo", "create"],
        problems: ["--email (not set): required with --silo create: the root email of the new account"],
    },
    {
        args: [...SIGNUP, "--tier", "premium", "--silo", "create", "--email", "a@b"],
        problems: ['--email "a@b": use 6-64 characters (got 3), e.g. aws+acme@example.com'],
    },
    {
        args: [...SIGNUP, "--tier", "premium", "--silo", "vend"],
        problems: ['--silo "vend": expected "create" (an existing account is --silo-account <id>)'],
    },
    {
        args: [
            ...SIGNUP,
            "--tier",
            "premium",
            "--silo",
            "create",
            "--email",
            "aws+acme@example.com",
            "--ou",
            "ou-bad",
        ],
        problems: [
            '--ou "ou-bad": use the form ou-xxxx-xxxxxxxx ("ou-", 4-32 lowercase letters or digits, "-", 8-32 lowercase letters or digits), e.g. ou-ab12-cdef3456',
        ],
    },
    {
        args: [...SIGNUP, "--tier", "pooled", "--silo-account", "12345"],
        problems: [
            '--tier "pooled": a silo account is a premium option: use --tier premium',
            '--silo-account "12345": use the 12 digits of an AWS account id, keeping leading zeros, e.g. 012345678901',
        ],
    },
    {
        args: [...SIGNUP, "--tier", "premium", "--bootstrap", "--access-role", "Org Access"],
        problems: [
            "--bootstrap true: belongs to --silo-account (a vended account is always bootstrapped)",
            '--access-role "Org Access": expected an IAM role name: 1-64 letters, digits or +=,.@_-',
        ],
    },
    {
        args: [
            ...SIGNUP,
            "--tier",
            "premium",
            "--silo-account",
            "111122223333",
            "--deployer-arn",
            "arn:aws:iam::123456789012:root",
        ],
        problems: [
            '--deployer-arn "arn:aws:iam::123456789012:root": the bootstrap role trusts exactly one principal: an IAM role (arn:aws:iam::<account>:role/<name>), an assumed-role session of one, or an IAM user; never an account root or a federated user',
        ],
    },
    {
        args: [
            ...SIGNUP,
            "--tier",
            "premium",
            "--deployer-arn",
            "arn:aws:sts::123456789012:assumed-role/deployer/ci",
        ],
        problems: [
            '--deployer-arn "arn:aws:sts::123456789012:assumed-role/deployer/ci": give the role itself (arn:aws:iam::123456789012:role/deployer), not a session of it',
        ],
    },
    {
        args: [...SIGNUP, "--tier", "pooled", "--remote"],
        problems: [
            "--remote-url (not set): --remote needs the git URL of this repository (https://..., ssh://... or git@...)",
        ],
    },
    {
        args: [...SIGNUP, "--tier", "pooled", "--region", "mars-1"],
        problems: [
            '--region "mars-1": expected an AWS region such as eu-west-1 (pass --region or set AWS_REGION)',
        ],
    },
    { args: ["change-tier", "Acme", "--tier", "premium"], problems: [`<tenant-id> "Acme": ${ID_RULE}`] },
    { args: ["change-tier", "acme"], problems: ["--tier (not set): expected one of pooled, premium"] },
    {
        args: ["change-tier", "acme", "--tier", "pooled", "--silo-account", "111122223333"],
        problems: ['--tier "pooled": a silo account is a premium option: use --tier premium'],
    },
    {
        args: [
            "change-tier",
            "acme",
            "--tier",
            "premium",
            "--silo-account",
            "111122223333",
            "--platform-account",
        ],
        problems: [
            "--platform-account true: the data goes either into a silo account or into the platform account: give one of the two",
        ],
    },
    {
        args: ["change-tier", "acme", "--tier", "pooled", "--platform-account"],
        problems: [
            '--tier "pooled": --platform-account is a premium option (pooled data is always in the platform account)',
        ],
    },
    {
        args: ["change-tier", "acme", "--tier", "premium", "--silo", "create"],
        problems: ["--email (not set): required with --silo create: the root email of the new account"],
    },
    {
        args: ["change-tier", "acme", "--tier", "premium", "--email", "aws+acme@example.com"],
        problems: ['--email "aws+acme@example.com": belongs to --silo create'],
    },
    ...["-1", "901", "1.5", "soon"].map((settle) => ({
        args: ["change-tier", "acme", "--tier", "premium", "--settle", settle],
        problems: [
            `--settle "${settle}": expected whole seconds from 0 to 900: the wait after suspending, so the authorizer's caches (20 s + 30 s) stop the tenant's writes before the copy`,
        ],
    })),
    {
        args: ["suspend", "platform"],
        problems: [
            '<tenant-id> "platform": "platform" is reserved (reserved ids: platform, shared, pooled, premium, admin, root, system, tenant, tenants, default, all, none, null, undefined, aws, amazon)',
        ],
    },
    {
        args: ["resume", "acme", "-e", "Prod"],
        problems: [
            '--environment "Prod": expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)',
        ],
    },
    {
        args: ["offboard", "acme", "--purge"],
        problems: [
            "--confirm (not set): --purge deletes the tenant's data: type the tenant id again, --confirm acme",
        ],
    },
    {
        args: ["offboard", "acme", "--purge", "--confirm", "acme2"],
        problems: [
            `--confirm "acme2": --purge deletes the tenant's data: type the tenant id again, --confirm acme`,
        ],
    },
    {
        args: ["offboard", "acme", "--archive", "s3://Bad_Bucket"],
        problems: [
            '--archive "s3://Bad_Bucket": expected a directory, or s3://<bucket>[/<prefix>] with a valid bucket name',
        ],
    },
    { args: ["status", "acme-"], problems: [`<tenant-id> "acme-": ${ID_RULE}`] },
    {
        args: ["signup-batch", path.join(dir, "missing.yaml")],
        problems: [
            `<file> "${path.join(dir, "missing.yaml")}": cannot be read (ENOENT): give an existing JSON or YAML file`,
        ],
    },
    { args: ["signup-batch", BAD_JSON], problems: [`<file> "${BAD_JSON}": is not valid JSON: ${jsonError}`] },
    {
        args: ["signup-batch", BAD_ENTRIES],
        problems: [
            `entry 1 (tenantId "Bad*Id").tenantId "Bad*Id": ${ID_RULE}`,
            'entry 2 (tenantId "acme").tier "gold": expected one of pooled, premium',
            'entry 2 (tenantId "acme").adminEmail "x": expected an email address such as admin@example.com (at most 254 characters)',
            'entry 3 (tenantId "acme").extra 1: unknown field; known fields: tenantId, tier, adminEmail, silo',
            'entry 3 (tenantId "acme").tenantId "acme": already in entry 2: give each tenant once',
            'entry 4 (tenantId "initech").silo {"accountId":"111122223333"}: a silo account is a premium option: set tier to premium',
            'entry 5 (tenantId "hooli").silo.bootstrap "yes": expected true or false',
        ],
    },
    {
        args: ["signup-batch", GOOD_BATCH, "--concurrency", "0"],
        problems: ['--concurrency "0": expected a whole number from 1 to 32'],
    },
    {
        args: ["cost"],
        problems: [
            "--log/--insights (not set): give exactly one: --log <json log file> or --insights <query result file>",
        ],
    },
    {
        args: ["cost", "--log", path.join(dir, "none.log")],
        problems: [`--log "${path.join(dir, "none.log")}": cannot be read (ENOENT): give an existing file`],
    },
];

describe("invalid input: exit 2, the rule and the value, and no Pulumi or AWS call", () => {
    it.each(BAD_INPUTS)("tenant $args.0 $args.1 ...", async ({ args, problems }) => {
        const cli = cliHarness(aws());

        const run = await cli.run(args);

        expect(run.code).toBe(2);
        expect(run.err).toBe(`${HEAD}${problems.map((p) => `  - ${p}\n`).join("")}`);
        expect(run.out).toBe("");
        expect(cli.h.fake.calls).toEqual([]);
        expect([ddb.calls(), s3.calls(), orgs.calls()]).toEqual([[], [], []]);
    });

    it.each([
        [["signup"], "error: missing required argument 'tenant-id'\n(add --help for usage)\n"],
        [
            ["signup", "acme", "--frobnicate"],
            "error: unknown option '--frobnicate'\n(add --help for usage)\n",
        ],
        [["launch"], "error: unknown command 'launch'\n(add --help for usage)\n"],
    ])("commander's own errors exit 2 too: %j", async (args, message) => {
        const cli = cliHarness(aws());

        const run = await cli.run(args);

        expect(run).toEqual({ code: 2, out: "", err: message });
        expect(cli.h.fake.calls).toEqual([]);
    });

    it("--json puts the problems in a document on stdout", async () => {
        const run = await cliHarness(aws()).run(["change-tier", "acme", "--tier", "gold", "--json"]);

        expect(run.code).toBe(2);
        expect(JSON.parse(run.out)).toEqual({
            ok: false,
            exitCode: 2,
            error: {
                name: "CliInputError",
                message: `${HEAD.slice("error: ".length)}  - --tier "gold": expected one of pooled, premium`,
                problems: [{ field: "--tier", value: "gold", rule: "expected one of pooled, premium" }],
            },
        });
    });
});

describe("--out <file>", () => {
    it("invalid input: the document with the problems goes to the file", async () => {
        const out = path.join(dir, "problems.json");

        const run = await cliHarness(aws()).run(["change-tier", "acme", "--tier", "gold", "--out", out]);

        expect(run).toEqual({ code: 2, out: "", err: "" });
        expect(JSON.parse(fs.readFileSync(out, "utf8")).error.problems).toEqual([
            { field: "--tier", value: "gold", rule: "expected one of pooled, premium" },
        ]);
    });

    it("a file in a directory that does not exist is invalid input, reported on stderr", async () => {
        const out = path.join(dir, "missing", "x.json");

        const run = await cliHarness(aws()).run(["list", "--out", out]);

        expect(run).toEqual({
            code: 2,
            out: "",
            err: `${HEAD}  - --out ${JSON.stringify(out)}: expected a file in an existing directory; create ${path.join(dir, "missing")} first or pick another file\n`,
        });
    });

    it("cost --out writes the report document", async () => {
        const out = path.join(dir, "cost.json");

        const run = await cliHarness().run([
            "cost",
            "--log",
            path.join(__dirname, "fixtures", "pooled-function.log"),
            "--out",
            out,
        ]);

        expect(run).toEqual({ code: 0, out: "", err: "" });
        expect(
            JSON.parse(fs.readFileSync(out, "utf8")).result.tenants.map(
                (t: { tenantId: string }) => t.tenantId,
            ),
        ).toEqual(["globex", "acme"]);
    });
});

describe("messages that name the real cause", () => {
    it("-e nosuch without a region names the missing Pulumi.nosuch.yaml, not the region", async () => {
        const cli = cliHarness(aws());

        const run = await cli.run(["list", "-e", "nosuch"], { TENANT_TIERS_ORGANIZATION: "my-org" });

        expect(run).toEqual({
            code: 2,
            out: "",
            err: `${HEAD}  - --environment "nosuch": has no platform stack config ${path.resolve(__dirname, "../..", "Pulumi.nosuch.yaml")} to take aws:region from (environments here: dev); pass the environment of a platform stack, or --region <region> if its config lives elsewhere\n`,
        });
    });

    it("cost --log of a file without REPORT lines says so and exits 1", async () => {
        const log = file("no-reports.log", '{"type":"platform.start","record":{}}\nplain text\n');

        const run = await cliHarness().run(["cost", "--log", log]);

        expect(run).toEqual({
            code: 1,
            out: "",
            err: `error: no REPORT lines found in ${log} (2 line(s) read): expected the pooled function's JSON log lines with "type": "platform.report" (its log group, logFormat JSON), e.g. from aws logs filter-log-events --log-group-name /aws/lambda/tenant-tiers-<env>-pooled --query 'events[].message' --output text\n`,
        });
    });
});

describe("signup-batch and the daily invitation email limit", () => {
    const TAIL =
        "admins past the limit get no temporary password today; send through SES (tenant-tiers:emailFrom and sesIdentityArn) or split the file (finished signups re-run as no-ops and send nothing)";

    it.each([
        [50, "dev", undefined],
        [
            51,
            "dev",
            `t.yaml has 51 signups, more than the 50 invitation emails a day the user pool can send (tenant-tiers:dailyEmailLimit of Pulumi.dev.yaml): ${TAIL}`,
        ],
        [
            51,
            "nosuch",
            `t.yaml has 51 signups, more than the 50 invitation emails a day the user pool can send (Cognito's built-in sender): ${TAIL}`,
        ],
    ])("%i signups in %s: %j", (signups, environment, warning) => {
        expect(emailLimitWarning("t.yaml", signups, environment)).toBe(warning);
    });
});

describe("the Pulumi organization", () => {
    const LIST = ["list"];
    const ORG_RULE =
        'where the platform stack belongs to your organization; pass --organization <org> or set TENANT_TIERS_ORGANIZATION (pulumi org get-default prints it); with a self-managed backend, set PULUMI_BACKEND_URL to it (file://..., s3://, gs://, azblob://) and the organization is "organization"';

    it.each([
        [
            {},
            `--organization (not set): required: PULUMI_BACKEND_URL is not set, so the backend is your last pulumi login (Pulumi Cloud by default), ${ORG_RULE}`,
        ],
        [
            { PULUMI_BACKEND_URL: "https://api.pulumi.com" },
            `--organization (not set): required: PULUMI_BACKEND_URL "https://api.pulumi.com" is Pulumi Cloud, ${ORG_RULE}`,
        ],
    ])("is required when the backend is Pulumi Cloud: %j", async (backend, problem) => {
        const cli = cliHarness(aws());

        const run = await cli.run(LIST, { AWS_REGION: "eu-west-1", ...backend });

        expect(run).toEqual({ code: 2, out: "", err: `${HEAD}  - ${problem}\n` });
        expect(cli.h.fake.calls).toEqual([]);
    });

    it.each([
        [{ PULUMI_BACKEND_URL: "file:///var/pulumi" }, {}, "organization"],
        [{ PULUMI_BACKEND_URL: "s3://state-bucket" }, {}, "organization"],
        [
            { PULUMI_BACKEND_URL: "https://api.pulumi.com", TENANT_TIERS_ORGANIZATION: "acme-corp" },
            {},
            "acme-corp",
        ],
        [{ TENANT_TIERS_ORGANIZATION: "acme-corp" }, { organization: "other" }, "other"],
    ])("env %j with options %j: %s", (env, options, organization) => {
        expect(organizationOf(options, env)).toBe(organization);
    });
});

describe("help for every command", () => {
    it.each([
        "signup",
        "change-tier",
        "suspend",
        "resume",
        "offboard",
        "status",
        "list",
        "signup-batch",
        "cost",
    ])("%s --help", async (command) => {
        const run = await cliHarness().run([command, "--help"]);

        expect(run.code).toBe(0);
        expect(run.out.startsWith(`Usage: tenant ${command} [options]`)).toBe(true);
        expect(run.out).toContain("--json");
    });
});
