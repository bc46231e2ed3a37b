import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ThrottleSpec, TIER_NAMES, type TierName } from "../../tiers";
import { accessLogFormat } from "./accessLogFormat";
import { platformPrefix } from "./naming";
import { serviceTrust } from "../policies";
import { pathParameters, SAMPLE_ROUTES, TENANT_HEADER_PARAMETER, TENANT_HEADER_SOURCE } from "./sampleRoutes";
import { platformTags, type TenantTags } from "./tags";

/** A function the API invokes. */

/** Media types the tenant API passes as binary (file upload and download). */
export const BINARY_MEDIA_TYPES: readonly string[] = Object.freeze([
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "image/*",
]);
export interface ApiFunction {
    readonly functionName: pulumi.Input<string>;
    readonly invokeArn: pulumi.Input<string>;
}

/** Throttling and quota of one tier's usage plan. */
export interface UsagePlanSpec {
    readonly throttle: ThrottleSpec;
    readonly dailyQuota: number | undefined;
}

export interface TenantApiArgs<T extends TierName = TierName> {
    readonly environment: string;
    /** The PER_TENANT function behind every route. */
    readonly tenantFunction: ApiFunction;
    /** The REQUEST authorizer that verifies the caller and names the tenant. */
    readonly authorizerFunction: ApiFunction;
    /**
     * One usage plan per tier; tenants' API keys join the plan of their tier. A premium tenant's own
     * API has just its own premium plan.
     */
    readonly usagePlans: Readonly<Record<T, UsagePlanSpec>>;
    readonly logRetentionDays: number;
    /**
     * Manage the account-level API Gateway CloudWatch role (one per account and region). Turn off
     * for a second environment in the same account and region.
     * @default true
     */
    readonly manageApiGatewayAccount?: boolean;
    /**
     * Seconds API Gateway caches an authorizer decision; bounds how long a suspension takes to bite.
     * @default 30
     */
    readonly authorizerCacheSeconds?: number;
    /**
     * Tags of every taggable resource of the API.
     * @default the platform's tags (`TenantId=platform`; usage plans carry their tier)
     */
    readonly tags?: TenantTags;
    /**
     * Prefix of the physical names (API, authorizer, access log group, usage plans).
     * @default `tenant-tiers-<environment>`
     */
    readonly namePrefix?: string;
    /**
     * An IAM role API Gateway assumes to invoke the authorizer. When set, no `lambda.Permission` is
     * added to the authorizer function: tenant APIs share the platform's authorizer, and its
     * resource policy (20 KB) must not grow with every premium tenant.
     * @default unset: a permission restricted to this API's authorizer
     */
    readonly authorizerCredentials?: pulumi.Input<string>;
    /**
     * The WAF web ACL (scope `REGIONAL`) the stage is associated with: it rate-limits each client IP
     * before the authorizer runs (usage plans only apply after it). Every tenant API has one.
     */
    readonly webAclArn: pulumi.Input<string>;
    /**
     * Default throttling of every method of the stage, all callers together; usage plans then
     * limit each tenant's key within it.
     */
    readonly stageThrottle: ThrottleSpec;
}

/**
 * The tenant-facing REST API. A Lambda REQUEST authorizer decides who the caller is; each route
 * integrates with the PER_TENANT function and sets `X-Amz-Tenant-Id` from the authorizer context
 * (never from anything the client sent). API keys come from the authorizer too
 * (`apiKeySource: AUTHORIZER`), so usage-plan throttling is per tenant.
 */
export class TenantApi<T extends TierName = TierName> extends pulumi.ComponentResource {
    public readonly restApi: aws.apigateway.RestApi;
    public readonly stage: aws.apigateway.Stage;
    public readonly authorizer: aws.apigateway.Authorizer;
    public readonly usagePlans: Readonly<Record<T, aws.apigateway.UsagePlan>>;
    public readonly url: pulumi.Output<string>;
    public readonly stageName: string;
    public readonly webAclAssociation: aws.wafv2.WebAclAssociation;

