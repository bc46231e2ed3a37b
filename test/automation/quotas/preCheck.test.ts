/**
 * The quota pre-check wired into signup and change-tier: the account is moto's (usage), Service
 * Quotas is moto's (documented defaults) or recorded answers (applied values); the engine is the
 * fake Pulumi CLI, so the tests see that a refused operation ran no `up` and created no stack.
 */
import { CreateUsagePlanCommand } from "@aws-sdk/client-api-gateway";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { changeTier, signup } from "../../../automation/lifecycle";
import { QuotaCheckError, QuotaExceededError } from "../../../automation/quotas/errors";
import { quotaGuard } from "../../../automation/quotas/guard";
import { type Moto, startMoto } from "../../engine/support/moto";
import { lifecycleHarness, specOf, SPEC_KEY } from "../../helpers/lifecycleHarness";
import { platformAccount, type PlatformAccount, REGION, sourcesOf } from "./quotaFixture";
import { recordedServiceQuotas, type RecordedServiceQuotas } from "./recordedServiceQuotas";

let moto: Moto;
let recorded: RecordedServiceQuotas;
let account: PlatformAccount;

/** The account's Lambda concurrency as Service Quotas applies it: 240, so 140 may be reserved. */
const APPLIED_CONCURRENCY = {
    serviceCode: "lambda",
    serviceName: "AWS Lambda",
    quotaCode: "L-B99A9384",
    quotaName: "Concurrent executions",
    value: 240,
    adjustable: true,
    globalQuota: false,
};

const LAMBDA_REFUSAL =
    `"Concurrent executions" (lambda L-B99A9384) in eu-west-1: 130 in use + 20 needed = 150, above the 140 reservable ` +
    `(limit 240 minus 100 kept unreserved by concurrencyHeadroom) (applied); raise it in the Service Quotas console ` +
    `(https://console.aws.amazon.com/servicequotas/home/services/lambda/quotas/L-B99A9384) or with: ` +
    `aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 ` +
    `--desired-value 250 --region eu-west-1; nothing was created`;

const STACK_LS = ["stack", "ls", "--json"];

beforeAll(async () => {
    moto = await startMoto();
    recorded = await recordedServiceQuotas({
        region: REGION,
        account: "123456789012",
        applied: [APPLIED_CONCURRENCY],
        defaults: [],
    });
});

afterAll(async () => {
    await recorded?.close();
    await moto?.close();
});

beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
    recorded.requests.length = 0;
    // Authorizer 100, router 10 and one premium tenant's 20 reserved: 130 of the 140 reservable.
    account = await platformAccount(moto.endpoint, {
        tenants: 3,
        usagePlans: 3,
        restApis: 2,
        reservations: [100, 10, 20],
    });
});

/** What changeTier needs to pass its input check; the refusal comes before either is used. */
const dataClients = () => ({
    dynamodb: new DynamoDBClient({
        endpoint: moto.endpoint,
        region: REGION,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    }),
    s3: new S3Client({
        endpoint: moto.endpoint,
        region: REGION,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    }),
});

