import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RUNTIME_ENV } from "../../runtime/env";
import { premiumTier } from "../../tiers";
import { policyJson } from "../shared/json";
import { tenantDashboard } from "../observability/dashboardBody";
import { currentAccountId } from "../platform/stack";
import { invokeFunctionPolicy, serviceTrust } from "../policies";
import { SiloAccount } from "./siloAccount";
import { tenantTags } from "../shared/tags";
import { TenantApi } from "../shared/tenantApi";
import { TenantFunction } from "../shared/tenantFunction";
import { TenantMembership } from "./membership";
import { premiumFunctionName, tenantPrefix } from "../shared/tenantNaming";
import {
    POOLED_TENANT_TYPE,
    PREMIUM_TENANT_TYPE,
    type TenantComponentArgs,
    type TenantStackOutputs,
    tierChangeOptions,
} from "./stack";
import { TenantStore } from "./store";

/**
 * A premium tenant: the same membership as a pooled tenant, plus
 * - its own data stores ({@link TenantStore}: key, table, bucket), in the platform account or, with
 *   a silo, in the tenant's own account ({@link SiloAccount});
 * - its own PER_TENANT function with the premium tier's reserved concurrency (concurrency is per
 *   function). It runs as the platform's tenant execution role, the one role the tenant access
 *   role trusts, so that trust names its principals and never grows with tenants;
 * - its own REST API (same routes, same authorizer function, same `X-Amz-Tenant-Id` mapping from
 *   the authorizer context) and usage plan. API Gateway invokes the shared authorizer through a
 *   role of this tenant, so the authorizer's resource policy does not grow with tenants either.
 */
export class PremiumTenant extends pulumi.ComponentResource {
    public readonly store: TenantStore;
    public readonly silo: SiloAccount | undefined;
    public readonly function: TenantFunction;
    public readonly api: TenantApi<"premium">;
    public readonly membership: TenantMembership;
    public readonly outputs: TenantStackOutputs;
    public readonly dashboard: aws.cloudwatch.Dashboard;

