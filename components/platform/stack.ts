import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../config";
import { PlatformData } from "./data";
import { authorizerPolicy } from "../policies";
import { policyJson } from "../shared/json";
import { platformTags } from "../shared/tags";
import { TenantAccessRole } from "./tenantAccessRole";
import { TenantApi } from "../shared/tenantApi";
import { TenantFunction } from "../shared/tenantFunction";
import { TenantIdentity } from "./tenantIdentity";
import { Observability } from "./observability";
import { TenantQueue } from "./tenantQueue";
import { FrontDoor } from "./frontDoor";
import { premiumLogGroupPattern } from "../shared/tenantNaming";

export interface PlatformArgs {
    readonly config: PlatformConfig;
    /** The AWS account the stack deploys into (from `aws.getCallerIdentity`). */
    readonly accountId: pulumi.Input<string>;
}

/**
 * Everything one environment shares: data stores, identity, the pooled PER_TENANT function, the
 * tenant access role and the tenant API. Its size does not depend on the number of tenants;
 * tenants live in stacks of their own.
 */
export class Platform extends pulumi.ComponentResource {
    public readonly data: PlatformData;
    public readonly identity: TenantIdentity;
    public readonly pooledFunction: TenantFunction;
    public readonly authorizerFunction: TenantFunction;
    public readonly tenantAccessRole: TenantAccessRole;
    public readonly api: TenantApi;
    public readonly ingestion: TenantQueue;
    public readonly observability: Observability;
    public readonly frontDoor: FrontDoor;
    private readonly config: PlatformConfig;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:Platform", name, {}, opts);
        const { config } = args;
        this.config = config;
        const env = config.environment;
        const parent = { parent: this };

        this.data = new PlatformData(`${name}-data`, { environment: env, accountId: args.accountId }, parent);
        this.identity = new TenantIdentity(
            `${name}-identity`,
            {
                environment: env,
                tags: platformTags(env, "platform"),
                ...(config.email.ses === undefined ? {} : { ses: config.email.ses }),
            },
            parent,
        );

        const functionDefaults = {
            environment: env,
            runtime: config.lambdaRuntime,
            architecture: config.lambdaArchitecture,
            logRetentionDays: config.logRetentionDays,
        };

        // The tenant access role trusts the pooled execution role, so it is created after the function
        // whose environment names it: the ARN is filled in once the role exists.
        const [tenantAccessRoleArn, resolveTenantAccessRoleArn] = pulumi.deferredOutput<string>();

        this.pooledFunction = new TenantFunction(
            `${name}-pooled`,
            {
                ...functionDefaults,
                functionName: "pooled",
                entry: "handler",
                tags: platformTags(env, "pooled"),
                tenantIsolation: true,
                // Premium functions run as this role (the one the tenant access role trusts): their logs too.
                sharedLogGroupArns: [
                    pulumi.interpolate`arn:aws:logs:${config.region}:${args.accountId}:log-group:${premiumLogGroupPattern(env)}`,
                ],
                memoryMb: config.pooled.memoryMb,
                timeoutSeconds: config.pooled.timeoutSeconds,
                reservedConcurrency: config.pooled.reservedConcurrency,
                variables: {
                    TENANT_TIER: "pooled",
                    ENVIRONMENT: env,
                    TENANT_DATA_TABLE: this.data.dataTable.name,
                    TENANT_BUCKET: this.data.bucket.bucket,
                    TENANT_ACCESS_ROLE_ARN: tenantAccessRoleArn,
                },
            },
            parent,
        );

        this.authorizerFunction = new TenantFunction(
            `${name}-authorizer`,
            {
                ...functionDefaults,
                functionName: "authorizer",
                entry: "authorizer",
                tags: platformTags(env, "platform"),
                tenantIsolation: false,
                memoryMb: 256,
                timeoutSeconds: 5,
                // Its own share of the account: a flood of random tokens is capped here and never
                // drains the unreserved pool the pooled function runs on.
                reservedConcurrency: config.concurrency.authorizer,
                variables: {
                    ENVIRONMENT: env,
                    USER_POOL_ID: this.identity.userPoolId,
                    USER_POOL_CLIENT_ID: this.identity.clientId,
                    TENANT_REGISTRY_TABLE: this.data.registryTable.name,
                },
            },
            parent,
        );

        // The authorizer reads registry entries and API key values; it never touches tenant data.
        new aws.iam.RolePolicy(
            `${name}-authorizer-access`,
            {
                role: this.authorizerFunction.role.name,
                policy: policyJson(
                    { registryTableArn: this.data.registryTable.arn, platformKeyArn: this.data.key.arn },
                    (r) => authorizerPolicy({ ...r, region: config.region }),
                ),
            },
            parent,
        );

        this.tenantAccessRole = new TenantAccessRole(
            `${name}-tenant-access`,
            {
                trustedRoles: [this.pooledFunction.role],
                tenantTableArns: [this.data.dataTable.arn],
                bucketArn: this.data.bucket.arn,
                platformKeyArn: this.data.key.arn,
                region: config.region,
                accountId: args.accountId,
                tags: platformTags(env, "platform"),
                environment: env,
                ...(config.tenantMigrationRoleArn === undefined
                    ? {}
                    : { migrationRoleArn: config.tenantMigrationRoleArn }),
            },
            parent,
        );

        resolveTenantAccessRoleArn(this.tenantAccessRole.roleArn);

