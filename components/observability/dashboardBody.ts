/**
 * CloudWatch dashboard bodies as pure functions of plain names, so tests see the exact JSON that
 * is deployed. Layout (24 columns wide):
 *
 *   row 0  pooled function: invocations/errors/throttles | duration p50/p90/p99 | concurrency vs limit
 *   row 1  API: 4xx/5xx per stage | latency p50/p99 per stage | queue depth and DLQ
 *   row 2  top tenants: invocations | errors | billed duration  (Contributor Insights)
 *   row 3  detective controls: cross-tenant AccessDenied | authorizer denials | untagged sessions
 *   row 4  front door: WAF blocked requests per rule | WAF allowed requests
 */
import { WEB_ACL_RULES } from "../shared/webAclRules";
import { wafDimensions } from "./wafMetrics";

export interface PlatformDashboardArgs {
    readonly region: string;
    readonly pooledFunctionName: string;
    readonly apiName: string;
    readonly stageName: string;
    /** Reserved concurrency of the pooled function, if configured (drawn as the limit line). */
    readonly reservedConcurrency: number | undefined;
    readonly queueName: string | undefined;
    readonly deadLetterQueueName: string | undefined;
    /** Contributor Insights rule names: invocations, errors, billed duration. */
    readonly contributorRules: readonly [string, string, string];
    /** Namespace of the detective-control metrics. */
    readonly metricNamespace: string;
    /** Metric name of the tenant APIs' WAF web ACL. */
    readonly webAclMetricName: string;
}

type Widget = Record<string, unknown>;

const metricWidget = (
    x: number,
    y: number,
    title: string,
    region: string,
    metrics: unknown[][],
    extra: Record<string, unknown> = {},
): Widget => ({
    type: "metric",
    x,
    y,
    width: 8,
    height: 6,
    properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra },
});

/** Lambda allows 2,500 tenant execution environments per 1,000 concurrency configured. */
export function tenantEnvironmentLimit(concurrency: number): number {
    return Math.floor((concurrency * 2500) / 1000);
}

