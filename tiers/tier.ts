/**
 * Tiers as data. A tier decides which resources a tenant gets and how hard it may call the API;
 * code branches on `TierName` with an exhaustive switch, never on an Output.
 */

/** The tenant tiers, in upgrade order. */
export const TIER_NAMES = ["pooled", "premium"] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** The `Tier` tag value of shared platform resources that serve every tier. */
export const PLATFORM_TIER_TAG = "platform";

/** Every value the `Tier` tag may take. */
export const TIER_TAG_VALUES: readonly string[] = Object.freeze([...TIER_NAMES, PLATFORM_TIER_TAG]);

/** API Gateway usage-plan throttling, per tenant API key. */
export interface ThrottleSpec {
    /** Steady-state requests per second. */
    readonly rateLimit: number;
    /** Burst bucket size, in requests. */
    readonly burstLimit: number;
}

/** What a tier gives a tenant. */
export interface TierSpec {
    readonly name: TierName;
    /** Per-tenant throttling of the tier's usage plan. */
    readonly throttle: ThrottleSpec;
    /** Requests per day per tenant; `undefined` means no quota. */
    readonly dailyQuota: number | undefined;
    /** The tenant gets a function of its own (otherwise it shares the pooled function). */
    readonly dedicatedFunction: boolean;
    /** Reserved concurrency of the dedicated function; `undefined` for tiers without one. */
    readonly reservedConcurrency: number | undefined;
    /** The tenant gets its own KMS key, table and encrypted prefix. */
    readonly dedicatedKey: boolean;
    /** The tenant may live in a silo AWS account of its own. */
    readonly siloAllowed: boolean;
}

export function isTierName(value: unknown): value is TierName {
    return typeof value === "string" && (TIER_NAMES as readonly string[]).includes(value);
}
