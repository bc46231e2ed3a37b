import { beforeAll, describe, expect, it } from "vitest";
import {
    assumeTenantAccessPolicy,
    delegatingKeyPolicy,
    functionLogPolicy,
    type PolicyDocument,
    tenantAccessPolicy,
    tenantAccessTrust,
    tenantBucketPolicy,
} from "../../components/policies";
import { MOCK_ACCOUNT_ID } from "../../scripts/planner";
import { planPlatformStack } from "../../scripts/platformPlan";
import { PlannedResources } from "../helpers/plannedStack";
import { isTaggable } from "../helpers/taggable";

const ACCOUNT = MOCK_ACCOUNT_ID;
const REGION = "eu-west-1";
const DATA_TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/platform-data-tenant-data`;
const BUCKET = "tenant-tiers-dev-files-platform-data-tenant-files";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/platform-data-key-key-id`;
const POOLED_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/platform-pooled-role`;
const ACCESS_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/platform-tenant-access-role`;
const EXECUTION_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:platform-api-rest-api-id`;

let plan: PlannedResources;

beforeAll(async () => {
    plan = new PlannedResources(await planPlatformStack("dev"));
});

describe("platform stack (dev) under mocks", () => {
    it("creates exactly these resources", () => {
        expect(plan.countByType()).toEqual({
            "tenanttiers:components:Platform": 1,
            "tenanttiers:components:PlatformData": 1,
            "tenanttiers:components:TenantIdentity": 1,
            "tenanttiers:components:TenantFunction": 2,
            "tenanttiers:components:TenantAccessRole": 1,
            "tenanttiers:components:TenantApi": 1,
            "aws:kms/key:Key": 1,
            "aws:kms/alias:Alias": 1,
            "aws:dynamodb/table:Table": 2,
            "aws:s3/bucket:Bucket": 1,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
            "aws:s3/bucketVersioning:BucketVersioning": 1,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
            "aws:s3/bucketPolicy:BucketPolicy": 1,
            "aws:cognito/userPool:UserPool": 1,
            "aws:cognito/userPoolClient:UserPoolClient": 1,
            "aws:cloudwatch/logGroup:LogGroup": 3,
            "aws:iam/role:Role": 4,
            "aws:iam/rolePolicy:RolePolicy": 4,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
            "aws:lambda/function:Function": 2,
            "aws:lambda/permission:Permission": 2,
            "aws:apigateway/restApi:RestApi": 1,
            "aws:apigateway/authorizer:Authorizer": 1,
            "aws:apigateway/resource:Resource": 3,
            "aws:apigateway/method:Method": 7,
            "aws:apigateway/integration:Integration": 7,
            "aws:apigateway/deployment:Deployment": 1,
            "aws:apigateway/stage:Stage": 1,
            "aws:apigateway/methodSettings:MethodSettings": 1,
            "aws:apigateway/account:Account": 1,
            "aws:apigateway/usagePlan:UsagePlan": 2,
        });
    });

    it("parents every resource to a component of the platform", () => {
        const components = new Set(plan.stack.resources.filter((r) => !r.custom).map((r) => r.name));
        const orphans = plan.custom.filter((r) => r.parent === null || !components.has(r.parent));
        expect(orphans.map((r) => r.name)).toEqual([]);
        expect(plan.named("platform").parent).toBeNull();
    });

    describe("pooled function", () => {
        it("runs in PER_TENANT isolation on Node.js 22 with JSON logs and tracing", () => {
            const fn = plan.named("platform-pooled-function").inputs;
            expect(fn.tenancyConfig).toEqual({ tenantIsolationMode: "PER_TENANT" });
            expect(fn.runtime).toBe("nodejs22.x");
            expect(fn.architectures).toEqual(["arm64"]);
            expect(fn.handler).toBe("index.handler");
            expect(fn.code).toBe("[archive]");
            expect(fn.memorySize).toBe(512);
            expect(fn.timeout).toBe(10);
            expect(fn.reservedConcurrentExecutions).toBeUndefined();
            expect(fn.role).toBe(POOLED_ROLE_ARN);
            expect(fn.loggingConfig).toEqual({
                logFormat: "JSON",
                logGroup: "/aws/lambda/tenant-tiers-dev-pooled",
                applicationLogLevel: "INFO",
                systemLogLevel: "INFO",
            });
            expect(fn.tracingConfig).toEqual({ mode: "Active" });
        });

        it("has a log group with the configured retention", () => {
            expect(plan.named("platform-pooled-logs").inputs).toMatchObject({
                name: "/aws/lambda/tenant-tiers-dev-pooled",
                retentionInDays: 30,
            });
        });

        it("may be invoked only by this environment's REST API stage", () => {
            const permissions = plan.ofType("aws:lambda/permission:Permission");
            expect(permissions.map((p) => p.inputs.function).sort()).toEqual([
                "platform-authorizer-function",
                "platform-pooled-function",
            ]);
            expect(plan.named("platform-api-tenant-function-invoke").inputs).toEqual({
                action: "lambda:InvokeFunction",
                function: "platform-pooled-function",
                principal: "apigateway.amazonaws.com",
                sourceArn: `${EXECUTION_ARN}/dev/*/*`,
            });
            expect(plan.named("platform-api-authorizer-invoke").inputs).toEqual({
                action: "lambda:InvokeFunction",
                function: "platform-authorizer-function",
                principal: "apigateway.amazonaws.com",
                sourceArn: `${EXECUTION_ARN}/authorizers/platform-api-authorizer-id`,
            });
        });
    });

    describe("execution role", () => {
        it("can only write its logs and traces and assume the tenant access role with a tenant tag", () => {
            const attached = plan
                .ofType("aws:iam/rolePolicy:RolePolicy")
                .filter((p) => p.inputs.role === "platform-pooled-role")
                .map((p) => JSON.parse(p.inputs.policy as string) as PolicyDocument);
            expect(attached).toEqual([
                functionLogPolicy(
                    `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/tenant-tiers-dev-pooled`,
                ),
                assumeTenantAccessPolicy(ACCESS_ROLE_ARN),
            ]);
            const actions = attached.flatMap((doc) =>
                doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
            );
            expect(actions.filter((a) => /^(dynamodb|s3|kms):/.test(a))).toEqual([]);
            const managed = plan
                .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => a.inputs.role === "platform-pooled-role");
            expect(managed).toEqual([]);
        });

        it("is trusted by Lambda only", () => {
            expect(plan.json("platform-pooled-role", "assumeRolePolicy")).toEqual({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            });
        });
    });

    describe("tenant API", () => {
        it("maps X-Amz-Tenant-Id from the authorizer context on every integration", () => {
            const integrations = plan.ofType("aws:apigateway/integration:Integration");
            expect(integrations).toHaveLength(7);
            for (const integration of integrations) {
                expect(integration.inputs.type).toBe("AWS_PROXY");
                expect(integration.inputs.integrationHttpMethod).toBe("POST");
                expect(integration.inputs.requestParameters).toEqual({
                    "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId",
                });
                expect(integration.inputs.uri).toBe(
                    `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-pooled-function/invocations`,
                );
            }
        });

        it("protects every route with the authorizer and an API key", () => {
            const methods = plan.ofType("aws:apigateway/method:Method");
            expect(methods.map((m) => `${String(m.inputs.httpMethod)} ${m.name}`).sort()).toEqual([
                "DELETE platform-api-delete-items-itemId-method",
                "GET platform-api-get-items-itemId-file-method",
                "GET platform-api-get-items-itemId-method",
                "GET platform-api-get-items-method",
                "POST platform-api-post-items-method",
                "PUT platform-api-put-items-itemId-file-method",
                "PUT platform-api-put-items-itemId-method",
            ]);
            for (const method of methods) {
                expect(method.inputs).toMatchObject({
                    authorization: "CUSTOM",
                    authorizerId: "platform-api-authorizer-id",
                    apiKeyRequired: true,
                });
            }
        });

        it("uses a REQUEST authorizer with a short cache and API keys from the authorizer", () => {
            expect(plan.named("platform-api-authorizer").inputs).toEqual({
                restApi: "platform-api-rest-api-id",
                name: "tenant-tiers-dev-tenant-authorizer",
                type: "REQUEST",
                authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-authorizer-function/invocations`,
                identitySource: "method.request.header.Authorization",
                authorizerResultTtlInSeconds: 30,
            });
            expect(plan.named("platform-api-rest-api").inputs).toMatchObject({
                apiKeySource: "AUTHORIZER",
                endpointConfiguration: { types: "REGIONAL" },
            });
        });

        it("writes JSON access logs that name the verified tenant", () => {
            const stage = plan.named("platform-api-stage").inputs;
            expect(stage.stageName).toBe("dev");
            expect(stage.xrayTracingEnabled).toBe(true);
            const settings = stage.accessLogSettings as { destinationArn: string; format: string };
            expect(settings.destinationArn).toBe(
                `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/apigateway/tenant-tiers-dev-tenant-api`,
            );
            const format = JSON.parse(settings.format);
            expect(format.tenantId).toBe("$context.authorizer.tenantId");
            expect(format.tier).toBe("$context.authorizer.tier");
            expect(format.requestId).toBe("$context.requestId");
        });

        it("has one usage plan per tier with the tier's throttling", () => {
            expect(plan.named("platform-api-pooled-plan").inputs).toMatchObject({
                name: "tenant-tiers-dev-pooled",
                apiStages: [{ apiId: "platform-api-rest-api-id", stage: "dev" }],
                throttleSettings: { rateLimit: 50, burstLimit: 100 },
                quotaSettings: { limit: 100000, period: "DAY" },
            });
            const premium = plan.named("platform-api-premium-plan").inputs;
            expect(premium).toMatchObject({
                name: "tenant-tiers-dev-premium",
                throttleSettings: { rateLimit: 500, burstLimit: 1000 },
            });
            expect(premium.quotaSettings).toBeUndefined();
        });
    });

    describe("identity", () => {
        it("gives users an immutable custom:tenantId that only admins set", () => {
            const pool = plan.named("platform-identity-users").inputs;
            expect(pool.schemas).toEqual([
                {
                    name: "tenantId",
                    attributeDataType: "String",
                    mutable: false,
                    developerOnlyAttribute: false,
                    required: false,
                    stringAttributeConstraints: { minLength: "3", maxLength: "32" },
                },
            ]);
            expect(pool.adminCreateUserConfig).toEqual({ allowAdminCreateUserOnly: true });
            expect(pool.deletionProtection).toBe("ACTIVE");
            const client = plan.named("platform-identity-app-client").inputs;
            expect(client.writeAttributes).toEqual(["email"]);
            expect(client.readAttributes).toEqual(["email", "email_verified", "custom:tenantId"]);
            expect(client.generateSecret).toBe(false);
            expect(client.userPoolId).toBe("platform-identity-users-id");
        });
    });

    describe("data stores", () => {
        it("keys the tenant data table and its index by the tenant id", () => {
            const table = plan.named("platform-data-tenant-data").inputs;
            expect(table.hashKey).toBe("tenantId");
            expect(table.rangeKey).toBe("sk");
            expect(table.attributes).toEqual([
                { name: "tenantId", type: "S" },
                { name: "sk", type: "S" },
                { name: "gsi1sk", type: "S" },
            ]);
            expect(table.globalSecondaryIndexes).toEqual([
                {
                    name: "gsi1",
                    keySchemas: [
                        { attributeName: "tenantId", keyType: "HASH" },
                        { attributeName: "gsi1sk", keyType: "RANGE" },
                    ],
                    projectionType: "ALL",
                },
            ]);
        });

        it.each(["platform-data-registry", "platform-data-tenant-data"])(
            "%s has PITR, deletion protection, the platform key and survives a destroy",
            (name) => {
                const table = plan.named(name);
                expect(table.inputs).toMatchObject({
                    billingMode: "PAY_PER_REQUEST",
                    pointInTimeRecovery: { enabled: true },
                    deletionProtectionEnabled: true,
                    serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
                });
                expect(table.retainOnDelete).toBe(true);
            },
        );

        it("rotates the platform key and delegates its policy to IAM", () => {
            const key = plan.named("platform-data-key");
            expect(key.inputs.enableKeyRotation).toBe(true);
            expect(key.retainOnDelete).toBe(true);
            expect(plan.json("platform-data-key", "policy")).toEqual(delegatingKeyPolicy(ACCOUNT));
        });

        it("locks the bucket down: no public access, versioning, SSE-KMS, TLS only", () => {
            expect(plan.named("platform-data-tenant-files").retainOnDelete).toBe(true);
            expect(plan.named("platform-data-tenant-files").inputs.forceDestroy).toBe(false);
            expect(plan.named("platform-data-tenant-files-public-access").inputs).toEqual({
                bucket: "platform-data-tenant-files-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(
                plan.named("platform-data-tenant-files-versioning").inputs.versioningConfiguration,
            ).toEqual({
                status: "Enabled",
            });
            expect(plan.named("platform-data-tenant-files-encryption").inputs.rules).toEqual([
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
                    bucketKeyEnabled: true,
                },
            ]);
            expect(plan.named("platform-data-tenant-files-ownership").inputs.rule).toEqual({
                objectOwnership: "BucketOwnerEnforced",
            });
            expect(plan.json("platform-data-tenant-files-policy", "policy")).toEqual(
                tenantBucketPolicy(BUCKET_ARN),
            );
        });
    });

    describe("tenant access role", () => {
        it("trusts only the pooled execution role, only with a TenantId session tag", () => {
            const trust = plan.json("platform-tenant-access-role", "assumeRolePolicy");
            expect(trust).toEqual(tenantAccessTrust({ trustedRoleArns: [POOLED_ROLE_ARN] }));
            expect(trust).toEqual({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "TenantFunctionsWithTenantTag",
                        Effect: "Allow",
                        Principal: { AWS: [POOLED_ROLE_ARN] },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        Condition: {
                            Null: { "aws:RequestTag/TenantId": "false" },
                            "ForAllValues:StringEquals": {
                                "aws:TagKeys": ["TenantId"],
                                "sts:TransitiveTagKeys": ["TenantId"],
                            },
                        },
                    },
                ],
            });
            expect(plan.named("platform-tenant-access-role").inputs.maxSessionDuration).toBe(3600);
        });

        it("reaches only the caller's partition, prefix and keys", () => {
            const policy = plan.json("platform-tenant-access-data-policy", "policy");
            expect(plan.named("platform-tenant-access-data-policy").inputs.role).toBe(
                "platform-tenant-access-role",
            );
            expect(policy).toEqual(
                tenantAccessPolicy({
                    tenantTableArns: [DATA_TABLE_ARN],
                    bucketArn: BUCKET_ARN,
                    platformKeyArn: KEY_ARN,
                    region: REGION,
                    accountId: ACCOUNT,
                }),
            );
            const statements = (policy as { Statement: { Sid: string }[] }).Statement;
            const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
            expect(bySid.TenantItemsInOwnPartition).toEqual({
                Sid: "TenantItemsInOwnPartition",
                Effect: "Allow",
                Action: [
                    "dynamodb:GetItem",
                    "dynamodb:BatchGetItem",
                    "dynamodb:Query",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:ConditionCheckItem",
                ],
                Resource: [DATA_TABLE_ARN, `${DATA_TABLE_ARN}/index/*`],
                Condition: {
                    "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}"] },
                    Null: { "dynamodb:LeadingKeys": "false" },
                    "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}"] },
                },
            });
            expect(bySid.NoTableScans).toEqual({
                Sid: "NoTableScans",
                Effect: "Deny",
                Action: ["dynamodb:Scan"],
                Resource: "*",
            });
            expect(bySid.NoFullTableScanPartiQL).toEqual({
                Sid: "NoFullTableScanPartiQL",
                Effect: "Deny",
                Action: ["dynamodb:PartiQLSelect"],
                Resource: "*",
                Condition: { Bool: { "dynamodb:FullTableScan": "true" } },
            });
            expect(bySid.TenantObjectsUnderOwnPrefix).toMatchObject({
                Effect: "Allow",
                Resource: `${BUCKET_ARN}/\${aws:PrincipalTag/TenantId}/*`,
            });
            expect(bySid.ListOwnPrefixOnly).toEqual({
                Sid: "ListOwnPrefixOnly",
                Effect: "Allow",
                Action: "s3:ListBucket",
                Resource: BUCKET_ARN,
                Condition: { StringLike: { "s3:prefix": ["${aws:PrincipalTag/TenantId}/*"] } },
            });
            expect(bySid.TenantKeysByTag).toMatchObject({
                Effect: "Allow",
                Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
                Condition: { StringEquals: { "aws:ResourceTag/TenantId": "${aws:PrincipalTag/TenantId}" } },
            });
            expect(bySid.PlatformKeyThroughDataServices).toEqual({
                Sid: "PlatformKeyThroughDataServices",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: KEY_ARN,
                Condition: {
                    StringEquals: {
                        "kms:ViaService": [`dynamodb.${REGION}.amazonaws.com`, `s3.${REGION}.amazonaws.com`],
                    },
                },
            });
            expect(JSON.stringify(policy)).not.toContain('StringLike":{"dynamodb');
            expect(JSON.stringify(policy)).not.toContain("registry");
        });
    });

    describe("tags", () => {
        const tierOf: Record<string, string> = {
            "platform-pooled-logs": "pooled",
            "platform-pooled-role": "pooled",
            "platform-pooled-function": "pooled",
            "platform-data-tenant-data": "pooled",
            "platform-data-tenant-files": "pooled",
            "platform-api-pooled-plan": "pooled",
            "platform-api-premium-plan": "premium",
        };

        it("finds the taggable types from @pulumi/aws", () => {
            const taggable = [...new Set(plan.custom.map((r) => r.type))].filter(isTaggable).sort();
            expect(taggable).toEqual([
                "aws:apigateway/restApi:RestApi",
                "aws:apigateway/stage:Stage",
                "aws:apigateway/usagePlan:UsagePlan",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:cognito/userPool:UserPool",
                "aws:dynamodb/table:Table",
                "aws:iam/role:Role",
                "aws:kms/key:Key",
                "aws:lambda/function:Function",
                "aws:s3/bucket:Bucket",
            ]);
        });

        it("tags every taggable resource with TenantId=platform, its Tier and the Environment", () => {
            const taggable = plan.custom.filter((r) => isTaggable(r.type));
            expect(taggable).toHaveLength(18);
            for (const resource of taggable) {
                expect({ name: resource.name, tags: resource.inputs.tags }).toEqual({
                    name: resource.name,
                    tags: {
                        TenantId: "platform",
                        Tier: tierOf[resource.name] ?? "platform",
                        Environment: "dev",
                    },
                });
            }
        });
    });

    it("exports what tenant stacks need", () => {
        expect(plan.stack.outputs).toEqual({
            environment: "dev",
            registryTableName: "platform-data-registry",
            registryTableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/platform-data-registry`,
            dataTableName: "platform-data-tenant-data",
            dataTableArn: DATA_TABLE_ARN,
            bucketName: BUCKET,
            bucketArn: BUCKET_ARN,
            platformKeyArn: KEY_ARN,
            tenantAccessRoleArn: ACCESS_ROLE_ARN,
            tenantExecutionRoleArn: POOLED_ROLE_ARN,
            pooledFunctionName: "platform-pooled-function",
            pooledFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-pooled-function`,
            restApiId: "platform-api-rest-api-id",
            restApiExecutionArn: EXECUTION_ARN,
            authorizerId: "platform-api-authorizer-id",
            apiUrl: `https://platform-api-rest-api-id.execute-api.${REGION}.amazonaws.com/dev`,
            stageName: "dev",
            usagePlanIds: { pooled: "platform-api-pooled-plan-id", premium: "platform-api-premium-plan-id" },
            userPoolId: "platform-identity-users-id",
            userPoolArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_platform-identity-users`,
            userPoolClientId: "platform-identity-app-client-id",
        });
    });
});
