import { describe, expect, it } from "vitest";
import { requireTenantTags } from "../../policypacks/tenant-guard/policies";
import { awsProvider, check, PLATFORM_TAGS } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";
const label = `${BUCKET} "files"`;
const missing = (key: string, keys = "TenantId, Tier, Environment") =>
    `${label} is missing the tag "${key}": every taggable AWS resource must carry ${keys}, on the resource or in the provider's defaultTags.`;
const RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";

describe("require-tenant-tags", () => {
    it.each([
        ["platform resource", PLATFORM_TAGS],
        ["pooled tenant resource", { TenantId: "acme", Tier: "pooled", Environment: "dev" }],
        [
            "premium tenant resource with an extra organisation tag",
            { TenantId: "globex", Tier: "premium", Environment: "prod", Owner: "x" },
        ],
    ])("passes a %s", async (_name, tags) => {
        expect(await check(requireTenantTags, BUCKET, "files", { tags })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
        ["no tags at all", {}, [missing("TenantId"), missing("Tier"), missing("Environment")]],
        ["TenantId missing", { tags: { Tier: "pooled", Environment: "dev" } }, [missing("TenantId")]],
        ["Tier missing", { tags: { TenantId: "acme", Environment: "dev" } }, [missing("Tier")]],
        ["Environment missing", { tags: { TenantId: "acme", Tier: "pooled" } }, [missing("Environment")]],
        [
            "TenantId not a tenant id",
            { tags: { ...PLATFORM_TAGS, TenantId: "Acme" } },
            [`${label} has TenantId "Acme", which is neither "platform" nor a valid tenant id: ${RULE}.`],
        ],
        [
            "TenantId reserved",
            { tags: { ...PLATFORM_TAGS, TenantId: "shared" } },
            [
                `${label} has TenantId "shared", which is neither "platform" nor a valid tenant id: "shared" is reserved (reserved ids: platform, shared, pooled, premium, admin, root, system, tenant, tenants, default, all, none, null, undefined, aws, amazon).`,
            ],
        ],
        [
            "TenantId empty",
            { tags: { ...PLATFORM_TAGS, TenantId: "" } },
            [`${label} has TenantId "", which is not a non-empty string.`],
        ],
        [
            "Tier unknown",
            { tags: { ...PLATFORM_TAGS, Tier: "gold" } },
            [`${label} has Tier "gold", which is not one of pooled, premium, platform.`],
        ],
        [
            "Environment empty",
            { tags: { ...PLATFORM_TAGS, Environment: "" } },
            [`${label} has Environment "", which is not a non-empty string.`],
        ],
        [
            "miscased key (the canonical one is then missing)",
            { tags: { tenantId: "acme", Tier: "pooled", Environment: "dev" } },
            [missing("TenantId")],
        ],
    ])("reports %s", async (_name, props, messages) => {
        expect(await check(requireTenantTags, BUCKET, "files", props)).toEqual(messages);
    });

    describe("provider defaultTags", () => {
        const defaults = { tags: { Tier: "pooled", Environment: "dev" } };

        it.each([
            ["as the JSON string the AWS provider sends", JSON.stringify(defaults)],
            ["as an object", defaults],
        ])("count when given %s", async (_name, defaultTags) => {
            const props = { tags: { TenantId: "acme" } };
            expect(
                await check(requireTenantTags, BUCKET, "files", props, {
                    provider: awsProvider(defaultTags),
                }),
            ).toEqual([]);
        });

        it("are overridden by the resource's own tags", async () => {
            const provider = awsProvider(JSON.stringify({ tags: { Tier: "gold" } }));
            const props = { tags: PLATFORM_TAGS };
            expect(await check(requireTenantTags, BUCKET, "files", props, { provider })).toEqual([]);
        });

        it("still leave a key neither sets missing", async () => {
            const provider = awsProvider(JSON.stringify({ tags: { Environment: "dev" } }));
            const props = { tags: { TenantId: "acme" } };
            expect(await check(requireTenantTags, BUCKET, "files", props, { provider })).toEqual([
                missing("Tier"),
            ]);
        });

        it("count tagsAll when the inputs carry it", async () => {
            const props = {
                tags: { TenantId: "acme" },
                tagsAll: { TenantId: "acme", Tier: "pooled", Environment: "dev" },
            };
            expect(await check(requireTenantTags, BUCKET, "files", props)).toEqual([]);
        });
    });

    describe("which resources are taggable", () => {
        it.each([
            ["aws:cognito/userPool:UserPool", 'aws:cognito/userPool:UserPool "pool"'],
            ["aws:lambda/function:Function", 'aws:lambda/function:Function "pool"'],
            // A type this @pulumi/aws does not know (a newer provider) is checked when it has a tags map.
            ["aws:newservice/widget:Widget", 'aws:newservice/widget:Widget "pool"'],
        ])("checks %s", async (type, resource) => {
            const messages = await check(requireTenantTags, type, "pool", {
                tags: { Tier: "pooled", Environment: "dev" },
            });
            expect(messages).toEqual([
                `${resource} is missing the tag "TenantId": every taggable AWS resource must carry TenantId, Tier, Environment, on the resource or in the provider's defaultTags.`,
            ]);
        });

        it.each([
            ["a type without a tags input", "aws:iam/rolePolicy:RolePolicy", { policy: "{}" }],
            ["an unknown AWS type without tags", "aws:newservice/widget:Widget", {}],
            [
                "a type whose tags are a list of tag blocks",
                "aws:autoscaling/group:Group",
                { tags: [{ key: "k", value: "v", propagateAtLaunch: true }] },
            ],
            [
                "a type whose tags are a filter object",
                "aws:devopsguru/resourceCollection:ResourceCollection",
                { tags: { appBoundaryKey: "k", tagValues: [] } },
            ],
            ["another cloud's resource", "azure-native:resources:ResourceGroup", { tags: {} }],
            ["a component", "tenanttiers:components:Platform", {}],
        ])("skips %s", async (_name, type, props) => {
            expect(await check(requireTenantTags, type, "x", props)).toEqual([]);
        });
    });

    describe("config", () => {
        it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
            [
                "allowedTiers",
                { allowedTiers: ["pooled", "premium"] },
                PLATFORM_TAGS,
                [`${label} has Tier "platform", which is not one of pooled, premium.`],
            ],
            [
                "allowedEnvironments",
                { allowedEnvironments: ["staging", "prod"] },
                PLATFORM_TAGS,
                [`${label} has Environment "dev", which is not one of staging, prod.`],
            ],
            ["allowedEnvironments accepting the value", { allowedEnvironments: ["dev"] }, PLATFORM_TAGS, []],
            [
                "additionalRequiredTags",
                { additionalRequiredTags: ["CostCenter"] },
                PLATFORM_TAGS,
                [missing("CostCenter", "TenantId, Tier, Environment, CostCenter")],
            ],
            ["exemptTypes", { exemptTypes: [BUCKET] }, {}, []],
            ["defaults when the engine passes nothing", {}, PLATFORM_TAGS, []],
        ])("%s", async (_name, config, tags, messages) => {
            expect(await check(requireTenantTags, BUCKET, "files", { tags }, { config })).toEqual(messages);
        });

        it("is disabled by enforcementLevel disabled", async () => {
            expect(
                await check(
                    requireTenantTags,
                    BUCKET,
                    "files",
                    {},
                    { config: { enforcementLevel: "disabled" } },
                ),
            ).toEqual([]);
        });
    });
});
