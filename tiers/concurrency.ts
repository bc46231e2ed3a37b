/**
 * How one account's Lambda concurrency is shared. An account has one pool (1,000 by default);
 * reserved concurrency is carved out of it, and AWS keeps at least 100 unreserved. Functions
 * without a reservation (the pooled function unless `pooledReservedConcurrency` is set) run on
 * what is left, so the split reserves the authorizer and the router, counts every premium
 * function the platform is sized for, and keeps a headroom for everything unreserved.
 */

/** AWS keeps at least this much of an account's concurrency unreserved. */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

export interface ConcurrencySplit {
    /** The account's concurrent executions quota in the region (Service Quotas, 1,000 by default). */
    readonly accountLimit: number;
    /** Reserved for the shared authorizer: caps a flood of random tokens and keeps it served. */
    readonly authorizer: number;
    /** Reserved for the pooled function; `undefined` leaves it on the unreserved headroom. */
    readonly pooled: number | undefined;
    /** Reserved concurrency of one premium function (the premium tier's). */
    readonly premiumPerTenant: number;
    /** How many premium tenants the platform is sized for. */
    readonly premiumTenants: number;
    /** Reserved for the ingestion router. */
    readonly router: number;
    /** Left unreserved: the pooled function (when not reserved) and every other function. */
    readonly headroom: number;
}

/** Total the split needs from the account: every reservation plus the unreserved headroom. */
export function concurrencyTotal(split: ConcurrencySplit): number {
    return (
        split.authorizer +
        (split.pooled ?? 0) +
        split.premiumPerTenant * split.premiumTenants +
        split.router +
        split.headroom
    );
}

/** The split as one line of numbers, for messages and docs. */
export function describeConcurrencySplit(split: ConcurrencySplit): string {
    return (
        `authorizer ${split.authorizer} + pooled ${split.pooled ?? 0}` +
        ` + premium ${split.premiumPerTenant} x ${split.premiumTenants} tenants = ${split.premiumPerTenant * split.premiumTenants}` +
        ` + router ${split.router} + headroom ${split.headroom} = ${concurrencyTotal(split)}`
    );
}

/** What is wrong with a split, or `undefined` when the account can hold it. */
export function concurrencySplitProblem(split: ConcurrencySplit): string | undefined {
    if (split.headroom < MINIMUM_UNRESERVED_CONCURRENCY) {
        return `headroom of ${split.headroom} is below the ${MINIMUM_UNRESERVED_CONCURRENCY} executions AWS keeps unreserved: set concurrencyHeadroom to at least ${MINIMUM_UNRESERVED_CONCURRENCY}`;
    }
    const total = concurrencyTotal(split);
    if (total > split.accountLimit) {
        return (
            `the concurrency split needs ${total} executions (${describeConcurrencySplit(split)}), ` +
            `above the account limit of ${split.accountLimit}: lower a reservation or premiumTenantCapacity, ` +
            `or raise the account's Lambda concurrency quota and accountConcurrencyLimit`
        );
    }
    return undefined;
}
