/**
 * Saved CloudWatch Logs Insights queries. Lambda writes `tenantId` into every JSON log line of a
 * PER_TENANT function (platform events and application logs), so one tenant's traffic, errors,
 * cold starts and cost can be read from the shared log group without a metric per tenant.
 *
 * Queries that look at one tenant use the placeholder `TENANT_ID`: replace it in the console (or
 * with {@link forTenant}) before running.
 */

/** Placeholder for the tenant id in saved queries. */
export const TENANT_PLACEHOLDER = "TENANT_ID";

export interface SavedQuery {
    /** Query name, shown in the console as a folder path (`tenant-tiers/<env>/...`). */
    readonly name: string;
    readonly query: string;
}

/** The tenant-facing queries over the pooled function's log group. */
export function tenantQueries(environment: string): SavedQuery[] {
    const folder = `tenant-tiers/${environment}`;
    const tenant = `(tenantId = "${TENANT_PLACEHOLDER}" or record.tenantId = "${TENANT_PLACEHOLDER}")`;
    return [
        {
            name: `${folder}/tenant-requests`,
            query: [
                "fields @timestamp, tenantId, type, record.requestId, record.metrics.durationMs, record.status",
                `| filter type = "platform.report" and ${tenant}`,
                "| sort @timestamp desc",
                "| limit 200",
            ].join("\n"),
        },
        {
            name: `${folder}/tenant-errors`,
            query: [
                "fields @timestamp, tenantId, level, message, error.name, error.message, record.status",
                `| filter ${tenant}`,
                '| filter level = "ERROR" or record.status in ["error", "failure", "timeout"]',
                "| sort @timestamp desc",
                "| limit 200",
            ].join("\n"),
        },
        {
            name: `${folder}/tenant-cold-starts`,
            query: [
                "fields @timestamp, tenantId, record.metrics.initDurationMs",
                `| filter type = "platform.report" and ${tenant} and ispresent(record.metrics.initDurationMs)`,
                "| stats count() as coldStarts, avg(record.metrics.initDurationMs) as avgInitMs by bin(1h)",
            ].join("\n"),
        },
        {
            name: `${folder}/pooled-cost-by-tenant`,
            query: costQuery(),
        },
    ];
}

/**
 * Per-tenant compute of the pooled function: invocations, cold starts and GB-seconds from
 * `platform.report`, grouped by tenant. `automation/tenantCost.ts` turns the result into money.
 */
export function costQuery(): string {
    return [
        'filter type = "platform.report"',
        "| fields coalesce(tenantId, record.tenantId) as tenant,",
        "    record.metrics.billedDurationMs * record.metrics.memorySizeMB / 1024000 as gbs",
        "| stats count() as invocations, count(record.metrics.initDurationMs) as coldStarts,",
        "    sum(record.metrics.billedDurationMs) as billedMs, sum(gbs) as gbSeconds by tenant",
        "| sort gbSeconds desc",
    ].join("\n");
}

/** A saved query with the placeholder replaced by one (validated) tenant id. */
export function forTenant(query: SavedQuery, tenantId: string): string {
    return query.query.split(TENANT_PLACEHOLDER).join(tenantId);
}
