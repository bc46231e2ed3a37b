import { beforeAll, describe, expect, it } from "vitest";
import {
    delegatingKeyPolicy,
    invokeFunctionPolicy,
    serviceTrust,
    tenantStoreBucketPolicy,
} from "../../../components/policies";
import { tenantDashboard } from "../../../components/observability/dashboardBody";
import { tenantDataTableSchema } from "../../../components/shared/tenantDataSchema";
import { MOCK_ACCOUNT_ID } from "../../../plan/mockRuntime";
import { premiumTier } from "../../../tiers";
import { type PlannedTenant, planTenant, specInput } from "../../helpers/tenantStacks";

const ACCOUNT = MOCK_ACCOUNT_ID;
const REGION = "eu-west-1";
const TAGS = { TenantId: "globex", Tier: "premium", Environment: "dev" };
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/globex-store-key-key-id`;
const TABLE = "tenant-tiers-dev-premium-globex";
const BUCKET = "tenant-tiers-dev-premium-globex-store-files";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:globex-premium-function`;
const invokeArnOf = (arn: string) =>
    `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;
const PLATFORM_EXECUTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/platform-pooled-role`;
const PLATFORM_ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/platform-tenant-access-role`;
const AUTHORIZER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-authorizer-function`;

let globex: PlannedTenant;

beforeAll(async () => {
    globex = await planTenant(specInput("globex", "premium"));
});

