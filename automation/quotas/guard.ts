/**
 * The quota pre-check the lifecycle runs before a signup or a tier change creates anything: it
 * reads only the quotas the operation needs and refuses with {@link QuotaExceededError} when one
 * would be exceeded.
 */
import { QUOTA_IDS, type QuotaId } from "./catalog";
import { demandOf, operationWords, type QuotaDemand, type QuotaOperation } from "./demand";
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
    /**
     * Resolves when `operations` fit together (their needs summed), for a batch about to start;
     * `subject` names the batch in the refusal.
     */
    checkAll(operations: readonly QuotaOperation[], environment: string, subject: string): Promise<void>;
}

/** The needs of `demands` added up. */
export function sumDemands(demands: readonly QuotaDemand[]): QuotaDemand {
    const total: Partial<Record<QuotaId, number>> = {};
    for (const demand of demands) {
        for (const id of QUOTA_IDS) {
            const need = demand[id] ?? 0;
            if (need > 0) total[id] = (total[id] ?? 0) + need;
        }
    }
    return total;
}

/** The guard that reads the account through `sources`. */
export function quotaGuard(sources: QuotaSources): QuotaGuard {
    const demandOfOperation = (operation: QuotaOperation) =>
        demandOf(operation, sources.concurrency.premiumPerTenant);
    const checkDemand = async (demand: QuotaDemand, environment: string, subject: string) => {
        const ids = QUOTA_IDS.filter((id) => (demand[id] ?? 0) > 0);
        if (ids.length === 0) return;
        const rows = await readQuotaRows(sources, environment, ids).catch((error: unknown) => {
            if (error instanceof LifecycleError) throw error;
            throw new QuotaCheckError(subject, error);
        });
        const shortfalls: QuotaShortfall[] = rows
            .map((row) => ({ row, need: demand[row.id] ?? 0 }))
            .filter(({ row, need }) => need > row.headroom);
        if (shortfalls.length > 0) throw new QuotaExceededError(subject, shortfalls, sources.region);
    };
    return {
        check: (operation, target) =>
            checkDemand(
                demandOfOperation(operation),
                target.environment,
                `${operationWords(operation)} of tenant "${target.tenantId}"`,
            ),
        checkAll: (operations, environment, subject) =>
            checkDemand(sumDemands(operations.map(demandOfOperation)), environment, subject),
    };
}

/** A guard whose sources are built on its first check (a command that changes no tenant builds none). */
export function lazyQuotaGuard(make: () => QuotaSources): QuotaGuard {
    let guard: QuotaGuard | undefined;
    const get = () => (guard ??= quotaGuard(make()));
    return {
        check: (operation, target) => get().check(operation, target),
        checkAll: (operations, environment, subject) => get().checkAll(operations, environment, subject),
    };
}
