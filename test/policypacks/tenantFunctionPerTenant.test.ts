import { describe, expect, it } from "vitest";
import { tenantFunctionPerTenant } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import { ACCOUNT, baseStack, PLATFORM_TAGS, stackChanging, stackWith, TABLE } from "./stackFixtures";

const fn = (name: string, props: Record<string, unknown>): StackFixture => ({
    type: "aws:lambda/function:Function",
    name,
    props: { name, role: `arn:aws:iam::${ACCOUNT}:role/${name}-role`, tags: PLATFORM_TAGS, ...props },
});

describe("tenant-function-per-tenant", () => {
    it.each<[string, StackFixture[]]>([
        ["the stack's PER_TENANT function", baseStack()],
        [
            "a platform function reading only the registry",
            stackWith(
                fn("authorizer", { environment: { variables: { TENANT_REGISTRY_TABLE: "registry" } } }),
            ),
        ],
    ])("passes %s", async (_name, stack) => {
        expect(await checkStack(tenantFunctionPerTenant, stack)).toEqual([]);
    });

    it.each<[string, StackFixture[], string]>([
        [
            "a nightly job tagged Tier=platform that reads the tenant table through the runtime's variables",
            stackWith(
                fn("nightly", {
                    environment: { variables: { TENANT_DATA_TABLE: TABLE, TENANT_TIER: "pooled" } },
                }),
            ),
            'nightly: tenant-function-per-tenant: aws:lambda/function:Function "nightly" serves tenants (it carries the tenant runtime\'s TENANT_DATA_TABLE, TENANT_TIER) but has tenancyConfig.tenantIsolationMode "unset", and tenant functions must use "PER_TENANT".',
        ],
        [
            "a second handler sharing the tenant function's role, without isolation",
            stackWith(fn("items-export", { role: `arn:aws:iam::${ACCOUNT}:role/items-handler-role` })),
            'items-export: tenant-function-per-tenant: aws:lambda/function:Function "items-export" serves tenants (its role may assume tenant access role "tenant-access") but has tenancyConfig.tenantIsolationMode "unset", and tenant functions must use "PER_TENANT".',
        ],
        [
            "the tenant function switched to shared isolation",
            stackChanging("items-handler", (props) => ({
                ...props,
                tenancyConfig: { tenantIsolationMode: "NONE" },
            })),
            'items-handler: tenant-function-per-tenant: aws:lambda/function:Function "items-handler" serves tenants (it carries the tenant runtime\'s TENANT_ACCESS_ROLE_ARN, TENANT_DATA_TABLE, TENANT_BUCKET) but has tenancyConfig.tenantIsolationMode "NONE", and tenant functions must use "PER_TENANT".',
        ],
    ])("reports %s", async (_name, stack, message) => {
        expect(await checkStack(tenantFunctionPerTenant, stack)).toEqual([message]);
    });
});
