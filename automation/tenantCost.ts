/**
 * Per-tenant cost. Pooled tenants share one function, so their compute cost is attributed from the
 * `platform.report` events Lambda writes (with `tenantId`) into the function's JSON logs: billed
 * duration × memory, plus requests. Premium tenants' own resources carry the `TenantId` cost
 * allocation tag, so their cost comes from Cost Explorer grouped by that tag.
 */

/** Lambda on-demand prices in USD. Pass your region's and architecture's prices. */
export interface LambdaPrices {
    /** Price per GB-second of billed duration. */
    readonly perGbSecond: number;
    /** Price per one million requests. */
    readonly perMillionRequests: number;
}

/** us-east-1 list prices (arm64 / x86_64), from the AWS Lambda pricing page. */
export const DEFAULT_PRICES: Readonly<Record<"arm64" | "x86_64", LambdaPrices>> = Object.freeze({
    arm64: Object.freeze({ perGbSecond: 0.0000133334, perMillionRequests: 0.2 }),
    x86_64: Object.freeze({ perGbSecond: 0.0000166667, perMillionRequests: 0.2 }),
});

/** Compute attributed to one tenant. */
export interface TenantUsage {
    readonly tenantId: string;
    readonly invocations: number;
    readonly coldStarts: number;
    readonly billedMs: number;
    /** Sum of billed milliseconds × memory in MB (integer, so sums are exact). */
    readonly mbMs: number;
}

export interface TenantCost {
    readonly tenantId: string;
    readonly invocations: number;
    readonly coldStarts: number;
    readonly gbSeconds: number;
    /** USD, rounded to a billionth of a dollar (costs per request are tiny). */
    readonly computeUsd: number;
    readonly requestUsd: number;
    /** Cost of the tenant's own tagged resources (premium), from Cost Explorer. */
    readonly taggedUsd: number;
    readonly totalUsd: number;
}

export interface CostReport {
    readonly tenants: TenantCost[];
    /** `platform.report` events without a tenant id (a function not in PER_TENANT mode). */
    readonly unattributedReports: number;
    /** Lines that were not JSON or not a `platform.report` (ignored). */
    readonly ignoredLines: number;
    readonly totalUsd: number;
}

/** Thrown for input that cannot be costed; names the line or row. */
export class CostInputError extends Error {
    override readonly name = "CostInputError";
}

const nano = (usd: number): number => Math.round(usd * 1e9) / 1e9;

function asNumber(value: unknown, what: string, where: string): number {
    const n = typeof value === "string" ? Number(value) : value;
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
        throw new CostInputError(
            `${where}: ${what} is ${JSON.stringify(value)}, expected a non-negative number`,
        );
    }
    return n;
}

/** Aggregates raw JSON log lines of a PER_TENANT function into usage per tenant. */
export function usageFromLogLines(lines: Iterable<string>): {
    usage: TenantUsage[];
    unattributedReports: number;
    ignoredLines: number;
} {
    const byTenant = new Map<
        string,
        { invocations: number; coldStarts: number; billedMs: number; mbMs: number }
    >();
    let unattributedReports = 0;
    let ignoredLines = 0;
    let lineNumber = 0;
    for (const line of lines) {
        lineNumber++;
        if (line.trim() === "") continue;
        let event: unknown;
        try {
            event = JSON.parse(line);
        } catch {
            ignoredLines++;
            continue;
        }
        const e = event as { type?: unknown; tenantId?: unknown; record?: Record<string, unknown> };
        if (e.type !== "platform.report" || typeof e.record !== "object" || e.record === null) {
            ignoredLines++;
            continue;
        }
        const tenantId = typeof e.tenantId === "string" ? e.tenantId : e.record.tenantId;
        if (typeof tenantId !== "string" || tenantId === "") {
            unattributedReports++;
            continue;
        }
        const metrics = (e.record.metrics ?? {}) as Record<string, unknown>;
        const where = `line ${lineNumber}`;
        const billedMs = asNumber(metrics.billedDurationMs, "record.metrics.billedDurationMs", where);
        const memoryMb = asNumber(metrics.memorySizeMB, "record.metrics.memorySizeMB", where);
        const entry = byTenant.get(tenantId) ?? { invocations: 0, coldStarts: 0, billedMs: 0, mbMs: 0 };
        entry.invocations++;
        if (metrics.initDurationMs !== undefined) entry.coldStarts++;
        entry.billedMs += billedMs;
        entry.mbMs += billedMs * memoryMb;
        byTenant.set(tenantId, entry);
    }
    const usage = [...byTenant.entries()].map(([tenantId, u]) => ({ tenantId, ...u }));
    return { usage, unattributedReports, ignoredLines };
}

