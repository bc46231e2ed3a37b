/**
 * The three tags every taggable resource carries, set explicitly from plain strings so they are
 * known at preview (provider `defaultTags` may add organisation tags on top).
 */
import type { PLATFORM_TIER_TAG, TenantId, TierName } from "../../tiers";

/** Tag keys, with the exact casing policies and ABAC conditions compare against. */
export const TAG_KEYS = Object.freeze({ tenantId: "TenantId", tier: "Tier", environment: "Environment" });

/** The `TenantId` tag value of shared platform resources (a reserved tenant id). */
export const PLATFORM_TENANT_TAG = "platform";

export interface TenantTags {
    readonly TenantId: string;
    readonly Tier: string;
    readonly Environment: string;
    readonly [key: string]: string;
}

/** Tags of a shared platform resource; `tier` names the tier it serves, or `platform` for all tiers. */
export function platformTags(environment: string, tier: TierName | typeof PLATFORM_TIER_TAG): TenantTags {
    return Object.freeze({ TenantId: PLATFORM_TENANT_TAG, Tier: tier, Environment: environment });
}

/** Tags of a resource that belongs to one tenant. */
export function tenantTags(environment: string, tenantId: TenantId, tier: TierName): TenantTags {
    return Object.freeze({ TenantId: tenantId, Tier: tier, Environment: environment });
}
