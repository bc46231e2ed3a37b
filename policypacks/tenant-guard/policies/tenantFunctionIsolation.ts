import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { LambdaFunction } from "../lib/awsTypes";
import { configOf, stringList } from "../lib/config";
import { resourceLabel, shown } from "../lib/resource";
import { effectiveTags, TAG_KEYS, TENANT_TIERS } from "../lib/tags";

export interface TenantFunctionIsolationConfig {
    /** `Tier` tag values that mark a function as serving tenants. */
    readonly tenantTiers: string[];
}

export const TENANT_FUNCTION_ISOLATION_DEFAULTS: TenantFunctionIsolationConfig = Object.freeze({
    tenantTiers: [...TENANT_TIERS],
});

export const PER_TENANT = "PER_TENANT";

export const tenantFunctionIsolation: ResourceValidationPolicy = {
    name: "tenant-function-isolation",
    description:
        "Lambda functions that serve tenants (tagged Tier pooled or premium) run in tenant isolation mode: tenancyConfig.tenantIsolationMode PER_TENANT.",
    remediationSteps:
        'Set tenancyConfig: { tenantIsolationMode: "PER_TENANT" } on the function (this replaces an existing function), or tag it Tier=platform if it serves no tenant directly.',
    configSchema: {
        properties: {
            tenantTiers: stringList(
                "Tier tag values of functions that serve tenants",
                TENANT_FUNCTION_ISOLATION_DEFAULTS.tenantTiers,
            ),
        },
    },
    validateResource: validateResourceOfType(LambdaFunction, (fn, args, reportViolation) => {
        const config = configOf(args, TENANT_FUNCTION_ISOLATION_DEFAULTS);
        const tier = effectiveTags(args.props, args.provider)[TAG_KEYS.tier];
        if (typeof tier !== "string" || !config.tenantTiers.includes(tier)) return;
        const mode = fn.tenancyConfig?.tenantIsolationMode;
        if (mode !== PER_TENANT) {
            reportViolation(
                `${resourceLabel(args)} is tagged Tier "${tier}" but has tenancyConfig.tenantIsolationMode ${shown(mode)}, and functions serving tenants must use "${PER_TENANT}".`,
            );
        }
    }),
};
