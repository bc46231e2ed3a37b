import type { StackValidationPolicy } from "@pulumi/policy";
import { tenantTagOf } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export const TENANT_STACK_TENANT_DEFAULTS: StackAnalysisConfig = STACK_ANALYSIS_DEFAULTS;

export const tenantStackTenant: StackValidationPolicy = {
    name: "tenant-stack-tenant",
    description:
        "In a tenant stack every resource's TenantId tag names the stack's tenant: a resource tagged for another tenant (or for the platform) would be reachable by that tenant's sessions through tag-based grants.",
    remediationSteps:
        "Tag every resource of a tenant stack with the stack's tenant (the tenant program sets it through the provider's defaultTags); put shared resources in the platform stack. Set stackTenant when the stack name does not end with the tenant id.",
    configSchema: { properties: { ...stackAnalysisSchema() } },
    validateStack: (args, reportViolation) => {
        const { config, analysis } = stackContext(args, TENANT_STACK_TENANT_DEFAULTS);
        const tenant = analysis.stackTenant;
        if (tenant === undefined) return;
        for (const r of analysis.resources) {
            const tag = tenantTagOf(r, config.tenantTagKey);
            if (tag === undefined || tag === tenant) continue;
            reportViolation(
                `tenant-stack-tenant: ${label(r)} is tagged ${config.tenantTagKey} ${JSON.stringify(tag)} in the stack of tenant ${JSON.stringify(tenant)}, and every resource of a tenant stack must name its tenant.`,
                r.urn,
            );
        }
    },
};
