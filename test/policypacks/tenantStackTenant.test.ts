import { describe, expect, it } from "vitest";
import { tenantStackTenant } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";

const tagged = (type: string, name: string, tenant: string): StackFixture => ({
    type,
    name,
    props: { tags: { TenantId: tenant, Tier: "premium", Environment: "dev" } },
});
const acmeStack = (...extra: StackFixture[]): StackFixture[] => [
    tagged("aws:dynamodb/table:Table", "acme-data", "acme"),
    tagged("aws:s3/bucket:Bucket", "acme-files", "acme"),
    ...extra,
];

describe("tenant-stack-tenant", () => {
    it.each<[string, StackFixture[], string]>([
        ["a tenant stack tagged throughout with its tenant", acmeStack(), "dev-acme"],
        [
            "a platform stack mixing platform and tenant tags",
            [tagged("aws:kms/key:Key", "k", "platform"), tagged("aws:s3/bucket:Bucket", "b", "acme")],
            "dev",
        ],
    ])("passes %s", async (_name, stack, name) => {
        expect(await checkStack(tenantStackTenant, stack, { stack: name })).toEqual([]);
    });

    it.each<[string, StackFixture[], string, string[]]>([
        [
            "a key copied from another tenant's program",
            acmeStack(tagged("aws:kms/key:Key", "acme-key", "globex")),
            "dev-acme",
            [
                'acme-key: tenant-stack-tenant: aws:kms/key:Key "acme-key" is tagged TenantId "globex" in the stack of tenant "acme", and every resource of a tenant stack must name its tenant.',
            ],
        ],
        [
            "a resource that claims to be platform",
            acmeStack(tagged("aws:sqs/queue:Queue", "acme-jobs", "platform")),
            "prod-acme",
            [
                'acme-jobs: tenant-stack-tenant: aws:sqs/queue:Queue "acme-jobs" is tagged TenantId "platform" in the stack of tenant "acme", and every resource of a tenant stack must name its tenant.',
            ],
        ],
    ])("reports %s", async (_name, stack, name, messages) => {
        expect(await checkStack(tenantStackTenant, stack, { stack: name })).toEqual(messages);
    });

    it("takes the tenant from stackTenant when the stack name does not carry it", async () => {
        const stack = acmeStack(tagged("aws:kms/key:Key", "key", "acme"));
        expect(
            await checkStack(tenantStackTenant, stack, {
                stack: "sandbox-7",
                config: { stackTenant: "globex" },
            }),
        ).toHaveLength(3);
    });
});
