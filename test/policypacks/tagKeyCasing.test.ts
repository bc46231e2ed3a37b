import { describe, expect, it } from "vitest";
import { tagKeyCasing } from "../../policypacks/tenant-guard/policies";
import { check, PLATFORM_TAGS } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";

describe("tag-key-casing", () => {
    it.each([
        ["canonical keys", PLATFORM_TAGS],
        ["other keys that only resemble a canonical one", { env: "dev", Tenant: "x", TierName: "y" }],
        ["no tags", undefined],
    ])("passes %s", async (_name, tags) => {
        expect(await check(tagKeyCasing, BUCKET, "files", { tags })).toEqual([]);
    });

    it.each([
        ["tenantId", "TenantId"],
        ["TenantID", "TenantId"],
        ["tenant_id", "TenantId"],
        ["TENANT-ID", "TenantId"],
        ["tier", "Tier"],
        ["TIER", "Tier"],
        ["environment", "Environment"],
        ["ENVIRONMENT", "Environment"],
    ])("reports %j naming %j", async (key, canonical) => {
        const messages = await check(tagKeyCasing, BUCKET, "files", {
            tags: { ...PLATFORM_TAGS, [key]: "x" },
        });
        expect(messages).toEqual([
            `${BUCKET} "files" has tag key "${key}", which must be spelled exactly "${canonical}".`,
        ]);
    });

    it.each([
        ["a JSON string", JSON.stringify({ tags: { tenant_id: "acme" } })],
        ["an object", { tags: { tenant_id: "acme" } }],
    ])("reports a provider's defaultTags key given as %s", async (_name, defaultTags) => {
        expect(await check(tagKeyCasing, "pulumi:providers:aws", "silo", { defaultTags })).toEqual([
            'pulumi:providers:aws "silo" has defaultTags key "tenant_id", which must be spelled exactly "TenantId".',
        ]);
    });

    it("skips resources of other clouds", async () => {
        expect(
            await check(tagKeyCasing, "azure-native:resources:ResourceGroup", "rg", {
                tags: { tenantId: "x" },
            }),
        ).toEqual([]);
    });

    it("enforces the configured canonicalKeys only", async () => {
        const tags = { tenantId: "acme", costCenter: "42" };
        expect(
            await check(
                tagKeyCasing,
                BUCKET,
                "files",
                { tags },
                { config: { canonicalKeys: ["CostCenter"] } },
            ),
        ).toEqual([
            `${BUCKET} "files" has tag key "costCenter", which must be spelled exactly "CostCenter".`,
        ]);
    });
});
