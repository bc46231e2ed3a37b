/**
 * What an operation consumes of each quota, from what the tenant components create
 * (components/tenant/): every tenant has a membership (one API key, one Cognito group and one
 * user, its first admin, in the platform's user pool); a premium tenant adds, in the platform
 * account, its own REST API and usage plan and a function with the premium tier's reserved
 * concurrency; `--silo create` adds an account to the organization. A tier change keeps the
 * membership (it is updated in place), so only the premium parts count: going to premium needs
 * them, going to pooled frees them.
 */
import type { TierName } from "../../tiers/tier";
import type { QuotaId } from "./catalog";

/** The operation a pre-check is for. */
export type QuotaOperation =
    | {
          readonly kind: "signup";
          readonly tier: TierName;
          /** `--silo create`: the signup vends an account. */
          readonly vendsAccount: boolean;
      }
    | { readonly kind: "change-tier"; readonly from: TierName; readonly to: TierName };

/** Units of each quota an operation needs (absent: none). */
export type QuotaDemand = Readonly<Partial<Record<QuotaId, number>>>;

/** What the premium tier adds to a tenant, with `premiumConcurrency` reserved executions. */
function premiumParts(premiumConcurrency: number): QuotaDemand {
    return { usagePlans: 1, restApis: 1, lambdaConcurrency: premiumConcurrency };
}

const MEMBERSHIP: QuotaDemand = { apiKeys: 1, userPoolGroups: 1, userPoolUsers: 1 };

/** What `operation` consumes; `premiumConcurrency` is the premium function's reservation (the split's). */
export function demandOf(operation: QuotaOperation, premiumConcurrency: number): QuotaDemand {
    switch (operation.kind) {
        case "signup": {
            const tier = operation.tier === "premium" ? premiumParts(premiumConcurrency) : {};
            return {
                ...MEMBERSHIP,
                ...tier,
                ...(operation.vendsAccount ? { organizationAccounts: 1 } : {}),
            };
        }
        case "change-tier":
            return operation.from === "pooled" && operation.to === "premium"
                ? premiumParts(premiumConcurrency)
                : {};
        default: {
            const unknown: never = operation;
            throw new Error(`unknown quota operation ${JSON.stringify(unknown)}`);
        }
    }
}

/** The operation in words, for messages. */
export function operationWords(operation: QuotaOperation): string {
    return operation.kind === "signup"
        ? `${operation.tier} signup${operation.vendsAccount ? " with --silo create" : ""}`
        : `tier change ${operation.from} -> ${operation.to}`;
}
