import { RESERVED_TENANT_IDS } from "../../../tiers/tenantId";
import { beforeAll, describe, expect, it } from "vitest";
import {
    authorizerPolicy,
    assumeTenantAccessPolicy,
    delegatingKeyPolicy,
    functionLogPolicy,
    tlsOnlyQueuePolicy,
    type PolicyDocument,
    routerPolicy,
    tenantAccessPolicy,
    tenantAccessTrust,
    tenantBucketPolicy,
} from "../../../components/policies";
import { REGISTRY_CACHE_SECONDS } from "../../../runtime/tenantRegistry";
import { MOCK_ACCOUNT_ID } from "../../../plan/mockRuntime";
import { planPlatformStack } from "../../../plan/platform";
import { PlannedResources } from "../../helpers/plannedStack";
import { isTaggable } from "../../helpers/taggable";

const ACCOUNT = MOCK_ACCOUNT_ID;
const REGION = "eu-west-1";
const DATA_TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/platform-data-tenant-data`;
const BUCKET = "tenant-tiers-dev-files-platform-data-tenant-files";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/platform-data-key-key-id`;
const POOLED_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/platform-pooled-role`;
const ACCESS_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/platform-tenant-access-role`;
const EXECUTION_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:platform-api-rest-api-id`;
const REGISTRY_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/platform-data-registry`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:tenant-tiers-dev-ingestion`;
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:tenant-tiers-dev-ingestion-dlq`;
const WEB_ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/tenant-tiers-dev-tenant-api/platform-front-door-web-acl-id`;
const ROUTER_FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-ingestion-router-function`;

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
            "tenanttiers:components:TenantFunction": 3,
            "tenanttiers:components:TenantAccessRole": 1,
            "tenanttiers:components:TenantApi": 1,
            "tenanttiers:components:TenantQueue": 1,
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
            "aws:cloudwatch/logGroup:LogGroup": 4,
            "aws:iam/role:Role": 5,
            "aws:iam/rolePolicy:RolePolicy": 7,
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
            "aws:lambda/function:Function": 3,
            "aws:lambda/eventSourceMapping:EventSourceMapping": 1,
            "aws:sqs/queue:Queue": 2,
            "aws:sqs/queuePolicy:QueuePolicy": 2,
            "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": 1,
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
            "tenanttiers:components:FrontDoor": 1,
            "aws:wafv2/webAcl:WebAcl": 1,
            "aws:wafv2/webAclAssociation:WebAclAssociation": 1,
            "tenanttiers:components:Observability": 1,
            "aws:cloudwatch/contributorInsightRule:ContributorInsightRule": 3,
            "aws:cloudwatch/dashboard:Dashboard": 1,
            "aws:cloudwatch/logMetricFilter:LogMetricFilter": 2,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 3,
            "aws:cloudwatch/queryDefinition:QueryDefinition": 4,
            "aws:sns/topic:Topic": 1,
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
                    // Premium functions run as the pooled execution role (the one the tenant access role trusts).
                    `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/tenant-tiers-dev-premium-*`,
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
                binaryMediaTypes: [
                    "application/octet-stream",
                    "application/pdf",
                    "application/zip",
                    "image/*",
                ],
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

    describe("front door", () => {
        it("puts a regional web ACL with a per-IP rate limit and the AWS common rules in front of the API", () => {
            expect(plan.named("platform-front-door-web-acl").inputs).toEqual({
                name: "tenant-tiers-dev-tenant-api",
                description:
                    "tenant-tiers dev: per-IP rate limit and AWS common rules in front of every tenant API",
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: [
                    {
                        name: "rate-limit-per-ip",
                        priority: 0,
                        action: { block: {} },
                        statement: {
                            rateBasedStatement: {
                                aggregateKeyType: "IP",
                                limit: 15000,
                                evaluationWindowSec: 300,
                            },
                        },
                        visibilityConfig: {
                            cloudwatchMetricsEnabled: true,
                            sampledRequestsEnabled: true,
                            metricName: "rate-limit-per-ip",
                        },
                    },
                    {
                        name: "aws-common-rule-set",
                        priority: 1,
                        overrideAction: { none: {} },
                        statement: {
                            managedRuleGroupStatement: {
                                vendorName: "AWS",
                                name: "AWSManagedRulesCommonRuleSet",
                            },
                        },
                        visibilityConfig: {
                            cloudwatchMetricsEnabled: true,
                            sampledRequestsEnabled: true,
                            metricName: "aws-common-rule-set",
                        },
                    },
                ],
                visibilityConfig: {
                    cloudwatchMetricsEnabled: true,
                    sampledRequestsEnabled: true,
                    metricName: "tenant-tiers-dev-tenant-api",
                },
                tags: { TenantId: "platform", Tier: "platform", Environment: "dev" },
            });
        });

        it("associates the web ACL with the API's stage", () => {
            expect(plan.named("platform-api-web-acl").inputs).toEqual({
                resourceArn: `arn:aws:apigateway:${REGION}::/restapis/platform-api-rest-api-id/stages/dev`,
                webAclArn: WEB_ACL_ARN,
            });
        });

        it("throttles every method of the stage by default", () => {
            expect(plan.named("platform-api-method-settings").inputs.settings).toEqual({
                metricsEnabled: true,
                loggingLevel: "ERROR",
                dataTraceEnabled: false,
                throttlingRateLimit: 1000,
                throttlingBurstLimit: 2000,
            });
        });

        it("reserves the authorizer's and the router's share of the account's concurrency", () => {
            expect(plan.named("platform-authorizer-function").inputs.reservedConcurrentExecutions).toBe(100);
            expect(plan.named("platform-ingestion-router-function").inputs.reservedConcurrentExecutions).toBe(
                10,
            );
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
                            // No session may carry a reserved id, `platform` (the shared resources' tag) first.
                            StringNotEquals: { "aws:RequestTag/TenantId": [...RESERVED_TENANT_IDS] },
                        },
                    },
                ],
            });
            expect(RESERVED_TENANT_IDS).toContain("platform");
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
                    environment: "dev",
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
            expect(bySid.OwnPremiumTableItems).toEqual({
                Sid: "OwnPremiumTableItems",
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
                Resource: [
                    `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/tenant-tiers-dev-premium-\${aws:PrincipalTag/TenantId}`,
                    `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/tenant-tiers-dev-premium-\${aws:PrincipalTag/TenantId}/index/*`,
                ],
                Condition: {
                    "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}"] },
                    Null: { "dynamodb:LeadingKeys": "false" },
                    "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}"] },
                },
            });
            expect(bySid.AssumeOwnSiloDataRole).toEqual({
                Sid: "AssumeOwnSiloDataRole",
                Effect: "Allow",
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Resource: "arn:aws:iam::*:role/tenant-tiers-dev-silo-${aws:PrincipalTag/TenantId}",
                Condition: {
                    StringEquals: {
                        "aws:ResourceTag/TenantId": "${aws:PrincipalTag/TenantId}",
                        "aws:ResourceOrgID": "${aws:PrincipalOrgID}",
                    },
                },
            });
            expect(JSON.stringify(policy)).not.toContain('StringLike":{"dynamodb');
            expect(JSON.stringify(policy)).not.toContain("registry");
        });
    });

    describe("runtime wiring", () => {
        const TAGS = { TenantId: "platform", Tier: "platform", Environment: "dev" };
        const rolePolicies = (role: string) =>
            plan
                .ofType("aws:iam/rolePolicy:RolePolicy")
                .filter((p) => p.inputs.role === role)
                .map((p) => JSON.parse(p.inputs.policy as string) as PolicyDocument);

        it("gives the pooled function its tenant access role and data locations", () => {
            expect(plan.named("platform-pooled-function").inputs.environment).toEqual({
                variables: {
                    TENANT_TIER: "pooled",
                    ENVIRONMENT: "dev",
                    TENANT_DATA_TABLE: "platform-data-tenant-data",
                    TENANT_BUCKET: BUCKET,
                    TENANT_ACCESS_ROLE_ARN: ACCESS_ROLE_ARN,
                },
            });
        });

        it("configures the authorizer with the user pool, app client and registry", () => {
            expect(plan.named("platform-authorizer-function").inputs.environment).toEqual({
                variables: {
                    ENVIRONMENT: "dev",
                    USER_POOL_ID: "platform-identity-users-id",
                    USER_POOL_CLIENT_ID: "platform-identity-app-client-id",
                    TENANT_REGISTRY_TABLE: "platform-data-registry",
                },
            });
        });

        it("lets the authorizer read registry entries and API keys, and nothing else", () => {
            expect(rolePolicies("platform-authorizer-role")).toEqual([
                functionLogPolicy(
                    `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/tenant-tiers-dev-authorizer`,
                ),
                authorizerPolicy({ registryTableArn: REGISTRY_ARN, platformKeyArn: KEY_ARN, region: REGION }),
            ]);
            expect(plan.json("platform-authorizer-access", "policy")).toEqual({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadTenantRegistry",
                        Effect: "Allow",
                        Action: "dynamodb:GetItem",
                        Resource: REGISTRY_ARN,
                    },
                    {
                        Sid: "RegistryKeyThroughDynamoDB",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: KEY_ARN,
                        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
                    },
                    {
                        Sid: "ReadTenantApiKeys",
                        Effect: "Allow",
                        Action: "apigateway:GET",
                        Resource: `arn:aws:apigateway:${REGION}::/apikeys/*`,
                    },
                ],
            });
        });

        it("keeps a suspension's delay under a minute: API Gateway's cache plus the registry cache", () => {
            const ttl = plan.named("platform-api-authorizer").inputs.authorizerResultTtlInSeconds as number;
            expect(ttl + REGISTRY_CACHE_SECONDS).toBeLessThanOrEqual(60);
        });

        it("creates the ingestion queue with a dead-letter queue after five deliveries", () => {
            expect(plan.named("platform-ingestion-queue").inputs).toEqual({
                name: "tenant-tiers-dev-ingestion",
                visibilityTimeoutSeconds: 180,
                messageRetentionSeconds: 345600,
                sqsManagedSseEnabled: true,
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 }),
                tags: TAGS,
            });
            expect(plan.named("platform-ingestion-dlq").inputs).toEqual({
                name: "tenant-tiers-dev-ingestion-dlq",
                messageRetentionSeconds: 1209600,
                sqsManagedSseEnabled: true,
                tags: TAGS,
            });
            expect(plan.named("platform-ingestion-dlq-redrive-allow").inputs).toEqual({
                queueUrl: "platform-ingestion-dlq-id",
                redriveAllowPolicy: JSON.stringify({
                    redrivePermission: "byQueue",
                    sourceQueueArns: [QUEUE_ARN],
                }),
            });
        });

        it.each([
            ["platform-ingestion-queue-policy", "platform-ingestion-queue-id", QUEUE_ARN],
            ["platform-ingestion-dlq-policy", "platform-ingestion-dlq-id", DLQ_ARN],
        ])("%s refuses anything but TLS and grants nothing", (name, queueUrl, arn) => {
            expect(plan.named(name).inputs.queueUrl).toBe(queueUrl);
            expect(plan.json(name, "policy")).toEqual(tlsOnlyQueuePolicy(arn));
            expect(plan.json(name, "policy")).toEqual({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sqs:*",
                        Resource: arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            });
        });

        it("drains the queue into the router, reporting failures per message", () => {
            expect(plan.named("platform-ingestion-router-events").inputs).toEqual({
                eventSourceArn: QUEUE_ARN,
                functionName: ROUTER_FUNCTION_ARN,
                batchSize: 10,
                functionResponseTypes: ["ReportBatchItemFailures"],
                enabled: true,
                tags: TAGS,
            });
            const router = plan.named("platform-ingestion-router-function").inputs;
            expect(router).toMatchObject({
                runtime: "nodejs22.x",
                handler: "index.handler",
                code: "[archive]",
                memorySize: 256,
                timeout: 30,
                tracingConfig: { mode: "Active" },
                environment: {
                    variables: { ENVIRONMENT: "dev", TENANT_REGISTRY_TABLE: "platform-data-registry" },
                },
            });
            expect(router.tenancyConfig).toBeUndefined();
        });

        it("lets the router invoke only this environment's tenant functions, read the registry and drain its queue", () => {
            expect(rolePolicies("platform-ingestion-router-role")).toEqual([
                functionLogPolicy(
                    `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/tenant-tiers-dev-router`,
                ),
                routerPolicy({
                    queueArn: QUEUE_ARN,
                    registryTableArn: REGISTRY_ARN,
                    platformKeyArn: KEY_ARN,
                    region: REGION,
                    accountId: ACCOUNT,
                    environment: "dev",
                }),
            ]);
            expect(plan.json("platform-ingestion-router-policy", "policy")).toEqual({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ConsumeIngestionQueue",
                        Effect: "Allow",
                        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                        Resource: QUEUE_ARN,
                    },
                    {
                        Sid: "ReadTenantRegistry",
                        Effect: "Allow",
                        Action: "dynamodb:GetItem",
                        Resource: REGISTRY_ARN,
                    },
                    {
                        Sid: "RegistryKeyThroughDynamoDB",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: KEY_ARN,
                        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` } },
                    },
                    {
                        Sid: "InvokeTenantFunctions",
                        Effect: "Allow",
                        Action: "lambda:InvokeFunction",
                        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`,
                        Condition: {
                            StringEquals: {
                                "aws:ResourceTag/Environment": "dev",
                                "aws:ResourceTag/Tier": ["pooled", "premium"],
                            },
                        },
                    },
                ],
            });
            // Only tenant functions carry Tier pooled/premium: the router and authorizer do not.
            const fnTiers = Object.fromEntries(
                plan
                    .ofType("aws:lambda/function:Function")
                    .map((f) => [f.name, (f.inputs.tags as Record<string, string>).Tier]),
            );
            expect(fnTiers).toEqual({
                "platform-pooled-function": "pooled",
                "platform-authorizer-function": "platform",
                "platform-ingestion-router-function": "platform",
            });
        });

        it("gives the router and the authorizer no tenant data, and no role assumption", () => {
            for (const role of ["platform-ingestion-router-role", "platform-authorizer-role"]) {
                const statements = rolePolicies(role).flatMap((doc) => doc.Statement);
                const resources = statements.flatMap((s) =>
                    Array.isArray(s.Resource) ? s.Resource : [s.Resource],
                );
                expect(resources.filter((r) => r === DATA_TABLE_ARN || r?.startsWith(BUCKET_ARN))).toEqual(
                    [],
                );
                const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
                expect(
                    actions.filter(
                        (a) =>
                            /^(s3|sts):/.test(a) || (a.startsWith("dynamodb:") && a !== "dynamodb:GetItem"),
                    ),
                ).toEqual([]);
            }
        });
    });

    describe("observability", () => {
        it("points the dashboard, rules and queries at the pooled function, API and queues", () => {
            const body = JSON.parse(
                plan.named("platform-observability-dashboard").inputs.dashboardBody as string,
            );
            expect(body.widgets[0].properties.metrics[0]).toEqual([
                "AWS/Lambda",
                "Invocations",
                "FunctionName",
                "platform-pooled-function",
                { stat: "Sum" },
            ]);
            expect(body.widgets[3].properties.metrics[0]).toEqual([
                "AWS/ApiGateway",
                "4XXError",
                "ApiName",
                "tenant-tiers-dev-tenant-api",
                "Stage",
                "dev",
                { stat: "Sum" },
            ]);
            expect(body.widgets[5].properties.metrics.map((m: unknown[]) => m[3])).toEqual([
                "tenant-tiers-dev-ingestion",
                "tenant-tiers-dev-ingestion",
                "tenant-tiers-dev-ingestion-dlq",
            ]);
            const rule = JSON.parse(
                plan.named("platform-observability-top-tenants-invocations").inputs.ruleDefinition as string,
            );
            expect(rule.LogGroupNames).toEqual(["/aws/lambda/tenant-tiers-dev-pooled"]);
            expect(plan.named("platform-observability-authorizer-denials-filter").inputs.logGroupName).toBe(
                "/aws/lambda/tenant-tiers-dev-authorizer",
            );
            expect(plan.named("platform-observability-authorizer-denials-alarm").inputs.threshold).toBe(100);
            expect(
                plan
                    .ofType("aws:cloudwatch/queryDefinition:QueryDefinition")
                    .map((q) => q.inputs.logGroupNames),
            ).toEqual([
                ["/aws/lambda/tenant-tiers-dev-pooled"],
                ["/aws/lambda/tenant-tiers-dev-pooled"],
                ["/aws/lambda/tenant-tiers-dev-pooled"],
                ["/aws/lambda/tenant-tiers-dev-pooled"],
            ]);
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
                "aws:cloudwatch/contributorInsightRule:ContributorInsightRule",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "aws:cognito/userPool:UserPool",
                "aws:dynamodb/table:Table",
                "aws:iam/role:Role",
                "aws:kms/key:Key",
                "aws:lambda/eventSourceMapping:EventSourceMapping",
                "aws:lambda/function:Function",
                "aws:s3/bucket:Bucket",
                "aws:sns/topic:Topic",
                "aws:sqs/queue:Queue",
                "aws:wafv2/webAcl:WebAcl",
            ]);
        });

        it("tags every taggable resource with TenantId=platform, its Tier and the Environment", () => {
            const taggable = plan.custom.filter((r) => isTaggable(r.type));
            expect(taggable).toHaveLength(32);
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
            alarmTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:tenant-tiers-dev-alarms`,
            dashboardName: "tenant-tiers-dev",
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
            ingestionQueueUrl: "platform-ingestion-queue-id",
            ingestionQueueArn: QUEUE_ARN,
            ingestionDeadLetterQueueUrl: "platform-ingestion-dlq-id",
            routerFunctionName: "platform-ingestion-router-function",
            region: REGION,
            authorizerFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-authorizer-function`,
            authorizerInvokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:platform-authorizer-function/invocations`,
            webAclArn: WEB_ACL_ARN,
            apiStageThrottle: { rateLimit: 1000, burstLimit: 2000 },
            tenantFunctionDefaults: {
                runtime: "nodejs22.x",
                architecture: "arm64",
                memoryMb: 512,
                timeoutSeconds: 10,
                logRetentionDays: 30,
            },
        });
    });
});
