import type { StackValidationPolicy } from "@pulumi/policy";
import { isPerTenant } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export const TENANT_FUNCTION_PER_TENANT_DEFAULTS: StackAnalysisConfig = STACK_ANALYSIS_DEFAULTS;

export const tenantFunctionPerTenant: StackValidationPolicy = {
    name: "tenant-function-per-tenant",
    description:
        "A function that serves tenants by what it does (it carries the tenant runtime's environment contract or its role may assume a tenant access role) runs in PER_TENANT isolation mode, whatever its tags say.",
    remediationSteps:
        'Set tenancyConfig: { tenantIsolationMode: "PER_TENANT" } (this replaces the function). A platform function that needs no tenant data must not carry TENANT_* variables nor a role that may assume the tenant access role.',
    configSchema: { properties: { ...stackAnalysisSchema() } },
    validateStack: (args, reportViolation) => {
        const { analysis } = stackContext(args, TENANT_FUNCTION_PER_TENANT_DEFAULTS);
        for (const [fn, reason] of analysis.functions) {
            if (isPerTenant(fn)) continue;
            reportViolation(
                `tenant-function-per-tenant: ${label(fn)} serves tenants (${reason}) but has tenancyConfig.tenantIsolationMode ${JSON.stringify(
                    (fn.props.tenancyConfig as { tenantIsolationMode?: unknown } | undefined)
                        ?.tenantIsolationMode ?? "unset",
                )}, and tenant functions must use "PER_TENANT".`,
                fn.urn,
            );
        }
    },
};
