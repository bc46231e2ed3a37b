import { describe, expect, it } from "vitest";
import { tenantFunctionIsolation } from "../../policypacks/tenant-guard/policies";
import { awsProvider, check } from "./harness";

const FUNCTION = "aws:lambda/function:Function";
const PER_TENANT = { tenantIsolationMode: "PER_TENANT" };
const tags = (tier: string) => ({ TenantId: "platform", Tier: tier, Environment: "dev" });

describe("tenant-function-isolation", () => {
    it.each<[string, Record<string, unknown>]>([
        ["a pooled PER_TENANT function", { tags: tags("pooled"), tenancyConfig: PER_TENANT }],
        [
            "a premium PER_TENANT function",
            { tags: { ...tags("premium"), TenantId: "acme" }, tenancyConfig: PER_TENANT },
        ],
        ["a platform function without tenancy (the authorizer)", { tags: tags("platform") }],
        ["an untagged function (require-tenant-tags reports it)", {}],
    ])("passes %s", async (_name, props) => {
        expect(await check(tenantFunctionIsolation, FUNCTION, "fn", props)).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string]>([
        [
            "a pooled function without tenancyConfig",
            { tags: tags("pooled") },
            `${FUNCTION} "fn" is tagged Tier "pooled" but has tenancyConfig.tenantIsolationMode unset, and functions serving tenants must use "PER_TENANT".`,
        ],
        [
            "a premium function with another mode",
            { tags: tags("premium"), tenancyConfig: { tenantIsolationMode: "SHARED" } },
            `${FUNCTION} "fn" is tagged Tier "premium" but has tenancyConfig.tenantIsolationMode "SHARED", and functions serving tenants must use "PER_TENANT".`,
        ],
    ])("reports %s", async (_name, props, message) => {
        expect(await check(tenantFunctionIsolation, FUNCTION, "fn", props)).toEqual([message]);
    });

    it("reads the tier from the provider's defaultTags", async () => {
        const provider = awsProvider(JSON.stringify({ tags: tags("pooled") }));
        expect(await check(tenantFunctionIsolation, FUNCTION, "fn", {}, { provider })).toEqual([
            `${FUNCTION} "fn" is tagged Tier "pooled" but has tenancyConfig.tenantIsolationMode unset, and functions serving tenants must use "PER_TENANT".`,
        ]);
    });

    it("checks only the configured tenantTiers", async () => {
        const config = { tenantTiers: ["premium"] };
        expect(
            await check(tenantFunctionIsolation, FUNCTION, "fn", { tags: tags("pooled") }, { config }),
        ).toEqual([]);
    });

    it("does not apply to other types", async () => {
        expect(
            await check(tenantFunctionIsolation, "aws:s3/bucket:Bucket", "fn", { tags: tags("pooled") }),
        ).toEqual([]);
    });
});
