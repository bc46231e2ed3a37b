/**
 * The tenant-guard policies. Tests and tools (the offline plan) import this array; only the pack's
 * `index.ts` serves it to the Pulumi engine.
 */
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { requireTenantTags } from "./requireTenantTags";
import { tagKeyCasing } from "./tagKeyCasing";
import { tenantDataAbac } from "./tenantDataAbac";
import { tenantDataGrants } from "./tenantDataGrants";
import { tenantDataProtected } from "./tenantDataProtected";
import { tenantDataResourcePolicies } from "./tenantDataResourcePolicies";
import { tenantFunctionCallers } from "./tenantFunctionCallers";
import { tenantFunctionInvoke } from "./tenantFunctionInvoke";
import { tenantFunctionPerTenant } from "./tenantFunctionPerTenant";
import { tenantFunctionIsolation } from "./tenantFunctionIsolation";
import { tenantIdFromAuthorizer } from "./tenantIdFromAuthorizer";
import { tenantSessionPrincipals } from "./tenantSessionPrincipals";
import { tenantSessionTrust } from "./tenantSessionTrust";
import { tenantStackTenant } from "./tenantStackTenant";
import { tenantStoreProtection } from "./tenantStoreProtection";

export {
    requireTenantTags,
    tagKeyCasing,
    tenantDataAbac,
    tenantDataGrants,
    tenantDataProtected,
    tenantDataResourcePolicies,
    tenantFunctionCallers,
    tenantFunctionInvoke,
    tenantFunctionIsolation,
    tenantFunctionPerTenant,
    tenantIdFromAuthorizer,
    tenantSessionPrincipals,
    tenantSessionTrust,
    tenantStackTenant,
    tenantStoreProtection,
};

/** Policies that judge one resource at a time, from its inputs. */
export const resourcePolicies: ResourceValidationPolicy[] = [
    requireTenantTags,
    tagKeyCasing,
    tenantFunctionIsolation,
    tenantIdFromAuthorizer,
    tenantDataAbac,
    tenantSessionTrust,
    tenantFunctionInvoke,
    tenantDataProtected,
];

/** Policies that judge the whole stack, from the shared analysis (lib/stackAnalysis.ts). */
export const stackPolicies: StackValidationPolicy[] = [
    tenantDataGrants,
    tenantDataResourcePolicies,
    tenantSessionPrincipals,
    tenantFunctionCallers,
    tenantFunctionPerTenant,
    tenantStoreProtection,
    tenantStackTenant,
];

export const policies: Policies = [...resourcePolicies, ...stackPolicies];
