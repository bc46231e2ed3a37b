/**
 * The tenant-guard policies. Tests and tools (the offline plan) import this array; only the pack's
 * `index.ts` serves it to the Pulumi engine.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { requireTenantTags } from "./requireTenantTags";
import { tagKeyCasing } from "./tagKeyCasing";
import { tenantDataAbac } from "./tenantDataAbac";
import { tenantDataProtected } from "./tenantDataProtected";
import { tenantFunctionInvoke } from "./tenantFunctionInvoke";
import { tenantFunctionIsolation } from "./tenantFunctionIsolation";
import { tenantIdFromAuthorizer } from "./tenantIdFromAuthorizer";
import { tenantSessionTrust } from "./tenantSessionTrust";

export {
    requireTenantTags,
    tagKeyCasing,
    tenantDataAbac,
    tenantDataProtected,
    tenantFunctionInvoke,
    tenantFunctionIsolation,
    tenantIdFromAuthorizer,
    tenantSessionTrust,
};

export const policies: ResourceValidationPolicy[] = [
    requireTenantTags,
    tagKeyCasing,
    tenantFunctionIsolation,
    tenantIdFromAuthorizer,
    tenantDataAbac,
    tenantSessionTrust,
    tenantFunctionInvoke,
    tenantDataProtected,
];