describe("quota pre-check of signups", () => {
    it("refuses a premium signup that would exceed the reservable concurrency, before any stack or up", async () => {
        // Prepare
        const h = lifecycleHarness();
        const quotas = quotaGuard(sourcesOf(account, recorded.endpoint));

        // Act
        const refused = await signup({ spec: specOf("acme", "premium") }, h.deps({ quotas })).catch(
            (e: unknown) => e,
        );

        // Assert
        expect(refused).toBeInstanceOf(QuotaExceededError);
        expect((refused as Error).message).toBe(
            `premium signup of tenant "acme" would exceed a quota: ${LAMBDA_REFUSAL}`,
        );
        expect(h.fake.commands()).toEqual([STACK_LS]);
        expect([...h.fake.stacks.keys()]).toEqual([]);
    });

    it("accepts a pooled signup in the same account: it reserves no concurrency", async () => {
        // Prepare
        const h = lifecycleHarness();
        const quotas = quotaGuard(sourcesOf(account, recorded.endpoint));

        // Act
        const result = await signup({ spec: specOf("acme") }, h.deps({ quotas }));

        // Assert
        expect(result.outcome).toBe("created");
        expect(h.fake.commands()[0]).toEqual(STACK_LS);
        expect(h.fake.commands().filter((c) => c[0] === "up")).toHaveLength(1);
        // API keys, groups and users have no Service Quotas code: nothing was asked of it.
        expect(recorded.requests).toEqual([]);
    });

    it("does not check a re-run of a tenant whose stack exists: its use is counted already", async () => {
        // Prepare
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme", "premium") }, h.deps());
        const before = h.fake.commands().length;

        // Act
        const result = await signup(
            { spec: specOf("acme", "premium") },
            h.deps({ quotas: quotaGuard(sourcesOf(account, recorded.endpoint)) }),
        );

        // Assert
        expect(result.outcome).toBe("unchanged");
        expect(h.fake.commands().slice(before)[0]).toEqual(STACK_LS);
        expect(
            h.fake
                .commands()
                .slice(before)
                .some((c) => c[0] === "up"),
        ).toBe(false);
    });

    it("refuses --silo create when the organization is full (documented default, moto's Service Quotas has none)", async () => {
        // Prepare
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        const full = await platformAccount(moto.endpoint, {
            tenants: 1,
            usagePlans: 2,
            restApis: 1,
            reservations: [],
            memberAccounts: 9,
        });
        const h = lifecycleHarness({ aws: { organizations: full.organizations } });

        // Act
        const refused = await signup(
            { spec: specOf("globex", "premium"), silo: { create: { email: "aws+globex@example.com" } } },
            h.deps({
                quotas: quotaGuard(sourcesOf(full, moto.endpoint)),
                // A vended account is bootstrapped for this deployer (checked before any call).
                bootstrap: { deployerArn: "arn:aws:iam::123456789012:role/tenant-tiers-deployer" },
            }),
        ).catch((e: unknown) => e);

        // Assert
        expect(refused).toBeInstanceOf(QuotaExceededError);
        expect((refused as Error).message).toBe(
            `premium signup with --silo create of tenant "globex" would exceed a quota: ` +
                `"Default maximum number of accounts" (organizations L-E619E033) in organization: 10 in use + 1 needed = 11, ` +
                `above the limit of 10 (documented); raise it in the Service Quotas console ` +
                `(https://console.aws.amazon.com/servicequotas/home/services/organizations/quotas/L-E619E033) or with: ` +
                `aws service-quotas request-service-quota-increase --service-code organizations --quota-code L-E619E033 ` +
                `--desired-value 11 --region us-east-1; nothing was created`,
        );
        expect(h.fake.commands()).toEqual([STACK_LS]);
        expect([...h.fake.stacks.keys()]).toEqual([]);
    });

    it("names every quota a signup would exceed", async () => {
        // Prepare: usage plans at the documented 300 (moto answers no applied value) and concurrency short.
        for (let i = 4; i <= 300; i++) {
            await account.apiGateway.send(
                new CreateUsagePlanCommand({
                    name: `plan-${i}`,
                }),
            );
        }
        const h = lifecycleHarness();

        // Act
        const refused = await signup(
            { spec: specOf("acme", "premium") },
            h.deps({ quotas: quotaGuard(sourcesOf(account, recorded.endpoint)) }),
        ).catch((e: unknown) => e);

        // Assert
        expect(
            (refused as QuotaExceededError).shortfalls.map((s) => [s.row.id, s.row.inUse, s.need]),
        ).toEqual([
            ["usagePlans", 300, 1],
            ["lambdaConcurrency", 130, 20],
        ]);
        expect((refused as Error).message).toBe(
            `premium signup of tenant "acme" would exceed 2 quotas: ` +
                `"Usage plans per account per Region" (apigateway L-E8693075) in eu-west-1: 300 in use + 1 needed = 301, ` +
                `above the limit of 300 (documented); raise it in the Service Quotas console ` +
                `(https://console.aws.amazon.com/servicequotas/home/services/apigateway/quotas/L-E8693075) or with: ` +
                `aws service-quotas request-service-quota-increase --service-code apigateway --quota-code L-E8693075 ` +
                `--desired-value 301 --region eu-west-1; ${LAMBDA_REFUSAL}`,
        );
        expect(h.fake.commands()).toEqual([STACK_LS]);
    });
});

describe("quota pre-check that cannot read the account", () => {
    it("refuses with QuotaCheckError naming the cause, before any stack or up", async () => {
        // Prepare: Service Quotas throttles the Lambda quota (the SDK's retries included).
        const throttled = await recordedServiceQuotas({
            region: REGION,
            account: "123456789012",
            applied: [],
            defaults: [],
            failing: { "L-B99A9384": "TooManyRequestsException" },
        });
        const h = lifecycleHarness();

        // Act
        const refused = await signup(
            { spec: specOf("acme", "premium") },
            h.deps({ quotas: quotaGuard(sourcesOf(account, throttled.endpoint)) }),
        ).catch((e: unknown) => e);
        await throttled.close();

        // Assert
        expect(refused).toBeInstanceOf(QuotaCheckError);
        expect((refused as Error).message).toBe(
            'the quota pre-check of the premium signup of tenant "acme" could not read the account\'s quotas ' +
                "(TooManyRequestsException: Rate exceeded); nothing was created: fix the cause (permissions are listed " +
                "in docs/quotas.md) and run it again",
        );
        expect(h.fake.commands()).toEqual([STACK_LS]);
    });
});

describe("quota pre-check of tier changes", () => {
    it("refuses pooled -> premium when the premium function's reservation does not fit; the tenant stays pooled", async () => {
        // Prepare
        const h = lifecycleHarness({ aws: dataClients() });
        await signup({ spec: specOf("acme") }, h.deps());
        const before = h.fake.commands().length;

        // Act
        const refused = await changeTier(
            { tenantId: "acme", environment: "dev", tier: "premium", settleMs: 0 },
            h.deps({ quotas: quotaGuard(sourcesOf(account, recorded.endpoint)) }),
        ).catch((e: unknown) => e);

        // Assert
        expect(refused).toBeInstanceOf(QuotaExceededError);
        expect((refused as Error).message).toBe(
            `tier change pooled -> premium of tenant "acme" would exceed a quota: ${LAMBDA_REFUSAL}`,
        );
        expect(h.fake.commands().slice(before)).toEqual([
            ["stack", "select", "--stack", "dev-acme"],
            ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
        ]);
        expect(JSON.parse(h.fake.stacks.get("dev-acme")?.config[SPEC_KEY] ?? "{}").tier).toBe("pooled");
        expect(h.fake.stacks.get("dev-acme")?.updates).toBe(1);
    });

    it("checks nothing for premium -> pooled: it frees what premium held", async () => {
        // Prepare
        const guard = quotaGuard(sourcesOf(account, recorded.endpoint));

        // Act
        await guard.check(
            { kind: "change-tier", from: "premium", to: "pooled" },
            { tenantId: "acme", environment: "dev" },
        );

        // Assert
        expect(recorded.requests).toEqual([]);
    });
});
