import { describe, expect, it } from "vitest";
import { authorizerConfig, RuntimeConfigError, routerConfig, tenantFunctionConfig } from "../../runtime/env";

const ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const pooled = {
    AWS_REGION: "eu-west-1",
    ENVIRONMENT: "dev",
    TENANT_TIER: "pooled",
    TENANT_DATA_TABLE: "platform-data-tenant-data-1a2b3c",
    TENANT_BUCKET: "tenant-tiers-dev-files-abc123",
    TENANT_ACCESS_ROLE_ARN: ROLE,
};

describe("runtime configuration", () => {
    it("reads a pooled tenant function's environment", () => {
        expect(tenantFunctionConfig(pooled)).toEqual({
            region: "eu-west-1",
            environment: "dev",
            tier: "pooled",
            tableName: "platform-data-tenant-data-1a2b3c",
            bucketName: "tenant-tiers-dev-files-abc123",
            tenantAccessRoleArn: ROLE,
            tenantKeyArn: undefined,
            siloRoleArn: undefined,
            dedicatedTenantId: undefined,
        });
    });

    it("reads a premium silo function's key and silo role", () => {
        const silo = "arn:aws:iam::210987654321:role/silo-data";
        expect(
            tenantFunctionConfig({
                ...pooled,
                TENANT_TIER: "premium",
                TENANT_KMS_KEY_ARN: KEY,
                TENANT_SILO_ROLE_ARN: silo,
                TENANT_ID: "initech",
            }),
        ).toMatchObject({
            tier: "premium",
            tenantKeyArn: KEY,
            siloRoleArn: silo,
            dedicatedTenantId: "initech",
        });
    });

    it("lists every problem at once, naming variable, value and rule", () => {
        const env = {
            ...pooled,
            AWS_REGION: "Europe",
            TENANT_TIER: "gold",
            TENANT_ACCESS_ROLE_ARN: "tenant-access",
            TENANT_BUCKET: undefined,
        };
        expect(() => tenantFunctionConfig(env)).toThrow(
            new RuntimeConfigError([
                { name: "AWS_REGION", value: "Europe", message: "expected an AWS region such as eu-west-1" },
                { name: "TENANT_TIER", value: "gold", message: "expected pooled or premium" },
                { name: "TENANT_BUCKET", value: undefined, message: "required; expected an S3 bucket name" },
                {
                    name: "TENANT_ACCESS_ROLE_ARN",
                    value: "tenant-access",
                    message: "expected an IAM role ARN",
                },
            ]),
        );
        expect(() => tenantFunctionConfig(env)).toThrow(
            'function configuration is invalid:\n  - AWS_REGION = "Europe": expected an AWS region such as eu-west-1\n',
        );
    });

    it("requires the tenant key on a premium function", () => {
        expect(() => tenantFunctionConfig({ ...pooled, TENANT_TIER: "premium" })).toThrow(
            "TENANT_KMS_KEY_ARN = (not set): required for the premium tier: premium objects are written with the tenant's own key",
        );
    });

    it.each([
        ["TENANT_KMS_KEY_ARN", KEY],
        ["TENANT_SILO_ROLE_ARN", ROLE],
        ["TENANT_ID", "acme"],
    ])("refuses %s on a pooled function (one tenant's setting for all)", (name, value) => {
        expect(() => tenantFunctionConfig({ ...pooled, [name]: value })).toThrow(
            `${name} = ${JSON.stringify(value)}: only a premium function serves one tenant's key, silo or id; unset it on a pooled function`,
        );
    });

    it("refuses a dedicated tenant id that is not one", () => {
        expect(() =>
            tenantFunctionConfig({
                ...pooled,
                TENANT_TIER: "premium",
                TENANT_KMS_KEY_ARN: KEY,
                TENANT_ID: "Initech",
            }),
        ).toThrow('TENANT_ID = "Initech": expected a valid tenant id');
    });

    it("reads the authorizer's environment", () => {
        expect(
            authorizerConfig({
                AWS_REGION: "eu-west-1",
                ENVIRONMENT: "dev",
                USER_POOL_ID: "eu-west-1_AbC123",
                USER_POOL_CLIENT_ID: "1example23456789abcdefghij",
                TENANT_REGISTRY_TABLE: "platform-data-registry-1a2b",
            }),
        ).toEqual({
            region: "eu-west-1",
            environment: "dev",
            userPoolId: "eu-west-1_AbC123",
            clientId: "1example23456789abcdefghij",
            registryTableName: "platform-data-registry-1a2b",
        });
    });

    it("refuses an authorizer without its user pool", () => {
        expect(() =>
            authorizerConfig({
                AWS_REGION: "eu-west-1",
                ENVIRONMENT: "dev",
                TENANT_REGISTRY_TABLE: "registry",
            }),
        ).toThrow(
            "  - USER_POOL_ID = (not set): required; expected a user pool id such as eu-west-1_AbC123\n  - USER_POOL_CLIENT_ID = (not set): required; expected a Cognito app client id",
        );
    });

    it("reads the router's environment", () => {
        expect(
            routerConfig({ AWS_REGION: "eu-west-1", ENVIRONMENT: "dev", TENANT_REGISTRY_TABLE: "registry" }),
        ).toEqual({
            region: "eu-west-1",
            environment: "dev",
            registryTableName: "registry",
        });
    });
});
