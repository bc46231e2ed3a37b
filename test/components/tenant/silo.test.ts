import { beforeAll, describe, expect, it } from "vitest";
import {
    delegatingKeyPolicy,
    siloDataPolicy,
    siloDataTrust,
    tenantStoreBucketPolicy,
} from "../../../components/policies";
import { MOCK_ACCOUNT_ID, MOCK_ORGANIZATION_ID } from "../../../plan/mockRuntime";
import {
    type PlannedTenant,
    planTenant,
    SILO_ACCOUNT,
    siloInput,
    specInput,
} from "../../helpers/tenantStacks";

const REGION = "eu-west-1";
const TAGS = { TenantId: "initech", Tier: "premium", Environment: "dev" };
const KEY_ARN = `arn:aws:kms:${REGION}:${SILO_ACCOUNT}:key/initech-silo-store-key-key-id`;
const TABLE = "tenant-tiers-dev-premium-initech";
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${SILO_ACCOUNT}:table/${TABLE}`;
const BUCKET = "tenant-tiers-dev-premium-initech-silo-store-files";
const DATA_ROLE_ARN = `arn:aws:iam::${SILO_ACCOUNT}:role/tenant-tiers-dev-silo-initech`;
const PLATFORM_ACCESS_ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-tenant-access-role`;

let initech: PlannedTenant;

beforeAll(async () => {
    initech = await planTenant(specInput("initech", "premium", { silo: siloInput() }));
});

