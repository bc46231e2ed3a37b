/**
 * The quota pre-check the lifecycle runs before a signup or a tier change creates anything: it
 * reads only the quotas the operation needs and refuses with {@link QuotaExceededError} when one
 * would be exceeded.
 */
import { QUOTA_IDS } from "./catalog";
import { demandOf, operationWords, type QuotaOperation } from "./demand";
import { LifecycleError } from "../lifecycle/errors";
import { QuotaCheckError, QuotaExceededError, type QuotaShortfall } from "./errors";
import { readQuotaRows } from "./report";
import type { QuotaSources } from "./sources";

/** Who the operation is for. */
export interface QuotaTarget {
    readonly tenantId: string;
    readonly environment: string;
}

/** What the lifecycle calls (`LifecycleDeps.quotas`). */
export interface QuotaGuard {
    /** Resolves when `operation` fits every quota; throws {@link QuotaExceededError} otherwise. */
    check(operation: QuotaOperation, target: QuotaTarget): Promise<void>;
}

/** The guard that reads the account through `sources`. */
export function quotaGuard(sources: QuotaSources): QuotaGuard {
    return {
        async check(operation, target) {
            const demand = demandOf(operation, sources.concurrency.premiumPerTenant);
            const ids = QUOTA_IDS.filter((id) => (demand[id] ?? 0) > 0);
            if (ids.length === 0) return;
            const rows = await readQuotaRows(sources, target.environment, ids).catch((error: unknown) => {
                if (error instanceof LifecycleError) throw error;
                throw new QuotaCheckError(operationWords(operation), target.tenantId, error);
            });
            const shortfalls: QuotaShortfall[] = rows
                .map((row) => ({ row, need: demand[row.id] ?? 0 }))
                .filter(({ row, need }) => need > row.headroom);
            if (shortfalls.length > 0) {
                throw new QuotaExceededError(
                    operationWords(operation),
                    target.tenantId,
                    shortfalls,
                    sources.region,
                );
            }
        },
    };
}

/** A guard whose sources are built on its first check (a command that changes no tenant builds none). */
export function lazyQuotaGuard(make: () => QuotaSources): QuotaGuard {
    let guard: QuotaGuard | undefined;
    return { check: (operation, target) => (guard ??= quotaGuard(make())).check(operation, target) };
}