describe("premium tenant stack (globex, dev) under mocks", () => {
    it("has a dashboard of its own function and table", () => {
        const dashboard = globex.named("globex-dashboard").inputs;
        expect(dashboard.dashboardName).toBe("tenant-tiers-dev-globex-dashboard");
        expect(JSON.parse(dashboard.dashboardBody as string)).toEqual(
            tenantDashboard({
                region: "eu-west-1",
                tenantId: "globex",
                functionName: "globex-premium-function",
                tableName: TABLE,
            }),
        );
    });

    it("creates exactly these resources", () => {
        expect(globex.countByType()).toEqual({
            "pulumi:pulumi:StackReference": 1,
            "tenanttiers:components:PremiumTenant": 1,
            "tenanttiers:components:TenantStore": 1,
            "tenanttiers:components:TenantFunction": 1,
            "tenanttiers:components:TenantApi": 1,
            "tenanttiers:components:TenantMembership": 1,
            "aws:kms/key:Key": 1,
            "aws:kms/alias:Alias": 1,
            "aws:dynamodb/table:Table": 1,
            "aws:s3/bucket:Bucket": 1,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
            "aws:s3/bucketVersioning:BucketVersioning": 1,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
            "aws:s3/bucketPolicy:BucketPolicy": 1,
            "aws:cloudwatch/logGroup:LogGroup": 2,
            "aws:lambda/function:Function": 1,
            "aws:lambda/permission:Permission": 1,
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:apigateway/restApi:RestApi": 1,
            "aws:apigateway/authorizer:Authorizer": 1,
            "aws:apigateway/resource:Resource": 3,
            "aws:apigateway/method:Method": 7,
            "aws:apigateway/integration:Integration": 7,
            "aws:apigateway/deployment:Deployment": 1,
            "aws:apigateway/stage:Stage": 1,
            "aws:apigateway/methodSettings:MethodSettings": 1,
            "aws:wafv2/webAclAssociation:WebAclAssociation": 1,
            "aws:apigateway/usagePlan:UsagePlan": 1,
            "aws:apigateway/apiKey:ApiKey": 1,
            "aws:apigateway/usagePlanKey:UsagePlanKey": 1,
            "aws:cognito/userGroup:UserGroup": 1,
            "aws:cognito/user:User": 1,
            "aws:cognito/userInGroup:UserInGroup": 1,
            "aws:dynamodb/tableItem:TableItem": 1,
            "aws:cloudwatch/dashboard:Dashboard": 1,
        });
    });

    it("parents every AWS resource to a component of the tenant", () => {
        const components = new Set(globex.stack.resources.filter((r) => !r.custom).map((r) => r.name));
        expect(globex.aws.filter((r) => r.parent === null || !components.has(r.parent))).toEqual([]);
    });

    describe("dedicated key", () => {
        it("rotates, is tagged with the tenant and delegates its policy to IAM", () => {
            const key = globex.named("globex-store-key");
            expect(key.inputs).toEqual({
                description: "tenant-tiers dev key of tenant globex (its table and bucket)",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: JSON.stringify(delegatingKeyPolicy(ACCOUNT)),
                tags: TAGS,
            });
            expect(key.retainOnDelete).toBe(true);
        });

        it("has an alias named after the tenant", () => {
            expect(globex.named("globex-store-key-alias").inputs).toEqual({
                name: "alias/tenant-tiers-dev-globex",
                targetKeyId: "globex-store-key-key-id",
            });
        });
    });

    describe("dedicated table", () => {
        it("has the pooled table's key schema, the tenant key, PITR and deletion protection, and survives a destroy", () => {
            const table = globex.named("globex-store-data");
            expect(table.inputs).toEqual({
                name: TABLE,
                billingMode: "PAY_PER_REQUEST",
                ...tenantDataTableSchema(),
                pointInTimeRecovery: { enabled: true },
                deletionProtectionEnabled: true,
                serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
                tags: TAGS,
            });
            expect(table.retainOnDelete).toBe(true);
            expect(table.protect).toBe(false);
        });
    });

    describe("dedicated bucket", () => {
        it("is locked down and encrypted with the tenant key by default", () => {
            const bucket = globex.named("globex-store-files");
            expect(bucket.inputs).toEqual({
                bucketPrefix: "tenant-tiers-dev-premium-",
                forceDestroy: false,
                tags: TAGS,
            });
            expect(bucket.retainOnDelete).toBe(true);
            expect(globex.named("globex-store-files-public-access").inputs).toEqual({
                bucket: "globex-store-files-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(globex.named("globex-store-files-versioning").inputs.versioningConfiguration).toEqual({
                status: "Enabled",
            });
            expect(globex.named("globex-store-files-ownership").inputs.rule).toEqual({
                objectOwnership: "BucketOwnerEnforced",
            });
            expect(globex.named("globex-store-files-encryption").inputs.rules).toEqual([
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
                    bucketKeyEnabled: true,
                },
            ]);
        });

        it("refuses objects under any key but the tenant's, and every other tenant's session", () => {
            const policy = globex.json("globex-store-files-policy", "policy");
            expect(policy).toEqual(
                tenantStoreBucketPolicy({
                    bucketArn: `arn:aws:s3:::${BUCKET}`,
                    keyArn: KEY_ARN,
                    tenantId: "globex",
                    tenantAccessRoleArn: PLATFORM_ACCESS_ROLE,
                }),
            );
            const bySid = Object.fromEntries(
                (policy as { Statement: { Sid: string }[] }).Statement.map((s) => [s.Sid, s]),
            );
            expect(bySid.DenyKeysOtherThanTheTenantKey).toEqual({
                Sid: "DenyKeysOtherThanTheTenantKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${BUCKET}/*`,
                Condition: {
                    StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
                    Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                },
            });
            expect(bySid.TenantSessionsOwnPrefix).toMatchObject({
                Effect: "Allow",
                Principal: { AWS: PLATFORM_ACCESS_ROLE },
                Resource: `arn:aws:s3:::${BUCKET}/globex/*`,
                Condition: { StringEquals: { "aws:PrincipalTag/TenantId": "globex" } },
            });
        });
    });

    describe("dedicated function", () => {
        it("runs PER_TENANT with the premium tier's reserved concurrency, as the platform's tenant execution role", () => {
            const fn = globex.named("globex-premium-function").inputs;
            expect(fn.tenancyConfig).toEqual({ tenantIsolationMode: "PER_TENANT" });
            expect(fn.reservedConcurrentExecutions).toBe(premiumTier.reservedConcurrency);
            expect(fn.reservedConcurrentExecutions).toBe(20);
            expect(fn.role).toBe(PLATFORM_EXECUTION_ROLE);
            expect(fn).toMatchObject({
                runtime: "nodejs22.x",
                architectures: ["arm64"],
                memorySize: 512,
                timeout: 10,
                code: "[archive]",
                tracingConfig: { mode: "Active" },
                loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/tenant-tiers-dev-premium-globex" },
            });
            // No role of its own: the tenant access role trusts named execution roles only.
            expect(globex.ofType("aws:iam/role:Role").map((r) => r.name)).toEqual([
                "globex-authorizer-invoker",
            ]);
        });

        it("is configured with the tenant's own table, bucket and key", () => {
            expect(globex.named("globex-premium-function").inputs.environment).toEqual({
                variables: {
                    ENVIRONMENT: "dev",
                    TENANT_TIER: "premium",
                    TENANT_ID: "globex",
                    TENANT_DATA_TABLE: TABLE,
                    TENANT_BUCKET: BUCKET,
                    TENANT_ACCESS_ROLE_ARN: PLATFORM_ACCESS_ROLE,
                    TENANT_KMS_KEY_ARN: KEY_ARN,
                },
            });
        });

        it("writes its logs where the platform's execution role may write", () => {
            expect(globex.named("globex-premium-logs").inputs).toEqual({
                name: "/aws/lambda/tenant-tiers-dev-premium-globex",
                retentionInDays: 30,
                tags: TAGS,
            });
        });
    });

    describe("own API", () => {
        it("maps X-Amz-Tenant-Id from the authorizer context on every integration to the tenant's function", () => {
            const integrations = globex.ofType("aws:apigateway/integration:Integration");
            expect(integrations).toHaveLength(7);
            for (const integration of integrations) {
                expect(integration.inputs).toMatchObject({
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: invokeArnOf(FUNCTION_ARN),
                    requestParameters: {
                        "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId",
                    },
                });
            }
            for (const method of globex.ofType("aws:apigateway/method:Method")) {
                expect(method.inputs).toMatchObject({
                    authorization: "CUSTOM",
                    authorizerId: "globex-api-authorizer-id",
                    apiKeyRequired: true,
                });
            }
        });

        it("uses the platform's authorizer function through a role, not a permission on that function", () => {
            expect(globex.named("globex-api-authorizer").inputs).toEqual({
                restApi: "globex-api-rest-api-id",
                name: "tenant-tiers-dev-globex-tenant-authorizer",
                type: "REQUEST",
                authorizerUri: invokeArnOf(AUTHORIZER_ARN),
                identitySource: "method.request.header.Authorization",
                authorizerResultTtlInSeconds: 30,
                authorizerCredentials: `arn:aws:iam::${ACCOUNT}:role/globex-authorizer-invoker`,
            });
            expect(globex.json("globex-authorizer-invoker", "assumeRolePolicy")).toEqual(
                serviceTrust("apigateway.amazonaws.com"),
            );
            expect(globex.named("globex-authorizer-invoke").inputs.role).toBe("globex-authorizer-invoker");
            expect(globex.json("globex-authorizer-invoke", "policy")).toEqual(
                invokeFunctionPolicy(AUTHORIZER_ARN),
            );
            expect(globex.ofType("aws:lambda/permission:Permission").map((p) => p.inputs)).toEqual([
                {
                    action: "lambda:InvokeFunction",
                    function: "globex-premium-function",
                    principal: "apigateway.amazonaws.com",
                    sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:globex-api-rest-api-id/dev/*/*`,
                },
            ]);
        });

        it("has its own usage plan with the premium limits, holding the tenant's API key", () => {
            expect(globex.named("globex-api-premium-plan").inputs).toEqual({
                name: "tenant-tiers-dev-globex-premium",
                description: "Per-tenant limits of the premium tier",
                apiStages: [{ apiId: "globex-api-rest-api-id", stage: "dev" }],
                throttleSettings: { rateLimit: 500, burstLimit: 1000 },
                tags: TAGS,
            });
            expect(globex.named("globex-membership-plan-key").inputs).toEqual({
                keyId: "globex-membership-api-key-id",
                keyType: "API_KEY",
                usagePlanId: "globex-api-premium-plan-id",
            });
            expect(globex.named("globex-api-rest-api").inputs).toMatchObject({
                name: "tenant-tiers-dev-globex-tenant-api",
                apiKeySource: "AUTHORIZER",
            });
        });

        it("sits behind the platform's web ACL and the platform's default stage throttling", () => {
            expect(globex.named("globex-api-web-acl").inputs).toEqual({
                resourceArn: "arn:aws:apigateway:eu-west-1::/restapis/globex-api-rest-api-id/stages/dev",
                webAclArn: `arn:aws:wafv2:eu-west-1:${MOCK_ACCOUNT_ID}:regional/webacl/tenant-tiers-dev-tenant-api/platform-front-door-web-acl-id`,
            });
            expect(globex.named("globex-api-method-settings").inputs).toEqual({
                restApi: "globex-api-rest-api-id",
                stageName: "dev",
                methodPath: "*/*",
                settings: {
                    metricsEnabled: true,
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                    throttlingRateLimit: 1000,
                    throttlingBurstLimit: 2000,
                },
            });
        });

        it("leaves the account-wide API Gateway settings to the platform", () => {
            expect(globex.ofType("aws:apigateway/account:Account")).toEqual([]);
        });
    });

    it("points the registry entry at the dedicated function, table and key", () => {
        expect(JSON.parse(globex.named("globex-membership-registry-entry").inputs.item as string)).toEqual({
            tenantId: { S: "globex" },
            tier: { S: "premium" },
            status: { S: "active" },
            createdAt: { S: "2026-01-01T00:00:00Z" },
            apiKeyId: { S: "globex-membership-api-key-id" },
            functionName: { S: "globex-premium-function" },
            tableName: { S: TABLE },
            kmsKeyArn: { S: KEY_ARN },
        });
    });

    it("retains exactly its data stores on delete", () => {
        expect(
            globex.aws
                .filter((r) => r.retainOnDelete)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["globex-store-data", "globex-store-files", "globex-store-key"]);
    });

    it("tags every taggable resource with TenantId, Tier and Environment", () => {
        expect(globex.taggable).toHaveLength(11);
        for (const resource of globex.taggable) {
            expect({ name: resource.name, tags: resource.inputs.tags }).toEqual({
                name: resource.name,
                tags: TAGS,
            });
        }
    });

    it("exports its own API and stores", () => {
        expect(globex.stack.outputs).toEqual({
            tenantId: "globex",
            tier: "premium",
            apiKeyId: "globex-membership-api-key-id",
            apiUrl: `https://globex-api-rest-api-id.execute-api.${REGION}.amazonaws.com/dev`,
            functionName: "globex-premium-function",
            tableName: TABLE,
            bucketName: BUCKET,
            kmsKeyArn: KEY_ARN,
        });
    });
});
