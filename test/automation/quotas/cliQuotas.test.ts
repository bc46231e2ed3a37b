/**
 * `tenant quotas` and the CLI's quota pre-check, in-process on the real commands: usage from
 * moto's server, limits from recorded Service Quotas answers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Moto, startMoto } from "../../engine/support/moto";
import { cliHarness } from "../../helpers/cliHarness";
import { platformAccount, type PlatformAccount, REGION, sourcesOf } from "./quotaFixture";
import { recordedServiceQuotas, type RecordedServiceQuotas } from "./recordedServiceQuotas";

let moto: Moto;
let recorded: RecordedServiceQuotas;
let account: PlatformAccount;

beforeAll(async () => {
    moto = await startMoto();
    recorded = await recordedServiceQuotas({
        region: REGION,
        account: "123456789012",
        applied: [
            {
                serviceCode: "lambda",
                serviceName: "AWS Lambda",
                quotaCode: "L-B99A9384",
                quotaName: "Concurrent executions",
                value: 240,
                adjustable: true,
                globalQuota: false,
            },
        ],
        defaults: [],
    });
});

afterAll(async () => {
    await recorded?.close();
    await moto?.close();
});

beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
    account = await platformAccount(moto.endpoint, {
        tenants: 3,
        usagePlans: 3,
        restApis: 2,
        reservations: [100, 10, 20],
        memberAccounts: 2,
    });
});

const cli = () => cliHarness({}, { quotaSources: () => sourcesOf(account, recorded.endpoint) });

describe("tenant quotas", () => {
    it("prints each quota's limit, source, use, headroom and the signups that fit", async () => {
        // Act
        const { code, out, err } = await cli().run(["quotas", "-e", "dev"]);

        // Assert
        expect({ code, err }).toEqual({ code: 0, err: "" });
        expect(out).toBe(
            [
                `quotas for tenants of dev in eu-west-1, user pool ${account.userPoolId} (POOLED, PREMIUM: how many more signups of the tier fit)`,
                "  QUOTA                               CODE                      SCOPE            LIMIT  SOURCE      IN USE  KEPT  HEADROOM    POOLED   PREMIUM",
                "  API keys per account per Region     apigateway -              eu-west-1        10000  documented       3     0      9997      9997      9997",
                "  Usage plans per account per Region  apigateway L-E8693075     eu-west-1          300  documented       3     0       297         -       297",
                "  Regional APIs per Region            apigateway -              eu-west-1          600  documented       2     0       598         -       598",
                "  Groups per user pool                cognito-idp -             user pool        10000  documented       3     0      9997      9997      9997",
                "  Users per user pool                 cognito-idp -             user pool     40000000  documented       3     0  39999997  39999997  39999997",
                "  Concurrent executions               lambda L-B99A9384         eu-west-1          240  applied        130   100        10         -         0",
                "  Default maximum number of accounts  organizations L-E619E033  organization        10  documented       3     0         7         -         7",
                "room for 9997 more pooled and 0 more premium signups, 7 of them with --silo create",
                'no room for a premium signup: "Concurrent executions" (lambda L-B99A9384) has 10 left, a premium signup needs 20',
                "",
            ].join("\n"),
        );
    });

    it("--json prints the rows as one document", async () => {
        // Act
        const { code, out } = await cli().run(["quotas", "-e", "dev", "--json"]);

        // Assert
        expect(code).toBe(0);
        const document = JSON.parse(out) as {
            ok: boolean;
            result: { rows: { id: string }[]; skipped: unknown[] };
        };
        expect(document.ok).toBe(true);
        expect(document.result.skipped).toEqual([]);
        expect(document.result.rows.find((r) => r.id === "lambdaConcurrency")).toEqual({
            id: "lambdaConcurrency",
            name: "Concurrent executions",
            serviceCode: "lambda",
            quotaCode: "L-B99A9384",
            scope: "eu-west-1",
            limit: 240,
            source: "applied",
            inUse: 130,
            kept: 100,
            headroom: 10,
            perSignup: { pooled: 0, premium: 20 },
            fits: { pooled: null, premium: 0 },
        });
    });

    it("signup --tier premium is refused with exit code 1 and the quota's message; no stack is created", async () => {
        // Prepare
        const harness = cli();

        // Act
        const { code, out, err } = await harness.run([
            "signup",
            "acme",
            "--tier",
            "premium",
            "--admin-email",
            "ops@acme.example",
            "-e",
            "dev",
        ]);

        // Assert
        expect({ code, out }).toEqual({ code: 1, out: "" });
        expect(err).toBe(
            `error: premium signup of tenant "acme" would exceed a quota: "Concurrent executions" (lambda L-B99A9384) in eu-west-1: ` +
                `130 in use + 20 needed = 150, above the 140 reservable (limit 240 minus 100 kept unreserved by concurrencyHeadroom) (applied); ` +
                `raise it in the Service Quotas console (https://console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384) ` +
                `or with: aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 ` +
                `--desired-value 250 --region eu-west-1; nothing was created\n` +
                `  done:     nothing (signup stopped before changing anything)\n` +
                `  not done: signup\n` +
                `  re-run when fixed:\n` +
                `    npm run tenant -- signup acme --tier premium --admin-email ops@acme.example -e dev\n`,
        );
        expect([...harness.h.fake.stacks.keys()]).toEqual([]);
        expect(harness.h.fake.commands().some((c) => c[0] === "up")).toBe(false);
    });

    it("signup-batch adds up the new signups' needs and refuses the batch before any worker starts", async () => {
        // Prepare: 170 reservable, 130 reserved: one premium signup fits, three do not.
        const roomy = await recordedServiceQuotas({
            region: REGION,
            account: "123456789012",
            applied: [
                {
                    serviceCode: "lambda",
                    serviceName: "AWS Lambda",
                    quotaCode: "L-B99A9384",
                    quotaName: "Concurrent executions",
                    value: 270,
                    adjustable: true,
                    globalQuota: false,
                },
            ],
            defaults: [],
        });
        const harness = cliHarness({}, { quotaSources: () => sourcesOf(account, roomy.endpoint) });
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batch-")), "tenants.json");
        fs.writeFileSync(
            file,
            JSON.stringify([
                { tenantId: "acme", tier: "premium", adminEmail: "ops@acme.example" },
                { tenantId: "globex", tier: "premium", adminEmail: "it@globex.example" },
                { tenantId: "initech", tier: "premium", adminEmail: "it@initech.example" },
                { tenantId: "hooli", tier: "pooled", adminEmail: "ops@hooli.example" },
            ]),
        );

        // Act
        const { code, out, err } = await harness.run(["signup-batch", file, "-e", "dev"]);
        await roomy.close();

        // Assert
        expect({ code, out }).toEqual({ code: 1, out: "" });
        expect(err).toBe(
            `error: signup-batch ${file} (4 new tenant(s): 1 pooled, 3 premium) would exceed a quota: ` +
                `"Concurrent executions" (lambda L-B99A9384) in eu-west-1: 130 in use + 60 needed = 190, above the 170 reservable ` +
                `(limit 270 minus 100 kept unreserved by concurrencyHeadroom) (applied); raise it in the Service Quotas console ` +
                `(https://console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384) or with: ` +
                `aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 ` +
                `--desired-value 290 --region eu-west-1; nothing was created\n` +
                `  done:     nothing (signup-batch stopped before changing anything)\n` +
                `  not done: signup-batch\n` +
                `  re-run when fixed:\n` +
                `    npm run tenant -- signup-batch ${file} --concurrency 4 -e dev\n`,
        );
        expect(harness.h.fake.commands()).toEqual([["stack", "ls", "--json"]]);
    });
});
