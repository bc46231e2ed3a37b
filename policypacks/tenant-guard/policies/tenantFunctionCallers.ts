import type { StackValidationPolicy } from "@pulumi/policy";
import { accountOf, nameOf, patternReaches } from "../lib/arn";
import { stringList } from "../lib/config";
import { grantingPatterns, isAllow, parsePolicyDocument, statementLabel } from "../lib/policyDocument";
import { allNamed, isNamedPrincipal, isOwnAccount, isServicePrincipal } from "../lib/principals";
import type { StackAnalysis } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label, physicalName, type StackResource, str, T } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export interface TenantFunctionCallersConfig extends StackAnalysisConfig {
    /** Globs on role names (in an own account) of the router, which invokes tenant functions with a TenantId. */
    readonly routerRoleNames: string[];
    /** ARN globs of further principals that may invoke tenant functions (in an own account). */
    readonly invokerPrincipals: string[];
}

export const TENANT_FUNCTION_CALLERS_DEFAULTS: TenantFunctionCallersConfig = Object.freeze({
    ...STACK_ANALYSIS_DEFAULTS,
    routerRoleNames: ["*router*"],
    invokerPrincipals: [],
});

const INVOKE_ACTIONS = ["lambda:InvokeFunction", "lambda:InvokeAsync", "lambda:InvokeFunctionUrl"];
/** Actions that change what a tenant function runs or with which role and environment. */
const CHANGE_ACTIONS = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"];
const EXECUTE_API_ARN = /^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:([0-9]{12}):[^/*?:]+\/.+$/;
/** Services whose source ARNs carry no account: their permissions also need `sourceAccount`. */
const ACCOUNTLESS_SOURCES = /^arn:aws[a-z-]*:s3:::/;

/** The tenant function a `function`/`functionName` input (name or ARN, with a qualifier) names, if any. */
function tenantFunctionNamed(reference: unknown, analysis: StackAnalysis): StackResource | undefined {
    if (typeof reference !== "string") return undefined;
    const name = nameOf(reference);
    return [...analysis.functions.keys()].find(
        (fn) => physicalName(fn) === name || str(fn.props, "arn") === reference,
    );
}

function isInvoker(reference: string, config: TenantFunctionCallersConfig, analysis: StackAnalysis): boolean {
    const routers = config.routerRoleNames.map((n) => `arn:aws:iam::*:role/${n}`);
    return isNamedPrincipal(reference, [...routers, ...config.invokerPrincipals], analysis);
}

function permissionProblem(
    p: StackResource,
    config: TenantFunctionCallersConfig,
    analysis: StackAnalysis,
): string | undefined {
    const principal = str(p.props, "principal") ?? "";
    const sourceArn = str(p.props, "sourceArn");
    const sourceAccount = str(p.props, "sourceAccount");
    if (principal === "*") return `lets Principal "*" invoke it`;
    if (!isServicePrincipal(principal)) {
        return isInvoker(principal, config, analysis)
            ? undefined
            : `lets ${JSON.stringify(principal)} invoke it, which is neither a service with a sourceArn nor a router or invoker in an own account`;
    }
    if (sourceArn === undefined)
        return `lets ${principal} invoke it without a sourceArn, so any of that service's resources in any account may`;
    if (principal === "apigateway.amazonaws.com" && !EXECUTE_API_ARN.test(sourceArn)) {
        return `lets ${principal} invoke it with sourceArn ${JSON.stringify(sourceArn)}, which does not name one API`;
    }
    const account = accountOf(sourceArn) ?? sourceAccount;
    if (ACCOUNTLESS_SOURCES.test(sourceArn) && sourceAccount === undefined) {
        return `lets ${principal} invoke it from ${JSON.stringify(sourceArn)} without a sourceAccount`;
    }
    if (
        account === undefined ||
        !analysis.ownAccounts.has(account) ||
        (sourceAccount !== undefined && !isOwnAccount(sourceAccount, analysis))
    ) {
        return `lets ${principal} invoke it from ${JSON.stringify(sourceArn)}${sourceAccount === undefined ? "" : ` (sourceAccount ${sourceAccount})`}, which is outside the stack's accounts ${JSON.stringify([...analysis.ownAccounts])}`;
    }
    return undefined;
}

export const tenantFunctionCallers: StackValidationPolicy = {
    name: "tenant-function-callers",
    description:
        "Only the stack's own callers reach a tenant function: lambda.Permission names a service with a sourceArn (and sourceAccount where the ARN has no account) in an own account, or the router; no function URL without AWS_IAM auth; identity grants of lambda:InvokeFunction on tenant functions only for the router and configured invokers, and of lambda:UpdateFunctionCode or lambda:UpdateFunctionConfiguration (lambda:*, lambda:Update* included) only for platformPrincipals.",
    remediationSteps:
        'Grant "apigateway.amazonaws.com" with sourceArn: pulumi.interpolate`${api.executionArn}/<stage>/*/*` of an API in this account; send queues and events through the router, which invokes with a TenantId; remove function URLs (tenant isolation mode does not support them) or set authorizationType "AWS_IAM"; name other invokers in invokerPrincipals; grant lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration on tenant functions only to the deploy role, listed in platformPrincipals, and scope the Lambda actions of other roles to read-only ones such as lambda:GetFunction.',
    configSchema: {
        properties: {
            ...stackAnalysisSchema(),
            routerRoleNames: stringList(
                "Globs on the router's role names (own accounts only)",
                TENANT_FUNCTION_CALLERS_DEFAULTS.routerRoleNames,
            ),
            invokerPrincipals: stringList(
                "ARN globs of other principals that may invoke tenant functions (own accounts only)",
                TENANT_FUNCTION_CALLERS_DEFAULTS.invokerPrincipals,
            ),
        },
    },
    validateStack: (args, reportViolation) => {
        const { config, analysis } = stackContext(args, TENANT_FUNCTION_CALLERS_DEFAULTS);
        for (const r of analysis.resources) {
            if (r.type === T.lambdaPermission) {
                const fn = tenantFunctionNamed(r.props.function, analysis);
                const problem = fn === undefined ? undefined : permissionProblem(r, config, analysis);
                if (fn !== undefined && problem !== undefined) {
                    reportViolation(
                        `tenant-function-callers: ${label(r)} on tenant function "${physicalName(fn)}" ${problem}.`,
                        r.urn,
                    );
                }
            }
            if (r.type === T.eventSourceMapping) {
                const fn = tenantFunctionNamed(r.props.functionName, analysis);
                if (fn !== undefined) {
                    reportViolation(
                        `tenant-function-callers: ${label(r)} feeds ${JSON.stringify(str(r.props, "eventSourceArn") ?? "unset")} straight into tenant function "${physicalName(fn)}", but events reach tenant functions only through the router, which invokes with a TenantId.`,
                        r.urn,
                    );
                }
            }
            if (r.type === T.functionUrl) {
                const fn = tenantFunctionNamed(r.props.functionName, analysis);
                const auth = str(r.props, "authorizationType");
                if (fn !== undefined && auth !== "AWS_IAM") {
                    reportViolation(
                        `tenant-function-callers: ${label(r)} opens tenant function "${physicalName(fn)}" with authorizationType ${JSON.stringify(auth ?? "unset")}, but a tenant function may have no URL without AWS_IAM auth.`,
                        r.urn,
                    );
                }
            }
        }
        const candidates = [...analysis.functions.keys()].map((fn) => `function:${physicalName(fn)}`);
        for (const doc of analysis.documents) {
            const invokers =
                doc.principals.length > 0 && doc.principals.every((p) => isInvoker(p, config, analysis));
            const platform = allNamed(doc.principals, config.platformPrincipals, analysis);
            if (invokers && platform) continue;
            const parsed = parsePolicyDocument(doc.policy);
            if (!parsed.ok) continue;
            for (const statement of parsed.document.statements.filter(isAllow)) {
                // A pattern covering every function covers the tenant functions of other stacks too.
                const reached = statement.resources.filter((p) =>
                    patternReaches(p, "lambda", [...candidates, "function:zz-any-function"]),
                );
                if (reached.length === 0) continue;
                const granted = (list: readonly string[]) => [
                    ...new Set(list.flatMap((a) => grantingPatterns(statement, a))),
                ];
                const invoke = invokers ? [] : granted(INVOKE_ACTIONS);
                if (invoke.length > 0)
                    reportViolation(
                        `tenant-function-callers: ${doc.label} ${statementLabel(statement)} lets ${JSON.stringify(doc.principals)} invoke ${JSON.stringify(reached)} (through ${invoke.join(", ")}), which reaches tenant functions, but only the router and invokerPrincipals may.`,
                        doc.resource.urn,
                    );
                const change = platform ? [] : granted(CHANGE_ACTIONS);
                if (change.length > 0)
                    reportViolation(
                        `tenant-function-callers: ${doc.label} ${statementLabel(statement)} lets ${JSON.stringify(doc.principals)} change the code or configuration of ${JSON.stringify(reached)} (through ${change.join(", ")}), which reaches tenant functions, but only platformPrincipals may.`,
                        doc.resource.urn,
                    );
            }
        }
    },
};