/** One row of `GetQueryResults` for the saved cost query (`components/observability/logQueries.ts`). */
export type InsightsRow = readonly { readonly field?: string; readonly value?: string }[];

/** Reads the saved cost query's result rows (tenant, invocations, coldStarts, billedMs, gbSeconds). */
export function usageFromInsightsRows(rows: readonly InsightsRow[]): TenantUsage[] {
    return rows.map((row, index) => {
        const field = (name: string) => row.find((f) => f.field === name)?.value;
        const where = `row ${index + 1}`;
        const tenantId = field("tenant");
        if (tenantId === undefined || tenantId === "") {
            throw new CostInputError(
                `${where}: no "tenant" field; run the saved pooled-cost-by-tenant query`,
            );
        }
        return {
            tenantId,
            invocations: asNumber(field("invocations"), "invocations", where),
            coldStarts: asNumber(field("coldStarts") ?? "0", "coldStarts", where),
            billedMs: asNumber(field("billedMs"), "billedMs", where),
            mbMs: asNumber(field("gbSeconds"), "gbSeconds", where) * 1_024_000,
        };
    });
}

/** The part of a Cost Explorer `GetCostAndUsage` response grouped by the `TenantId` tag that we read. */
export interface CostExplorerResponse {
    readonly ResultsByTime?: readonly {
        readonly Groups?: readonly {
            readonly Keys?: readonly string[];
            readonly Metrics?: Readonly<Record<string, { readonly Amount?: string; readonly Unit?: string }>>;
        }[];
    }[];
}

/** Sums `UnblendedCost` per `TenantId` tag value (`TenantId$acme` → acme); untagged cost is skipped. */
export function taggedCostByTenant(response: CostExplorerResponse): Map<string, number> {
    const totals = new Map<string, number>();
    for (const period of response.ResultsByTime ?? []) {
        for (const group of period.Groups ?? []) {
            const key = group.Keys?.[0] ?? "";
            const tenantId = key.startsWith("TenantId$") ? key.slice("TenantId$".length) : "";
            if (tenantId === "" || tenantId === "platform") continue;
            const cost = group.Metrics?.UnblendedCost;
            if (cost?.Unit !== undefined && cost.Unit !== "USD") {
                throw new CostInputError(`cost of tenant "${tenantId}" is in ${cost.Unit}, expected USD`);
            }
            const amount = asNumber(cost?.Amount ?? "0", "UnblendedCost.Amount", `group ${key}`);
            totals.set(tenantId, (totals.get(tenantId) ?? 0) + amount);
        }
    }
    return totals;
}

/** Turns usage (and tagged cost) into a report, most expensive tenant first. */
export function costReport(
    usage: readonly TenantUsage[],
    prices: LambdaPrices,
    tagged: ReadonlyMap<string, number> = new Map(),
    extra: { unattributedReports?: number; ignoredLines?: number } = {},
): CostReport {
    const ids = new Set([...usage.map((u) => u.tenantId), ...tagged.keys()]);
    const tenants = [...ids].map((tenantId): TenantCost => {
        const u = usage.find((x) => x.tenantId === tenantId);
        const mbMs = u?.mbMs ?? 0;
        const invocations = u?.invocations ?? 0;
        const computeUsd = nano((mbMs / 1_024_000) * prices.perGbSecond);
        const requestUsd = nano((invocations / 1_000_000) * prices.perMillionRequests);
        const taggedUsd = nano(tagged.get(tenantId) ?? 0);
        return {
            tenantId,
            invocations,
            coldStarts: u?.coldStarts ?? 0,
            gbSeconds: Math.round((mbMs / 1_024_000) * 1e6) / 1e6,
            computeUsd,
            requestUsd,
            taggedUsd,
            totalUsd: nano(computeUsd + requestUsd + taggedUsd),
        };
    });
    tenants.sort((a, b) => b.totalUsd - a.totalUsd || a.tenantId.localeCompare(b.tenantId));
    return {
        tenants,
        unattributedReports: extra.unattributedReports ?? 0,
        ignoredLines: extra.ignoredLines ?? 0,
        totalUsd: nano(tenants.reduce((sum, t) => sum + t.totalUsd, 0)),
    };
}
