/**
 * Each quota as the account stands: its limit and where it was read, what is in use, what must
 * stay free, the headroom, and how many more pooled and premium signups fit.
 */
import { QUOTA_IDS, QUOTAS, type QuotaId } from "./catalog";
import { appliedQuota, type QuotaSource } from "./applied";
import { demandOf } from "./demand";
import type { QuotaSources } from "./sources";
import {
    accountsInUse,
    apiKeysInUse,
    groupsInUse,
    reservedConcurrencyInUse,
    restApisInUse,
    usagePlansInUse,
    usersInUse,
} from "./usage";

export interface QuotaRow {
    readonly id: QuotaId;
    readonly name: string;
    readonly serviceCode: string;
    readonly quotaCode?: string;
    /** Where it applies: the region, the user pool id, or "organization". */
    readonly scope: string;
    readonly limit: number;
    readonly source: QuotaSource;
    readonly inUse: number;
    /** Kept free on purpose (the unreserved concurrency headroom); 0 for the others. */
    readonly kept: number;
    /** `limit - kept - inUse`: what operations may still take (negative when already over). */
    readonly headroom: number;
    /** Units one signup of each tier takes (`--silo create` for the accounts quota). */
    readonly perSignup: { readonly pooled: number; readonly premium: number };
    /** How many more signups of each tier this quota allows; `null` when they take none of it. */
    readonly fits: { readonly pooled: number | null; readonly premium: number | null };
}

async function inUseOf(
    id: QuotaId,
    sources: QuotaSources,
    userPoolId: () => Promise<string>,
): Promise<number> {
    switch (id) {
        case "apiKeys":
            return apiKeysInUse(sources.apiGateway);
        case "usagePlans":
            return usagePlansInUse(sources.apiGateway);
        case "restApis":
            return restApisInUse(sources.apiGateway);
        case "userPoolGroups":
            return groupsInUse(sources.cognito, await userPoolId());
        case "userPoolUsers":
            return usersInUse(sources.cognito, await userPoolId());
        case "lambdaConcurrency":
            return reservedConcurrencyInUse(sources.lambda);
        case "organizationAccounts": {
            if (sources.organizations === undefined) throw new Error("no Organizations client");
            return accountsInUse(sources.organizations);
        }
        default: {
            const unknown: never = id;
            throw new Error(`unknown quota ${JSON.stringify(unknown)}`);
        }
    }
}

const fitsOf = (headroom: number, need: number): number | null =>
    need === 0 ? null : Math.max(0, Math.floor(headroom / need));

/**
 * The rows of `ids` for tenants of `environment`.
 */
export async function readQuotaRows(
    sources: QuotaSources,
    environment: string,
    ids: readonly QuotaId[],
): Promise<QuotaRow[]> {
    let pool: Promise<string> | undefined;
    const userPoolId = () => (pool ??= sources.userPoolId(environment));
    const pooled = demandOf(
        { kind: "signup", tier: "pooled", vendsAccount: false },
        sources.concurrency.premiumPerTenant,
    );
    const premium = demandOf(
        { kind: "signup", tier: "premium", vendsAccount: true },
        sources.concurrency.premiumPerTenant,
    );
    const rows: QuotaRow[] = [];
    for (const id of ids) {
        const quota = QUOTAS[id];
        const client = quota.scope === "organization" ? sources.serviceQuotasGlobal : sources.serviceQuotas;
        const [{ value, source }, inUse] = await Promise.all([
            appliedQuota(quota, client),
            inUseOf(id, sources, userPoolId),
        ]);
        const kept = id === "lambdaConcurrency" ? sources.concurrency.headroom : 0;
        const headroom = value - kept - inUse;
        const perSignup = { pooled: pooled[id] ?? 0, premium: premium[id] ?? 0 };
        rows.push({
            id,
            name: quota.name,
            serviceCode: quota.serviceCode,
            ...(quota.quotaCode === undefined ? {} : { quotaCode: quota.quotaCode }),
            scope:
                quota.scope === "region"
                    ? sources.region
                    : quota.scope === "user pool"
                      ? await userPoolId()
                      : "organization",
            limit: value,
            source,
            inUse,
            kept,
            headroom,
            perSignup,
            fits: {
                pooled: fitsOf(headroom, perSignup.pooled),
                premium: fitsOf(headroom, perSignup.premium),
            },
        });
    }
    return rows;
}

/** Every quota of `environment`; the accounts quota is left out, with the reason, when it cannot be read. */
export async function quotaReport(
    sources: QuotaSources,
    environment: string,
): Promise<{
    readonly rows: QuotaRow[];
    readonly skipped: { readonly id: QuotaId; readonly reason: string }[];
}> {
    const rows = await readQuotaRows(
        sources,
        environment,
        QUOTA_IDS.filter((id) => id !== "organizationAccounts"),
    );
    if (sources.organizations === undefined) {
        return { rows, skipped: [{ id: "organizationAccounts", reason: "no Organizations client" }] };
    }
    try {
        return {
            rows: [...rows, ...(await readQuotaRows(sources, environment, ["organizationAccounts"]))],
            skipped: [],
        };
    } catch (error) {
        // Only the management account lists the organization's accounts; a platform elsewhere vends no silo.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return { rows, skipped: [{ id: "organizationAccounts", reason }] };
    }
}