    constructor(name: string, args: TenantApiArgs<T>, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantApi", name, {}, opts);
        const cacheSeconds = args.authorizerCacheSeconds ?? 30;
        if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0 || cacheSeconds > 60) {
            throw new Error(
                `authorizer cache of ${cacheSeconds} seconds is invalid: use 0-60 so a suspension takes effect within a minute`,
            );
        }
        const { rateLimit, burstLimit } = args.stageThrottle;
        if (
            !Number.isInteger(rateLimit) ||
            rateLimit < 1 ||
            !Number.isInteger(burstLimit) ||
            burstLimit < 1
        ) {
            throw new Error(
                `stage throttling of ${rateLimit} requests per second, burst ${burstLimit}, is invalid: use whole numbers of at least 1`,
            );
        }
        const parent = { parent: this };
        const tags = args.tags ?? platformTags(args.environment, "platform");
        const prefix = args.namePrefix ?? platformPrefix(args.environment);
        this.stageName = args.environment;

        this.restApi = new aws.apigateway.RestApi(
            `${name}-rest-api`,
            {
                name: `${prefix}-tenant-api`,
                description: `tenant-tiers ${args.environment} tenant API`,
                apiKeySource: "AUTHORIZER",
                // File routes carry bytes: these media types reach the function base64-encoded, and
                // base64 responses go back to the client as binary.
                binaryMediaTypes: [...BINARY_MEDIA_TYPES],
                endpointConfiguration: { types: "REGIONAL" },
                tags: { ...tags },
            },
            parent,
        );
        const api = this.restApi;

        this.authorizer = new aws.apigateway.Authorizer(
            `${name}-authorizer`,
            {
                restApi: api.id,
                name: `${prefix}-tenant-authorizer`,
                type: "REQUEST",
                authorizerUri: args.authorizerFunction.invokeArn,
                identitySource: "method.request.header.Authorization",
                authorizerResultTtlInSeconds: cacheSeconds,
                authorizerCredentials: args.authorizerCredentials,
            },
            parent,
        );
        if (args.authorizerCredentials === undefined) {
            new aws.lambda.Permission(
                `${name}-authorizer-invoke`,
                {
                    action: "lambda:InvokeFunction",
                    function: args.authorizerFunction.functionName,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: pulumi.interpolate`${api.executionArn}/authorizers/${this.authorizer.id}`,
                },
                parent,
            );
        }

        const resources = new Map<string, aws.apigateway.Resource>();
        const resourceFor = (path: string): pulumi.Output<string> => {
            const parts = path.split("/");
            let parentId: pulumi.Output<string> = api.rootResourceId;
            for (let i = 0; i < parts.length; i++) {
                const subPath = parts.slice(0, i + 1).join("/");
                let resource = resources.get(subPath);
                if (resource === undefined) {
                    resource = new aws.apigateway.Resource(
                        `${name}-path-${subPath.replace(/[{}]/g, "").replace(/\//g, "-")}`,
                        { restApi: api.id, parentId, pathPart: parts[i] as string },
                        parent,
                    );
                    resources.set(subPath, resource);
                }
                parentId = resource.id;
            }
            return parentId;
        };

        const routeResources: pulumi.Resource[] = [];
        for (const route of SAMPLE_ROUTES) {
            const routeName = `${name}-${route.method.toLowerCase()}-${route.path.replace(/[{}]/g, "").replace(/\//g, "-")}`;
            const resourceId = resourceFor(route.path);
            const method = new aws.apigateway.Method(
                `${routeName}-method`,
                {
                    restApi: api.id,
                    resourceId,
                    httpMethod: route.method,
                    authorization: "CUSTOM",
                    authorizerId: this.authorizer.id,
                    apiKeyRequired: true,
                    requestParameters: Object.fromEntries(
                        pathParameters(route.path).map((p) => [`method.request.path.${p}`, true]),
                    ),
                },
                parent,
            );
            const integration = new aws.apigateway.Integration(
                `${routeName}-integration`,
                {
                    restApi: api.id,
                    resourceId,
                    httpMethod: method.httpMethod,
                    type: "AWS_PROXY",
                    integrationHttpMethod: "POST",
                    uri: args.tenantFunction.invokeArn,
                    requestParameters: { [TENANT_HEADER_PARAMETER]: TENANT_HEADER_SOURCE },
                },
                parent,
            );
            routeResources.push(method, integration);
        }

