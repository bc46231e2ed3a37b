import { beforeAll, describe, expect, it } from "vitest";
import { registryItem } from "../../../components/tenant/membership";
import { MOCK_ACCOUNT_ID } from "../../../plan/mockRuntime";
import { type PlannedTenant, planTenant, specInput } from "../../helpers/tenantStacks";

const REGION = "eu-west-1";
const TAGS = { TenantId: "acme", Tier: "pooled", Environment: "dev" };

let acme: PlannedTenant;

beforeAll(async () => {
    acme = await planTenant(specInput("acme", "pooled"));
});

describe("pooled tenant stack (acme, dev) under mocks", () => {
    it("creates its membership only: six AWS resources", () => {
        // Act
        const counts = acme.countByType();

        // Assert
        expect(counts).toEqual({
            "pulumi:pulumi:StackReference": 1,
            "tenanttiers:components:PooledTenant": 1,
            "tenanttiers:components:TenantMembership": 1,
            "aws:apigateway/apiKey:ApiKey": 1,
            "aws:apigateway/usagePlanKey:UsagePlanKey": 1,
            "aws:cognito/userGroup:UserGroup": 1,
            "aws:cognito/user:User": 1,
            "aws:cognito/userInGroup:UserInGroup": 1,
            "aws:dynamodb/tableItem:TableItem": 1,
        });
        expect(acme.aws).toHaveLength(6);
    });

    it("reads the platform stack of its environment through a stack reference", () => {
        expect(acme.named("platform")).toMatchObject({
            type: "pulumi:pulumi:StackReference",
            parent: null,
            inputs: { name: "example-org/tenant-tiers/dev" },
        });
    });

    it("parents every AWS resource to the tenant's membership, under the PooledTenant component", () => {
        expect(acme.named("acme")).toMatchObject({
            type: "tenanttiers:components:PooledTenant",
            parent: null,
        });
        expect(acme.named("acme-membership").parent).toBe("acme");
        expect(acme.aws.map((r) => r.parent)).toEqual(Array(6).fill("acme-membership"));
    });

    it("creates an API key and puts it on the platform's pooled usage plan", () => {
        expect(acme.named("acme-membership-api-key").inputs).toEqual({
            name: "tenant-tiers-dev-acme",
            description: "API key of tenant acme (dev); the authorizer hands it to API Gateway",
            enabled: true,
            tags: TAGS,
        });
        expect(acme.named("acme-membership-plan-key").inputs).toEqual({
            keyId: "acme-membership-api-key-id",
            keyType: "API_KEY",
            usagePlanId: "platform-api-pooled-plan-id",
        });
    });

    it("creates the tenant's Cognito group and first admin with custom:tenantId", () => {
        expect(acme.named("acme-membership-group").inputs).toEqual({
            userPoolId: "platform-identity-users-id",
            name: "tenant-acme",
            description: "Users of tenant acme",
        });
        expect(acme.named("acme-membership-admin").inputs).toEqual({
            userPoolId: "platform-identity-users-id",
            username: "admin@acme.example.com",
            attributes: { email: "admin@acme.example.com", email_verified: "true", tenantId: "acme" },
            desiredDeliveryMediums: ["EMAIL"],
        });
        expect(acme.named("acme-membership-admin-group").inputs).toEqual({
            userPoolId: "platform-identity-users-id",
            groupName: "tenant-acme",
            username: "admin@acme.example.com",
        });
    });

    it("writes the registry entry pointing at the shared function and table", () => {
        const entry = acme.named("acme-membership-registry-entry").inputs;
        expect(entry.tableName).toBe("platform-data-registry");
        expect(entry.hashKey).toBe("tenantId");
        expect(JSON.parse(entry.item as string)).toEqual({
            tenantId: { S: "acme" },
            tier: { S: "pooled" },
            status: { S: "active" },
            createdAt: { S: "2026-01-01T00:00:00Z" },
            apiKeyId: { S: "acme-membership-api-key-id" },
            functionName: { S: "platform-pooled-function" },
            tableName: { S: "platform-data-tenant-data" },
        });
    });

    it("keeps createdAt and the rest of the entry identical from one update to the next", async () => {
        // Act
        const again = await planTenant(specInput("acme", "pooled"));

        // Assert
        expect(again.named("acme-membership-registry-entry").inputs).toEqual(
            acme.named("acme-membership-registry-entry").inputs,
        );
    });

    it("writes the status the spec gives", async () => {
        // Act
        const suspended = await planTenant(specInput("acme", "pooled", { status: "suspended" }));

        // Assert
        const item = JSON.parse(suspended.named("acme-membership-registry-entry").inputs.item as string);
        expect(item.status).toEqual({ S: "suspended" });
    });

    it("tags every taggable resource with TenantId, Tier and Environment", () => {
        expect(acme.taggable.map((r) => r.name)).toEqual(["acme-membership-api-key"]);
        for (const resource of acme.taggable) {
            expect({ name: resource.name, tags: resource.inputs.tags }).toEqual({
                name: resource.name,
                tags: TAGS,
            });
        }
    });

    it("keeps nothing on destroy: a pooled tenant's data lives in the platform's stores", () => {
        expect(acme.aws.filter((r) => r.retainOnDelete || r.protect)).toEqual([]);
    });

    it("exports where the runtime finds the tenant", () => {
        expect(acme.stack.outputs).toEqual({
            tenantId: "acme",
            tier: "pooled",
            apiKeyId: "acme-membership-api-key-id",
            apiUrl: `https://platform-api-rest-api-id.execute-api.${REGION}.amazonaws.com/dev`,
            functionName: "platform-pooled-function",
            tableName: "platform-data-tenant-data",
            bucketName: "tenant-tiers-dev-files-platform-data-tenant-files",
        });
        expect(acme.stack).toMatchObject({
            name: "dev-acme",
            kind: "tenant",
            tenant: "acme",
            tier: "pooled",
        });
    });
});

describe("registryItem", () => {
    it("writes every set field as a string attribute and leaves unset ones out", () => {
        // Act
        const item = registryItem({
            tenantId: "globex",
            tier: "premium",
            status: "active",
            createdAt: "2026-01-01T00:00:00Z",
            apiKeyId: "k1",
            functionName: "fn",
            tableName: "t",
            kmsKeyArn: `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/k`,
            siloAccountId: undefined,
        });

        // Assert
        expect(JSON.parse(item)).toEqual({
            tenantId: { S: "globex" },
            tier: { S: "premium" },
            status: { S: "active" },
            createdAt: { S: "2026-01-01T00:00:00Z" },
            apiKeyId: { S: "k1" },
            functionName: { S: "fn" },
            tableName: { S: "t" },
            kmsKeyArn: { S: `arn:aws:kms:${REGION}:${MOCK_ACCOUNT_ID}:key/k` },
        });
    });
});