        this.ingestion = new TenantQueue(
            `${name}-ingestion`,
            {
                environment: env,
                region: config.region,
                accountId: args.accountId,
                registryTableArn: this.data.registryTable.arn,
                registryTableName: this.data.registryTable.name,
                platformKeyArn: this.data.key.arn,
                runtime: config.lambdaRuntime,
                architecture: config.lambdaArchitecture,
                logRetentionDays: config.logRetentionDays,
                routerReservedConcurrency: config.concurrency.router,
            },
            parent,
        );

        this.frontDoor = new FrontDoor(
            `${name}-front-door`,
            {
                environment: env,
                tags: platformTags(env, "platform"),
                rateLimit: config.frontDoor.wafRateLimit,
                evaluationWindowSeconds: config.frontDoor.wafEvaluationWindowSeconds,
            },
            parent,
        );

        this.api = new TenantApi(
            `${name}-api`,
            {
                environment: env,
                tenantFunction: this.pooledFunction,
                authorizerFunction: this.authorizerFunction,
                usagePlans: {
                    pooled: { throttle: config.pooled.throttle, dailyQuota: config.pooled.dailyQuota },
                    premium: { throttle: config.premium.throttle, dailyQuota: undefined },
                },
                logRetentionDays: config.logRetentionDays,
                manageApiGatewayAccount: config.manageApiGatewayAccount,
                webAclArn: this.frontDoor.webAcl.arn,
                stageThrottle: config.frontDoor.stageThrottle,
            },
            parent,
        );

        this.observability = new Observability(
            `${name}-observability`,
            {
                environment: env,
                region: config.region,
                tags: platformTags(env, "platform"),
                pooledFunctionName: this.pooledFunction.functionName,
                pooledLogGroupName: this.pooledFunction.logGroup.name,
                authorizerLogGroupName: this.authorizerFunction.logGroup.name,
                apiName: this.api.restApi.name,
                stageName: this.api.stageName,
                reservedConcurrency: config.pooled.reservedConcurrency,
                queues: {
                    queueName: this.ingestion.queue.name,
                    deadLetterQueueName: this.ingestion.deadLetterQueue.name,
                },
                tenantAccessRoleArn: this.tenantAccessRole.roleArn,
                cloudTrailLogGroupName: config.observability.cloudTrailLogGroupName,
                createCloudTrail: config.observability.createCloudTrail,
                logRetentionDays: config.logRetentionDays,
                alarmEmail: config.observability.alarmEmail,
                authorizerDenialThreshold: config.observability.authorizerDenialThreshold,
                webAclMetricName: this.frontDoor.metricName,
                wafBlockedRequestsThreshold: config.frontDoor.blockedRequestsThreshold,
                activateCostAllocationTags: config.observability.activateCostAllocationTags,
            },
            parent,
        );

        this.registerOutputs({});
    }

    /** The stack outputs tenant stacks read through a `StackReference`. */
    outputs() {
        return {
            environment: this.api.stageName,
            registryTableName: this.data.registryTable.name,
            registryTableArn: this.data.registryTable.arn,
            dataTableName: this.data.dataTable.name,
            dataTableArn: this.data.dataTable.arn,
            bucketName: this.data.bucket.bucket,
            bucketArn: this.data.bucket.arn,
            platformKeyArn: this.data.key.arn,
            tenantAccessRoleArn: this.tenantAccessRole.roleArn,
            tenantExecutionRoleArn: this.pooledFunction.roleArn,
            pooledFunctionName: this.pooledFunction.functionName,
            pooledFunctionArn: this.pooledFunction.functionArn,
            restApiId: this.api.restApi.id,
            restApiExecutionArn: this.api.restApi.executionArn,
            authorizerId: this.api.authorizer.id,
            apiUrl: this.api.url,
            stageName: this.api.stageName,
            usagePlanIds: { pooled: this.api.usagePlans.pooled.id, premium: this.api.usagePlans.premium.id },
            userPoolId: this.identity.userPoolId,
            userPoolArn: this.identity.userPoolArn,
            userPoolClientId: this.identity.clientId,
            ingestionQueueUrl: this.ingestion.queueUrl,
            ingestionQueueArn: this.ingestion.queueArn,
            ingestionDeadLetterQueueUrl: this.ingestion.deadLetterQueueUrl,
            routerFunctionName: this.ingestion.router.functionName,
            alarmTopicArn: this.observability.alarmTopic.arn,
            dashboardName: this.observability.dashboard.dashboardName,
            region: this.config.region,
            authorizerFunctionArn: this.authorizerFunction.functionArn,
            authorizerInvokeArn: this.authorizerFunction.invokeArn,
            webAclArn: this.frontDoor.webAcl.arn,
            apiStageThrottle: {
                rateLimit: this.config.frontDoor.stageThrottle.rateLimit,
                burstLimit: this.config.frontDoor.stageThrottle.burstLimit,
            },
            tenantFunctionDefaults: {
                runtime: this.config.lambdaRuntime,
                architecture: this.config.lambdaArchitecture,
                memoryMb: this.config.pooled.memoryMb,
                timeoutSeconds: this.config.pooled.timeoutSeconds,
                logRetentionDays: this.config.logRetentionDays,
            },
        };
    }
}

/** Looks up the deploying account (mocked in tests and the offline plan). */
export function currentAccountId(): pulumi.Output<string> {
    return aws.getCallerIdentityOutput().accountId;
}
