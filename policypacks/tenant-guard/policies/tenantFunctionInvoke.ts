import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { LambdaPermission } from "../lib/awsTypes";
import { configOf, stringList } from "../lib/config";
import { matchesAny } from "../lib/glob";
import { resourceLabel, shown } from "../lib/resource";

export interface TenantFunctionInvokeConfig {
    /** Globs on the function name (or the name part of its ARN) that mark tenant functions. */
    readonly tenantFunctions: string[];
    /** Globs on principals (the router's role) that may invoke tenant functions besides API Gateway. */
    readonly routerPrincipals: string[];
}

export const TENANT_FUNCTION_INVOKE_DEFAULTS: TenantFunctionInvokeConfig = Object.freeze({
    tenantFunctions: ["*"],
    routerPrincipals: ["arn:aws:iam::*:role/*router*"],
});

export const API_GATEWAY_PRINCIPAL = "apigateway.amazonaws.com";
const EXECUTE_API_ARN = /^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:[0-9]{12}:[^/*?:]+\/.+$/;

/** `arn:aws:lambda:r:a:function:name[:qualifier]` or `name` → `name`. */
export function functionNameOf(fn: string): string {
    const match = /:function:([^:]+)/.exec(fn);
    return match?.[1] ?? fn;
}

export const tenantFunctionInvoke: ResourceValidationPolicy = {
    name: "tenant-function-invoke",
    description:
        "A lambda.Permission on a tenant function lets only API Gateway invoke it, restricted by sourceArn to one API, or the tenant router; tenant isolation mode accepts no other trigger.",
    remediationSteps:
        'Grant principal "apigateway.amazonaws.com" with sourceArn: pulumi.interpolate`${api.executionArn}/<stage>/*/*` (or the authorizer ARN). Queues and events reach tenant functions through the router, which invokes with a TenantId; list its role in routerPrincipals.',
    configSchema: {
        properties: {
            tenantFunctions: stringList(
                "Globs on function names that serve tenants",
                TENANT_FUNCTION_INVOKE_DEFAULTS.tenantFunctions,
            ),
            routerPrincipals: stringList(
                "Globs on principals that may invoke tenant functions besides API Gateway",
                TENANT_FUNCTION_INVOKE_DEFAULTS.routerPrincipals,
            ),
        },
    },
    validateResource: validateResourceOfType(LambdaPermission, (permission, args, reportViolation) => {
        const config = configOf(args, TENANT_FUNCTION_INVOKE_DEFAULTS);
        const fn = typeof permission.function === "string" ? functionNameOf(permission.function) : "";
        if (!matchesAny(config.tenantFunctions, fn)) return;
        const { principal, sourceArn } = permission;
        if (principal === API_GATEWAY_PRINCIPAL) {
            if (typeof sourceArn !== "string" || !EXECUTE_API_ARN.test(sourceArn)) {
                reportViolation(
                    `${resourceLabel(args)} lets ${API_GATEWAY_PRINCIPAL} invoke tenant function "${fn}" with sourceArn ${shown(sourceArn)}, but it must name one API's execute-api ARN.`,
                );
            }
            return;
        }
        if (!matchesAny(config.routerPrincipals, principal)) {
            reportViolation(
                `${resourceLabel(args)} lets ${JSON.stringify(principal)} invoke tenant function "${fn}", but only ${API_GATEWAY_PRINCIPAL} (with a sourceArn) or the router may invoke tenant functions.`,
            );
        }
    }),
};
