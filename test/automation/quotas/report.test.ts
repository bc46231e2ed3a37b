/**
 * The quota report against moto's server: usage read from API Gateway, Cognito, Lambda and
 * Organizations as they stand; limits from Service Quotas, which moto answers with
 * NoSuchResourceException for these services (the documented defaults apply), or from recorded
 * Service Quotas answers (applied values and AWS defaults).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { quotaReport, type QuotaRow } from "../../../automation/quotas/report";
import { type Moto, startMoto } from "../../engine/support/moto";
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
                value: 5000,
                adjustable: true,
                globalQuota: false,
            },
            {
                serviceCode: "organizations",
                serviceName: "AWS Organizations",
                quotaCode: "L-E619E033",
                quotaName: "Default maximum number of accounts",
                value: 20,
                adjustable: true,
                globalQuota: true,
            },
        ],
        defaults: [
            {
                serviceCode: "apigateway",
                serviceName: "Amazon API Gateway",
                quotaCode: "L-E8693075",
                quotaName: "Usage plans per account per Region",
                value: 300,
                adjustable: true,
                globalQuota: false,
            },
        ],
    });
});

afterAll(async () => {
    await recorded?.close();
    await moto?.close();
});

beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
    recorded.requests.length = 0;
    // The platform (authorizer 100, router 10, pooled and premium plans, its API) and one premium
    // tenant (its plan, API and function reserving 20) among three tenants; two silo accounts.
    account = await platformAccount(moto.endpoint, {
        tenants: 3,
        usagePlans: 3,
        restApis: 2,
        reservations: [100, 10, 20],
        memberAccounts: 2,
    });
});

/** The rows as the report gives them, with `limit`/`source` per quota as the test expects. */
function expectedRows(
    userPoolId: string,
    limits: { usagePlans: [number, string]; lambda: [number, string]; accounts: [number, string] },
): QuotaRow[] {
    const row = (
        id: QuotaRow["id"],
        name: string,
        serviceCode: string,
        quotaCode: string | undefined,
        scope: string,
        limit: number,
        source: string,
        inUse: number,
        kept: number,
        perSignup: { pooled: number; premium: number },
    ): QuotaRow => {
        const headroom = limit - kept - inUse;
        const fits = (need: number) => (need === 0 ? null : Math.floor(headroom / need));
        return {
            id,
            name,
            serviceCode,
            ...(quotaCode === undefined ? {} : { quotaCode }),
            scope,
            limit,
            source: source as QuotaRow["source"],
            inUse,
            kept,
            headroom,
            perSignup,
            fits: { pooled: fits(perSignup.pooled), premium: fits(perSignup.premium) },
        };
    };
    return [
        row(
            "apiKeys",
            "API keys per account per Region",
            "apigateway",
            undefined,
            REGION,
            10_000,
            "documented",
            3,
            0,
            { pooled: 1, premium: 1 },
        ),
        row(
            "usagePlans",
            "Usage plans per account per Region",
            "apigateway",
            "L-E8693075",
            REGION,
            ...limits.usagePlans,
            3,
            0,
            { pooled: 0, premium: 1 },
        ),
        row(
            "restApis",
            "Regional APIs per Region",
            "apigateway",
            undefined,
            REGION,
            600,
            "documented",
            2,
            0,
            { pooled: 0, premium: 1 },
        ),
        row(
            "userPoolGroups",
            "Groups per user pool",
            "cognito-idp",
            undefined,
            userPoolId,
            10_000,
            "documented",
            3,
            0,
            { pooled: 1, premium: 1 },
        ),
        row(
            "userPoolUsers",
            "Users per user pool",
            "cognito-idp",
            undefined,
            userPoolId,
            40_000_000,
            "documented",
            3,
            0,
            { pooled: 1, premium: 1 },
        ),
        row(
            "lambdaConcurrency",
            "Concurrent executions",
            "lambda",
            "L-B99A9384",
            REGION,
            ...limits.lambda,
            130,
            100,
            { pooled: 0, premium: 20 },
        ),
        row(
            "organizationAccounts",
            "Default maximum number of accounts",
            "organizations",
            "L-E619E033",
            "organization",
            ...limits.accounts,
            3,
            0,
            { pooled: 0, premium: 1 },
        ),
    ];
}

