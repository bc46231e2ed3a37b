import { pooledTier } from "./pooled";
import { premiumTier } from "./premium";
import type { TierName, TierSpec } from "./tier";

export * from "./tenantId";
export * from "./registry";
export * from "./tier";
export { pooledTier, premiumTier };

/** The spec of a tier. Exhaustive: adding a tier name without a spec fails to compile. */
export function tierSpec(tier: TierName): TierSpec {
    switch (tier) {
        case "pooled":
            return pooledTier;
        case "premium":
            return premiumTier;
        default: {
            const unknownTier: never = tier;
            throw new Error(`unknown tier ${JSON.stringify(unknownTier)}: expected one of pooled, premium`);
        }
    }
}
