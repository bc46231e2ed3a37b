/**
 * Contributor Insights rules over the pooled function's JSON logs: top tenants by invocations,
 * errors and billed duration, without publishing one custom metric per tenant.
 */

/** Rule suffixes; the component prefixes them with the environment. Order: invocations, errors, duration. */
export const CONTRIBUTOR_RULE_IDS = [
    "top-tenants-invocations",
    "top-tenants-errors",
    "top-tenants-billed-duration",
] as const;
export type ContributorRuleId = (typeof CONTRIBUTOR_RULE_IDS)[number];

export interface ContributorRule {
    readonly id: ContributorRuleId;
    /** Rule body as CloudWatch expects it (`CloudWatchLogRule` schema, version 1). */
    readonly definition: Record<string, unknown>;
}

/** The three tenant ranking rules for one log group. */
export function tenantContributorRules(logGroupName: string): ContributorRule[] {
    const base = {
        Schema: { Name: "CloudWatchLogRule", Version: 1 },
        LogGroupNames: [logGroupName],
        LogFormat: "JSON",
    };
    const reports = { Match: "$.type", In: ["platform.report"] };
    return [
        {
            id: "top-tenants-invocations",
            definition: {
                ...base,
                Contribution: { Keys: ["$.tenantId"], Filters: [reports] },
                AggregateOn: "Count",
            },
        },
        {
            id: "top-tenants-errors",
            definition: {
                ...base,
                Contribution: {
                    Keys: ["$.tenantId"],
                    Filters: [reports, { Match: "$.record.status", In: ["error", "failure", "timeout"] }],
                },
                AggregateOn: "Count",
            },
        },
        {
            id: "top-tenants-billed-duration",
            definition: {
                ...base,
                Contribution: {
                    Keys: ["$.tenantId"],
                    ValueOf: "$.record.metrics.billedDurationMs",
                    Filters: [reports],
                },
                AggregateOn: "Sum",
            },
        },
    ];
}

/** The definition of one rule, for one log group. */
export function contributorRuleDefinition(
    id: ContributorRuleId,
    logGroupName: string,
): Record<string, unknown> {
    const rule = tenantContributorRules(logGroupName).find((r) => r.id === id);
    if (rule === undefined) throw new Error(`unknown contributor rule "${id}"`);
    return rule.definition;
}