        const accountDependency: pulumi.Resource[] = [];
        if (args.manageApiGatewayAccount ?? true) {
            const cloudWatchRole = new aws.iam.Role(
                `${name}-cloudwatch-role`,
                {
                    description: "Lets API Gateway write access and execution logs to CloudWatch",
                    assumeRolePolicy: JSON.stringify(serviceTrust("apigateway.amazonaws.com")),
                    tags: { ...tags },
                },
                parent,
            );
            const attachment = new aws.iam.RolePolicyAttachment(
                `${name}-cloudwatch-policy`,
                {
                    role: cloudWatchRole.name,
                    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
                },
                parent,
            );
            accountDependency.push(
                new aws.apigateway.Account(
                    `${name}-account`,
                    { cloudwatchRoleArn: cloudWatchRole.arn },
                    { parent: this, dependsOn: [attachment] },
                ),
            );
        }

        const accessLogs = new aws.cloudwatch.LogGroup(
            `${name}-access-logs`,
            {
                name: `/aws/apigateway/${prefix}-tenant-api`,
                retentionInDays: args.logRetentionDays,
                tags: { ...tags },
            },
            parent,
        );

        // Redeploy whenever the route table or the tenant mapping changes.
        const fingerprint = createHash("sha256")
            .update(
                JSON.stringify({
                    SAMPLE_ROUTES,
                    TENANT_HEADER_PARAMETER,
                    TENANT_HEADER_SOURCE,
                    cacheSeconds,
                }),
            )
            .digest("hex");
        const deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            {
                restApi: api.id,
                description: `routes ${fingerprint.slice(0, 12)}`,
                triggers: { routes: fingerprint },
            },
            { parent: this, dependsOn: routeResources },
        );

        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: api.id,
                deployment: deployment.id,
                stageName: this.stageName,
                xrayTracingEnabled: true,
                accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat() },
                tags: { ...tags },
            },
            { parent: this, dependsOn: accountDependency },
        );
        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: api.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    metricsEnabled: true,
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                    throttlingRateLimit: rateLimit,
                    throttlingBurstLimit: burstLimit,
                },
            },
            { parent: this, dependsOn: accountDependency },
        );
        this.webAclAssociation = new aws.wafv2.WebAclAssociation(
            `${name}-web-acl`,
            { resourceArn: this.stage.arn, webAclArn: args.webAclArn },
            parent,
        );

        new aws.lambda.Permission(
            `${name}-tenant-function-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: args.tenantFunction.functionName,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${api.executionArn}/${this.stageName}/*/*`,
            },
            parent,
        );

        const plans = {} as Record<T, aws.apigateway.UsagePlan>;
        const tiers = TIER_NAMES.filter((tier): tier is T => Object.hasOwn(args.usagePlans, tier));
        for (const tier of tiers) {
            const spec = args.usagePlans[tier];
            plans[tier] = new aws.apigateway.UsagePlan(
                `${name}-${tier}-plan`,
                {
                    name: `${prefix}-${tier}`,
                    description: `Per-tenant limits of the ${tier} tier`,
                    apiStages: [{ apiId: api.id, stage: this.stage.stageName }],
                    throttleSettings: {
                        rateLimit: spec.throttle.rateLimit,
                        burstLimit: spec.throttle.burstLimit,
                    },
                    quotaSettings:
                        spec.dailyQuota === undefined ? undefined : { limit: spec.dailyQuota, period: "DAY" },
                    tags: { ...(args.tags ?? platformTags(args.environment, tier)) },
                },
                parent,
            );
        }
        this.usagePlans = Object.freeze(plans);

        this.url = this.stage.invokeUrl;
        this.registerOutputs({
            restApiId: api.id,
            url: this.url,
            authorizerId: this.authorizer.id,
            usagePlanIds: Object.fromEntries(tiers.map((tier) => [tier, plans[tier].id])),
        });
    }
}