describe("premium tenant with a silo account (initech, dev) under mocks", () => {
    it("adds the silo account's provider, data role and policy, and keeps no store in the platform account", () => {
        const counts = initech.countByType();
        expect(counts).toMatchObject({
            "pulumi:providers:aws": 1,
            "tenanttiers:components:SiloAccount": 1,
            "tenanttiers:components:TenantStore": 1,
            "aws:iam/role:Role": 2,
            "aws:iam/rolePolicy:RolePolicy": 2,
            "aws:kms/key:Key": 1,
            "aws:dynamodb/table:Table": 1,
            "aws:s3/bucket:Bucket": 1,
        });
        expect(initech.named("initech-silo-store").parent).toBe("initech-silo");
    });

    it("deploys through the bootstrap role with TenantId as a transitive session tag", () => {
        const provider = initech.named("initech-silo-provider");
        expect(provider.type).toBe("pulumi:providers:aws");
        expect(provider.parent).toBe("initech-silo");
        expect(provider.inputs.region).toBe(REGION);
        expect(JSON.parse(provider.inputs.allowedAccountIds as string)).toEqual([SILO_ACCOUNT]);
        expect(JSON.parse(provider.inputs.assumeRoles as string)).toEqual([
            {
                roleArn: `arn:aws:iam::${SILO_ACCOUNT}:role/tenant-tiers-bootstrap`,
                sessionName: "tenant-tiers-dev-initech",
                tags: { TenantId: "initech" },
                transitiveTagKeys: ["TenantId"],
            },
        ]);
    });

    it("uses the bootstrap role the spec names", async () => {
        // Act
        const custom = await planTenant(
            specInput("initech", "premium", { silo: { ...siloInput(), bootstrapRoleName: "OrgBootstrap" } }),
        );

        // Assert
        const [hop] = JSON.parse(custom.named("initech-silo-provider").inputs.assumeRoles as string);
        expect(hop.roleArn).toBe(`arn:aws:iam::${SILO_ACCOUNT}:role/OrgBootstrap`);
    });

    it("creates the key, table, bucket and data role in the silo account, everything else in the platform's", () => {
        const inSilo = initech.aws
            .filter((r) => r.provider === "initech-silo-provider")
            .map((r) => r.name)
            .sort();
        expect(inSilo).toEqual([
            "initech-silo-data-policy",
            "initech-silo-data-role",
            "initech-silo-store-data",
            "initech-silo-store-files",
            "initech-silo-store-files-encryption",
            "initech-silo-store-files-ownership",
            "initech-silo-store-files-policy",
            "initech-silo-store-files-public-access",
            "initech-silo-store-files-versioning",
            "initech-silo-store-key",
            "initech-silo-store-key-alias",
        ]);
        const elsewhere = initech.aws.filter((r) => !inSilo.includes(r.name));
        expect(elsewhere.filter((r) => r.provider !== undefined)).toEqual([]);
        expect(initech.named("initech-premium-function").provider).toBeUndefined();
    });

    it("keys the silo's stores with the tenant's key, delegated to the silo account's IAM", () => {
        expect(initech.json("initech-silo-store-key", "policy")).toEqual(delegatingKeyPolicy(SILO_ACCOUNT));
        expect(initech.named("initech-silo-store-key").inputs.enableKeyRotation).toBe(true);
        expect(initech.named("initech-silo-store-data").inputs).toMatchObject({
            name: TABLE,
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
            serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
        });
        // Key, table, bucket, and the data role with its policy (a tier change out of the silo reads through it).
        expect(
            initech.aws
                .filter((r) => r.retainOnDelete)
                .map((r) => r.name)
                .sort(),
        ).toEqual([
            "initech-silo-data-policy",
            "initech-silo-data-role",
            "initech-silo-store-data",
            "initech-silo-store-files",
            "initech-silo-store-key",
        ]);
        // Only identity policies reach the silo bucket: no grant to the platform account's role.
        expect(initech.json("initech-silo-store-files-policy", "policy")).toEqual(
            tenantStoreBucketPolicy({
                bucketArn: `arn:aws:s3:::${BUCKET}`,
                keyArn: KEY_ARN,
                tenantId: "initech",
            }),
        );
    });

    it("trusts the data role to the platform's tenant access role, for this tenant, inside the organization", () => {
        const role = initech.named("initech-silo-data-role");
        expect(role.inputs).toMatchObject({
            name: "tenant-tiers-dev-silo-initech",
            maxSessionDuration: 3600,
            permissionsBoundary: `arn:aws:iam::${SILO_ACCOUNT}:policy/tenant-tiers-silo-boundary`,
            tags: TAGS,
        });
        const trust = initech.json("initech-silo-data-role", "assumeRolePolicy");
        expect(trust).toEqual(
            siloDataTrust({
                tenantAccessRoleArn: PLATFORM_ACCESS_ROLE,
                tenantId: "initech",
                organizationId: MOCK_ORGANIZATION_ID,
            }),
        );
        expect(trust).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TenantAccessRoleOfThisTenant",
                    Effect: "Allow",
                    Principal: { AWS: PLATFORM_ACCESS_ROLE },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: {
                        StringEquals: {
                            "aws:PrincipalTag/TenantId": "initech",
                            "aws:PrincipalOrgID": MOCK_ORGANIZATION_ID,
                        },
                    },
                },
            ],
        });
    });

    it("lets the data role reach only this tenant's data in the silo account", () => {
        expect(initech.named("initech-silo-data-policy").inputs.role).toBe("tenant-tiers-dev-silo-initech");
        expect(initech.json("initech-silo-data-policy", "policy")).toEqual(
            siloDataPolicy({
                tenantId: "initech",
                tableArn: TABLE_ARN,
                bucketArn: `arn:aws:s3:::${BUCKET}`,
                keyArn: KEY_ARN,
            }),
        );
    });

    it("gives the function the second hop and the silo's stores", () => {
        expect(initech.named("initech-premium-function").inputs.environment).toEqual({
            variables: {
                ENVIRONMENT: "dev",
                TENANT_TIER: "premium",
                TENANT_ID: "initech",
                TENANT_DATA_TABLE: TABLE,
                TENANT_BUCKET: BUCKET,
                TENANT_ACCESS_ROLE_ARN: PLATFORM_ACCESS_ROLE,
                TENANT_KMS_KEY_ARN: KEY_ARN,
                TENANT_SILO_ROLE_ARN: DATA_ROLE_ARN,
            },
        });
    });

    it("records the silo account and data role in the registry entry", () => {
        expect(JSON.parse(initech.named("initech-membership-registry-entry").inputs.item as string)).toEqual({
            tenantId: { S: "initech" },
            tier: { S: "premium" },
            status: { S: "active" },
            createdAt: { S: "2026-01-01T00:00:00Z" },
            apiKeyId: { S: "initech-membership-api-key-id" },
            functionName: { S: "initech-premium-function" },
            tableName: { S: TABLE },
            kmsKeyArn: { S: KEY_ARN },
            siloAccountId: { S: SILO_ACCOUNT },
            siloDataRoleArn: { S: DATA_ROLE_ARN },
        });
        expect(initech.stack.outputs).toMatchObject({
            siloAccountId: SILO_ACCOUNT,
            siloDataRoleArn: DATA_ROLE_ARN,
        });
    });

    it("tags every taggable resource, in both accounts, with TenantId, Tier and Environment", () => {
        expect(initech.taggable).toHaveLength(12);
        for (const resource of initech.taggable) {
            expect({ name: resource.name, tags: resource.inputs.tags }).toEqual({
                name: resource.name,
                tags: TAGS,
            });
        }
    });
});
