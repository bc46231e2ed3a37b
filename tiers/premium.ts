import type { TierSpec } from "./tier";

/**
 * Premium tenants add a dedicated KMS key, table and function with reserved concurrency, and may
 * be placed in a silo account. Reserved concurrency is per function, hence the dedicated function.
 */
export const premiumTier: TierSpec = Object.freeze({
    name: "premium",
    throttle: Object.freeze({ rateLimit: 500, burstLimit: 1_000 }),
    dailyQuota: undefined,
    dedicatedFunction: true,
    reservedConcurrency: 20,
    dedicatedKey: true,
    siloAllowed: true,
});