describe("quota report", () => {
    it("moto answers NoSuchResourceException: every limit is the documented default, usage is read from the services", async () => {
        // Act
        const report = await quotaReport(sourcesOf(account, moto.endpoint), "dev");

        // Assert
        expect(report.skipped).toEqual([]);
        expect(report.rows).toEqual(
            expectedRows(account.userPoolId, {
                usagePlans: [300, "documented"],
                lambda: [1000, "documented"],
                accounts: [10, "documented"],
            }),
        );
        const lambda = report.rows.find((r) => r.id === "lambdaConcurrency");
        expect([lambda?.headroom, lambda?.fits.premium]).toEqual([770, 38]);
    });

    it("recorded Service Quotas answers: applied values, then the AWS default, then the documented one", async () => {
        // Act
        const report = await quotaReport(sourcesOf(account, recorded.endpoint), "dev");

        // Assert
        expect(report.rows).toEqual(
            expectedRows(account.userPoolId, {
                usagePlans: [300, "aws-default"],
                lambda: [5000, "applied"],
                accounts: [20, "applied"],
            }),
        );
        const lambda = report.rows.find((r) => r.id === "lambdaConcurrency");
        expect([lambda?.headroom, lambda?.fits.premium]).toEqual([4770, 238]);
        // Only quotas with a code are asked for; a quota without an applied value is asked for its default.
        expect(recorded.requests).toEqual([
            {
                target: "ServiceQuotasV20190624.GetServiceQuota",
                body: { ServiceCode: "apigateway", QuotaCode: "L-E8693075" },
            },
            {
                target: "ServiceQuotasV20190624.GetAWSDefaultServiceQuota",
                body: { ServiceCode: "apigateway", QuotaCode: "L-E8693075" },
            },
            {
                target: "ServiceQuotasV20190624.GetServiceQuota",
                body: { ServiceCode: "lambda", QuotaCode: "L-B99A9384" },
            },
            {
                target: "ServiceQuotasV20190624.GetServiceQuota",
                body: { ServiceCode: "organizations", QuotaCode: "L-E619E033" },
            },
        ]);
    });

    it("a Service Quotas failure other than 'no answer here' fails the report instead of guessing", async () => {
        // Prepare
        const throttled = await recordedServiceQuotas({
            region: REGION,
            account: "123456789012",
            applied: [],
            defaults: [],
            failing: { "L-E8693075": "TooManyRequestsException" },
        });
        const sources = sourcesOf(account, throttled.endpoint);

        // Act
        const failed = await quotaReport(sources, "dev").catch((e: unknown) => e);
        await throttled.close();

        // Assert
        expect([(failed as Error).name, (failed as Error).message]).toEqual([
            "TooManyRequestsException",
            "Rate exceeded",
        ]);
    });

    // moto lists an empty organization where AWS answers AWSOrganizationsNotInUseException, so the
    // report's catch of that error is not exercised here; without an Organizations client it is skipped.
    it("without an Organizations client the accounts quota is left out, with the reason", async () => {
        // Prepare
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        const standalone = await platformAccount(moto.endpoint, {
            tenants: 1,
            usagePlans: 2,
            restApis: 1,
            reservations: [],
        });

        // Act
        const report = await quotaReport(
            sourcesOf(standalone, moto.endpoint, { organizations: false }),
            "dev",
        );

        // Assert
        expect(report.rows.map((r) => [r.id, r.inUse, r.headroom])).toEqual([
            ["apiKeys", 1, 9999],
            ["usagePlans", 2, 298],
            ["restApis", 1, 599],
            ["userPoolGroups", 1, 9999],
            ["userPoolUsers", 1, 39_999_999],
            ["lambdaConcurrency", 0, 900],
        ]);
        expect(report.skipped).toEqual([{ id: "organizationAccounts", reason: "no Organizations client" }]);
    });
});
