import type { TierSpec } from "./tier";

/** Pooled tenants share the platform's function, tables and bucket; IAM ABAC keeps them apart. */
export const pooledTier: TierSpec = Object.freeze({
    name: "pooled",
    throttle: Object.freeze({ rateLimit: 50, burstLimit: 100 }),
    dailyQuota: 100_000,
    dedicatedFunction: false,
    reservedConcurrency: undefined,
    dedicatedKey: false,
    siloAllowed: false,
});