export function platformDashboard(args: PlatformDashboardArgs): Record<string, unknown> {
    const fn = ["FunctionName", args.pooledFunctionName];
    const api = ["ApiName", args.apiName, "Stage", args.stageName];
    const limit =
        args.reservedConcurrency === undefined
            ? {}
            : {
                  annotations: {
                      horizontal: [
                          { label: "reserved concurrency", value: args.reservedConcurrency },
                          {
                              label: "tenant environments allowed",
                              value: tenantEnvironmentLimit(args.reservedConcurrency),
                          },
                      ],
                  },
              };
    const queues: unknown[][] = [];
    if (args.queueName !== undefined) {
        queues.push(["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", args.queueName]);
        queues.push([
            "AWS/SQS",
            "ApproximateAgeOfOldestMessage",
            "QueueName",
            args.queueName,
            { yAxis: "right" },
        ]);
    }
    if (args.deadLetterQueueName !== undefined) {
        queues.push(["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", args.deadLetterQueueName]);
    }
    const [invocationsRule, errorsRule, durationRule] = args.contributorRules;
    const topTenants = (x: number, title: string, ruleName: string): Widget => ({
        type: "metric",
        x,
        y: 12,
        width: 8,
        height: 6,
        properties: {
            title,
            region: args.region,
            view: "timeSeries",
            period: 300,
            insightRule: { maxContributorCount: 10, orderBy: "Sum", ruleName },
            legend: { position: "right" },
        },
    });
    const ns = args.metricNamespace;
    const waf = (rule: string) =>
        Object.entries(wafDimensions(args.webAclMetricName, args.region, rule)).flat();
    const widgets: Widget[] = [
        metricWidget(0, 0, "Pooled function: invocations, errors, throttles", args.region, [
            ["AWS/Lambda", "Invocations", ...fn, { stat: "Sum" }],
            ["AWS/Lambda", "Errors", ...fn, { stat: "Sum" }],
            ["AWS/Lambda", "Throttles", ...fn, { stat: "Sum" }],
        ]),
        metricWidget(8, 0, "Pooled function: duration", args.region, [
            ["AWS/Lambda", "Duration", ...fn, { stat: "p50" }],
            ["AWS/Lambda", "Duration", ...fn, { stat: "p90" }],
            ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
        ]),
        metricWidget(
            16,
            0,
            "Pooled function: concurrent executions",
            args.region,
            [["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum" }]],
            limit,
        ),
        metricWidget(0, 6, `API ${args.stageName}: 4xx and 5xx`, args.region, [
            ["AWS/ApiGateway", "4XXError", ...api, { stat: "Sum" }],
            ["AWS/ApiGateway", "5XXError", ...api, { stat: "Sum" }],
        ]),
        metricWidget(8, 6, `API ${args.stageName}: latency`, args.region, [
            ["AWS/ApiGateway", "Latency", ...api, { stat: "p50" }],
            ["AWS/ApiGateway", "Latency", ...api, { stat: "p99" }],
            ["AWS/ApiGateway", "IntegrationLatency", ...api, { stat: "p99" }],
        ]),
        metricWidget(16, 6, "Ingestion queue and dead-letter queue", args.region, queues),
        topTenants(0, "Top tenants by invocations", invocationsRule),
        topTenants(8, "Top tenants by errors", errorsRule),
        topTenants(16, "Top tenants by billed duration (ms)", durationRule),
        metricWidget(0, 18, "Cross-tenant AccessDenied in tenant sessions", args.region, [
            [ns, "TenantAccessDenied", { stat: "Sum" }],
        ]),
        metricWidget(8, 18, "Authorizer denials", args.region, [[ns, "AuthorizerDenials", { stat: "Sum" }]]),
        metricWidget(16, 18, "AssumeRole of the tenant access role without TenantId", args.region, [
            [ns, "UntaggedTenantSessionAttempts", { stat: "Sum" }],
        ]),
        metricWidget(0, 24, "WAF: blocked requests", args.region, [
            ["AWS/WAFV2", "BlockedRequests", ...waf("ALL"), { stat: "Sum", label: "all rules" }],
            ...Object.values(WEB_ACL_RULES).map((rule) => [
                "AWS/WAFV2",
                "BlockedRequests",
                ...waf(rule.name),
                { stat: "Sum", label: rule.name },
            ]),
        ]),
        metricWidget(8, 24, "WAF: allowed requests", args.region, [
            ["AWS/WAFV2", "AllowedRequests", ...waf("ALL"), { stat: "Sum" }],
        ]),
    ];
    return { widgets };
}

export interface TenantDashboardArgs {
    readonly region: string;
    readonly tenantId: string;
    readonly functionName: string;
    readonly tableName: string;
}

/** A premium tenant's own dashboard: its dedicated function and table. */
export function tenantDashboard(args: TenantDashboardArgs): Record<string, unknown> {
    const fn = ["FunctionName", args.functionName];
    const table = ["TableName", args.tableName];
    return {
        widgets: [
            metricWidget(0, 0, `${args.tenantId}: invocations, errors, throttles`, args.region, [
                ["AWS/Lambda", "Invocations", ...fn, { stat: "Sum" }],
                ["AWS/Lambda", "Errors", ...fn, { stat: "Sum" }],
                ["AWS/Lambda", "Throttles", ...fn, { stat: "Sum" }],
            ]),
            metricWidget(8, 0, `${args.tenantId}: duration and concurrency`, args.region, [
                ["AWS/Lambda", "Duration", ...fn, { stat: "p99" }],
                ["AWS/Lambda", "ConcurrentExecutions", ...fn, { stat: "Maximum", yAxis: "right" }],
            ]),
            metricWidget(16, 0, `${args.tenantId}: table`, args.region, [
                ["AWS/DynamoDB", "ConsumedReadCapacityUnits", ...table, { stat: "Sum" }],
                ["AWS/DynamoDB", "ConsumedWriteCapacityUnits", ...table, { stat: "Sum" }],
                ["AWS/DynamoDB", "ThrottledRequests", ...table, { stat: "Sum" }],
            ]),
        ],
    };
}
