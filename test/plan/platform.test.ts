import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedStack } from "../../plan/mockRuntime";
import { planPlatformStack } from "../../plan/platform";
import { requireTenantTags } from "../../policypacks/tenant-guard/policies";
import { checkPolicies, type PolicyCheckOptions, type PolicyViolation } from "../../plan/policyCheck";

let platform: PlannedStack;
let baseline: PolicyViolation[];

beforeAll(async () => {
    platform = await planPlatformStack("dev");
    baseline = await checkPolicies([platform]);
});

/** Violations of `stacks` that the unchanged plan does not have (so each mutation is judged on its own). */
async function added(stacks: PlannedStack[], options?: PolicyCheckOptions): Promise<PolicyViolation[]> {
    const known = new Set(baseline.map((v) => JSON.stringify(v)));
    return (await checkPolicies(stacks, options)).filter((v) => !known.has(JSON.stringify(v)));
}

/** The planned stack with one resource's inputs changed. */
function withInputs(
    name: string,
    change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): PlannedStack {
    return {
        ...platform,
        resources: platform.resources.map((r) =>
            r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r,
        ),
    };
}

describe("the tenant-guard policies over this repository's planned stacks", () => {
    it("find no violation in the dev platform stack", async () => {
        expect(await checkPolicies([platform])).toEqual([]);
    });

    it("report a violation with its policy, stack, resource and message", async () => {
        const broken = withInputs("platform-pooled-function", (inputs) => {
            delete inputs.tenancyConfig;
            return inputs;
        });
        expect(await added([broken])).toEqual([
            {
                policy: "tenant-function-isolation",
                stack: "dev",
                resource: "platform-pooled-function",
                message:
                    'aws:lambda/function:Function "platform-pooled-function" is tagged Tier "pooled" but has tenancyConfig.tenantIsolationMode unset, and functions serving tenants must use "PER_TENANT".',
            },
            {
                policy: "tenant-function-per-tenant",
                stack: "dev",
                resource: "platform-pooled-function",
                message:
                    'tenant-function-per-tenant: aws:lambda/function:Function "platform-pooled-function" serves tenants (it carries the tenant runtime\'s TENANT_ACCESS_ROLE_ARN, TENANT_DATA_TABLE, TENANT_BUCKET, TENANT_TIER) but has tenancyConfig.tenantIsolationMode "unset", and tenant functions must use "PER_TENANT".',
            },
        ]);
    });

    it("report a tenant function that tags itself platform, by what it does (stack policy only)", async () => {
        const broken = withInputs("platform-pooled-function", (inputs) => {
            delete inputs.tenancyConfig;
            return { ...inputs, tags: { TenantId: "platform", Tier: "platform", Environment: "dev" } };
        });
        expect((await added([broken])).map((v) => [v.policy, v.resource])).toEqual([
            ["tenant-function-per-tenant", "platform-pooled-function"],
        ]);
    });

    it("report a miscased tag with both policies that see it", async () => {
        const broken = withInputs("platform-data-tenant-files", (inputs) => ({
            ...inputs,
            tags: { tenantId: "platform", Tier: "pooled", Environment: "dev" },
        }));
        expect((await added([broken])).map((v) => [v.policy, v.message])).toEqual([
            [
                "require-tenant-tags",
                'aws:s3/bucket:Bucket "platform-data-tenant-files" is missing the tag "TenantId": every taggable AWS resource must carry TenantId, Tier, Environment, on the resource or in the provider\'s defaultTags.',
            ],
            [
                "tag-key-casing",
                'aws:s3/bucket:Bucket "platform-data-tenant-files" has tag key "tenantId", which must be spelled exactly "TenantId".',
            ],
        ]);
    });

    it("report a StringLike leading-key grant in the planned tenant access policy", async () => {
        const broken = withInputs("platform-tenant-access-data-policy", (inputs) => ({
            ...inputs,
            policy: (inputs.policy as string).replace(
                '"ForAllValues:StringEquals"',
                '"ForAllValues:StringLike"',
            ),
        }));
        expect((await added([broken])).map((v) => v.message)).toEqual([
            'aws:iam/rolePolicy:RolePolicy "platform-tenant-access-data-policy" statement "TenantItemsInOwnPartition" uses ForAllValues:StringLike on dynamodb:LeadingKeys (["${aws:PrincipalTag/TenantId}"]), which lets a tenant match other tenants\' ids; use StringEquals.',
            'aws:iam/rolePolicy:RolePolicy "platform-tenant-access-data-policy" statement "TenantItemsInOwnPartition" grants dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:Query, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem without ForAllValues:StringEquals dynamodb:LeadingKeys = "${aws:PrincipalTag/TenantId}".',
            'tenant-data-grants: aws:iam/rolePolicy:RolePolicy "platform-tenant-access-data-policy" statement "TenantItemsInOwnPartition" uses ForAllValues:StringLike on dynamodb:LeadingKeys (["${aws:PrincipalTag/TenantId}"]), which lets one tenant match another\'s id.',
            'tenant-data-grants: aws:iam/rolePolicy:RolePolicy "platform-tenant-access-data-policy" statement "TenantItemsInOwnPartition" grants dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:Query, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem on tenant table "platform-data-tenant-data" with dynamodb:LeadingKeys "unpinned" and Null guard ["false"], but only ForAllValues:StringEquals "${aws:PrincipalTag/TenantId}" with Null "false" keeps a tenant in its partition.',
        ]);
    });

    it("honour the pack config: a disabled policy reports nothing", async () => {
        const broken = withInputs("platform-pooled-function", (inputs) => {
            delete inputs.tenancyConfig;
            return inputs;
        });
        expect(
            await added([broken], {
                config: { "tenant-function-isolation": "disabled", "tenant-function-per-tenant": "disabled" },
            }),
        ).toEqual([]);
    });
});

describe("explicit providers in planned stacks", () => {
    const provider = {
        type: "pulumi:providers:aws",
        name: "silo-provider",
        parent: null,
        custom: true,
        inputs: {
            region: "eu-west-1",
            defaultTags: JSON.stringify({ tags: { Tier: "premium", Environment: "dev" } }),
        },
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
    };
    const bucket = (withProvider: boolean) => ({
        type: "aws:s3/bucket:Bucket",
        name: "silo-files",
        parent: null,
        custom: true,
        inputs: { tags: { TenantId: "initech" } },
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        ...(withProvider ? { provider: "silo-provider" } : {}),
    });
    const stack = (withProvider: boolean): PlannedStack => ({
        name: "dev-initech",
        kind: "tenant",
        outputs: {},
        resources: [provider, bucket(withProvider)],
    });

    it("lend their defaultTags to the resources created with them", async () => {
        expect(await checkPolicies([stack(true)], { policies: [requireTenantTags] })).toEqual([]);
    });

    it("do not lend them to resources of the default provider", async () => {
        expect(
            (await checkPolicies([stack(false)], { policies: [requireTenantTags] })).map((v) => v.message),
        ).toEqual([
            'aws:s3/bucket:Bucket "silo-files" is missing the tag "Tier": every taggable AWS resource must carry TenantId, Tier, Environment, on the resource or in the provider\'s defaultTags.',
            'aws:s3/bucket:Bucket "silo-files" is missing the tag "Environment": every taggable AWS resource must carry TenantId, Tier, Environment, on the resource or in the provider\'s defaultTags.',
        ]);
    });
});
