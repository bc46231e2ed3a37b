/**
 * What both tier components of a tenant stack share: their arguments, their outputs, and the
 * aliases that make a tier change an update of the same stack instead of a new tenant.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TenantSpec } from "../../tiers/tenantSpec";
import type { PlatformReference, TenantPlatformSettings } from "../platform/reference";

export const POOLED_TENANT_TYPE = "tenanttiers:components:PooledTenant";
export const PREMIUM_TENANT_TYPE = "tenanttiers:components:PremiumTenant";

export interface TenantComponentArgs {
    readonly spec: TenantSpec;
    /** The platform stack of the tenant's environment. */
    readonly platform: PlatformReference;
    /** Its plain settings, read once by the tenant program. */
    readonly settings: TenantPlatformSettings;
}

/** The outputs of a tenant stack. */
export interface TenantStackOutputs {
    readonly tenantId: string;
    readonly tier: string;
    readonly apiKeyId: pulumi.Output<string>;
    /** The API the tenant calls: the platform's (pooled) or its own (premium). */
    readonly apiUrl: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly tableName: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;
    readonly kmsKeyArn?: pulumi.Output<string>;
    readonly siloAccountId?: string;
    readonly siloDataRoleArn?: pulumi.Output<string>;
}

/**
 * Options of a tier component: the caller's, plus an alias naming the other tier's component type.
 * Children keep their names across tiers and inherit the alias, so on a tier change Pulumi updates
 * the tenant's membership (registry entry, API key, Cognito group and admin) in place instead of
 * deleting and recreating it.
 */
export function tierChangeOptions(
    opts: pulumi.ComponentResourceOptions | undefined,
    otherTierType: string,
): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: otherTierType }] };
}