    constructor(name: string, args: TenantComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(PREMIUM_TENANT_TYPE, name, {}, tierChangeOptions(opts, POOLED_TENANT_TYPE));
        const { spec, platform, settings } = args;
        if (spec.tier !== "premium") {
            throw new Error(
                `tenant "${spec.tenantId}" has tier "${spec.tier}": a PremiumTenant needs tier premium`,
            );
        }
        const parent = { parent: this };
        const env = spec.environment;
        const tags = tenantTags(env, spec.tenantId, "premium");
        const tenantAccessRoleArn = platform.output("tenantAccessRoleArn");

        this.silo =
            spec.silo === undefined
                ? undefined
                : new SiloAccount(
                      `${name}-silo`,
                      {
                          environment: env,
                          tenantId: spec.tenantId,
                          silo: spec.silo,
                          region: settings.region,
                          tags,
                          tenantAccessRoleArn,
                      },
                      parent,
                  );
        this.store =
            this.silo?.store ??
            new TenantStore(
                `${name}-store`,
                {
                    environment: env,
                    tenantId: spec.tenantId,
                    tags,
                    accountId: currentAccountId(),
                    tenantAccessRoleArn,
                },
                parent,
            );

        const defaults = settings.tenantFunctionDefaults;
        this.function = new TenantFunction(
            `${name}-premium`,
            {
                environment: env,
                functionName: premiumFunctionName(spec.tenantId),
                entry: "handler",
                tags,
                tenantIsolation: true,
                runtime: defaults.runtime,
                architecture: defaults.architecture,
                memoryMb: defaults.memoryMb,
                timeoutSeconds: defaults.timeoutSeconds,
                logRetentionDays: defaults.logRetentionDays,
                reservedConcurrency: premiumTier.reservedConcurrency,
                executionRoleArn: platform.output("tenantExecutionRoleArn"),
                variables: {
                    [RUNTIME_ENV.environment]: env,
                    [RUNTIME_ENV.tier]: "premium",
                    // A dedicated function refuses any other tenant, even one the router misroutes.
                    [RUNTIME_ENV.dedicatedTenant]: spec.tenantId,
                    [RUNTIME_ENV.dataTable]: this.store.tableName,
                    [RUNTIME_ENV.bucket]: this.store.bucketName,
                    [RUNTIME_ENV.accessRoleArn]: tenantAccessRoleArn,
                    [RUNTIME_ENV.tenantKeyArn]: this.store.keyArn,
                    ...(this.silo === undefined ? {} : { [RUNTIME_ENV.siloRoleArn]: this.silo.dataRoleArn }),
                },
            },
            parent,
        );

        const authorizerArn = platform.output("authorizerFunctionArn");
        const authorizerInvoker = new aws.iam.Role(
            `${name}-authorizer-invoker`,
            {
                description: `Lets the API of tenant ${spec.tenantId} invoke the platform's authorizer`,
                assumeRolePolicy: JSON.stringify(serviceTrust("apigateway.amazonaws.com")),
                tags: { ...tags },
            },
            parent,
        );
        const invokePolicy = new aws.iam.RolePolicy(
            `${name}-authorizer-invoke`,
            {
                role: authorizerInvoker.name,
                policy: policyJson({ arn: authorizerArn }, (r) => invokeFunctionPolicy(r.arn)),
            },
            parent,
        );

        this.api = new TenantApi(
            `${name}-api`,
            {
                environment: env,
                tenantFunction: this.function,
                authorizerFunction: {
                    functionName: authorizerArn,
                    invokeArn: platform.output("authorizerInvokeArn"),
                },
                authorizerCredentials: authorizerInvoker.arn,
                usagePlans: {
                    premium: { throttle: premiumTier.throttle, dailyQuota: premiumTier.dailyQuota },
                },
                logRetentionDays: defaults.logRetentionDays,
                manageApiGatewayAccount: false,
                tags,
                namePrefix: tenantPrefix(env, spec.tenantId),
                webAclArn: platform.output("webAclArn"),
                stageThrottle: settings.apiStageThrottle,
            },
            { parent: this, dependsOn: [invokePolicy] },
        );

        this.membership = new TenantMembership(
            `${name}-membership`,
            {
                spec,
                tags,
                registryTableName: platform.output("registryTableName"),
                userPoolId: platform.output("userPoolId"),
                usagePlanId: this.api.usagePlans.premium.id,
                placement: {
                    functionName: this.function.functionName,
                    tableName: this.store.tableName,
                    kmsKeyArn: this.store.keyArn,
                    siloAccountId: spec.silo?.accountId,
                    siloDataRoleArn: this.silo?.dataRoleArn,
                },
            },
            parent,
        );

        // The tenant's own view; a silo tenant's table metrics live in its account, not on this dashboard.
        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: `${tenantPrefix(env, spec.tenantId)}-dashboard`,
                dashboardBody: pulumi
                    .all([this.function.functionName, this.store.tableName])
                    .apply(([functionName, tableName]) =>
                        JSON.stringify(
                            tenantDashboard({
                                region: settings.region,
                                tenantId: spec.tenantId,
                                functionName,
                                tableName,
                            }),
                        ),
                    ),
            },
            parent,
        );

        this.outputs = {
            tenantId: spec.tenantId,
            tier: spec.tier,
            apiKeyId: this.membership.apiKeyId,
            apiUrl: this.api.url,
            functionName: this.function.functionName,
            tableName: this.store.tableName,
            bucketName: this.store.bucketName,
            kmsKeyArn: this.store.keyArn,
            ...(this.silo === undefined
                ? {}
                : { siloAccountId: spec.silo?.accountId, siloDataRoleArn: this.silo.dataRoleArn }),
        };
        this.registerOutputs({ apiKeyId: this.membership.apiKeyId, apiUrl: this.api.url });
    }
}
