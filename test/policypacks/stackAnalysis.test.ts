import { describe, expect, it } from "vitest";
import { analyzeStack } from "../../policypacks/tenant-guard/lib/stackAnalysis";
import {
    STACK_ANALYSIS_DEFAULTS,
    type StackAnalysisConfig,
} from "../../policypacks/tenant-guard/lib/stackConfig";
import type { StackFixture } from "./harness";
import {
    ACCOUNT,
    baseStack,
    BUCKET,
    doc,
    KEY_ID,
    OUTSIDE,
    PLATFORM_TAGS,
    stackWith,
    TABLE,
} from "./stackFixtures";

const urned = (stack: string, resources: StackFixture[]) =>
    resources.map((r) => ({ ...r, urn: `urn:pulumi:${stack}::tenant-tiers::${r.type}::${r.name}` }));
const analyze = (resources: StackFixture[], config: Partial<StackAnalysisConfig> = {}, stack = "dev") =>
    analyzeStack(urned(stack, resources), { ...STACK_ANALYSIS_DEFAULTS, ...config });

describe("the stack analysis", () => {
    it("finds the tenant stores, functions and access role of a platform-shaped stack, and no stack tenant", () => {
        const analysis = analyze(baseStack());
        expect(analysis.stores.map((s) => [s.kind, s.name, s.resource?.name ?? null, s.reason])).toEqual([
            ["table", TABLE, "items", 'its partition key is "tenantId"'],
            ["bucket", BUCKET, "files", "the tenant access role or a tenant function names it"],
            ["key", KEY_ID, "data-key", "it encrypts tenant data or the tenant access role names it"],
            ["table", "*", null, "every table of the account"],
            ["bucket", "*", null, "every bucket of the account"],
            ["key", "*", null, "every key of the account"],
        ]);
        expect([...analysis.functions].map(([fn, why]) => [fn.name, why])).toEqual([
            ["items-handler", "it runs in PER_TENANT isolation mode"],
        ]);
        expect(analysis.accessRoles.map((r) => r.name)).toEqual(["tenant-access"]);
        expect([...analysis.ownAccounts]).toEqual([ACCOUNT]);
        expect(analysis.stackTenant).toBeUndefined();
    });

    it.each<[string, StackFixture, string]>([
        [
            "a function tagged platform that carries the tenant runtime's variables",
            {
                type: "aws:lambda/function:Function",
                name: "sync",
                props: {
                    role: `arn:aws:iam::${ACCOUNT}:role/sync`,
                    environment: { variables: { TENANT_DATA_TABLE: TABLE } },
                    tags: PLATFORM_TAGS,
                },
            },
            "it carries the tenant runtime's TENANT_DATA_TABLE",
        ],
        [
            "a function whose role the tenant access role trusts",
            {
                type: "aws:lambda/function:Function",
                name: "items-handler-v2",
                props: { role: `arn:aws:iam::${ACCOUNT}:role/items-handler-role`, tags: PLATFORM_TAGS },
            },
            'its role may assume tenant access role "tenant-access"',
        ],
    ])("classifies %s as a tenant function", (_name, fn, reason) => {
        const functions = analyze(stackWith(fn)).functions;
        expect([...functions].find(([r]) => r.name === fn.name)?.[1]).toBe(reason);
    });

    it.each<[string, StackFixture, string]>([
        [
            "a table keyed by tenant but tagged platform",
            {
                type: "aws:dynamodb/table:Table",
                name: "orders",
                props: { name: "orders", hashKey: "tenantId", tags: PLATFORM_TAGS },
            },
            "orders",
        ],
        [
            "a bucket tagged with a tenant",
            {
                type: "aws:s3/bucket:Bucket",
                name: "exports",
                props: { bucket: "acme-exports", tags: { ...PLATFORM_TAGS, TenantId: "acme" } },
            },
            "acme-exports",
        ],
    ])("classifies %s as a tenant store", (_name, store, name) => {
        expect(analyze(stackWith(store)).stores.map((s) => s.name)).toContain(name);
    });

    it.each<[string, Partial<StackAnalysisConfig>, StackFixture[], string[]]>([
        [
            "own accounts from ARNs and providers",
            {},
            [
                {
                    type: "pulumi:providers:aws",
                    name: "silo",
                    props: { allowedAccountIds: '["111122223333"]' },
                },
            ],
            [ACCOUNT, "111122223333"],
        ],
        [
            "an outside account named only in a trust is not own",
            {},
            [
                {
                    type: "aws:iam/role:Role",
                    name: "x",
                    props: {
                        assumeRolePolicy: doc({
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` },
                            Action: "sts:AssumeRole",
                        }),
                    },
                },
            ],
            [ACCOUNT],
        ],
        [
            "trustedAccountIds replaces the derived accounts",
            { trustedAccountIds: ["222233334444"] },
            [],
            ["222233334444"],
        ],
    ])("%s", (_name, config, extra, accounts) => {
        expect([...analyze(stackWith(...extra), config).ownAccounts].sort()).toEqual([...accounts].sort());
    });

    it.each<[string, string, Record<string, string>[], string | undefined]>([
        [
            "the stack name's suffix",
            "dev-acme",
            [{ TenantId: "acme" }, { TenantId: "globex" }, { TenantId: "globex" }],
            "acme",
        ],
        ["the only tenant tag when nothing is tagged platform", "sandbox", [{ TenantId: "acme" }], "acme"],
        ["none in a platform stack", "dev", [{ TenantId: "platform" }], undefined],
        [
            "the stack name when every resource names another tenant",
            "dev-acme",
            [{ TenantId: "globex" }],
            "acme",
        ],
        [
            "none in a platform stack with a suffix",
            "prod-eu",
            [{ TenantId: "platform" }, { TenantId: "acme" }],
            undefined,
        ],
    ])("reads the stack tenant from %s", (_name, stack, tags, tenant) => {
        const resources = tags.map((t, i) => ({
            type: "aws:sqs/queue:Queue",
            name: `q${i}`,
            props: { tags: { ...t, Tier: "premium", Environment: "dev" } },
        }));
        expect(analyze(resources, {}, stack).stackTenant).toBe(tenant);
    });
});
