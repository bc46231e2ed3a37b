import { describe, expect, it } from "vitest";
import { contributorRuleDefinition } from "../../../components/observability/contributorRules";
import {
    platformDashboard,
    tenantDashboard,
    tenantEnvironmentLimit,
} from "../../../components/observability/dashboardBody";
import { untaggedAssumeRolePattern } from "../../../components/observability/detectiveFilters";
import { costQuery, forTenant, tenantQueries } from "../../../components/observability/logQueries";
import type { ObservabilityArgs } from "../../../components/platform/observability";
import { platformTags } from "../../../components/shared/tags";
import { planStack } from "../../../plan/mockRuntime";
import { PlannedResources } from "../../helpers/plannedStack";

const ROLE_ARN = "arn:aws:iam::123456789012:role/platform-tenant-access-role";
const BASE: ObservabilityArgs = {
    environment: "dev",
    region: "eu-west-1",
    tags: platformTags("dev", "platform"),
    pooledFunctionName: "pooled-fn",
    pooledLogGroupName: "/aws/lambda/tenant-tiers-dev-pooled",
    authorizerLogGroupName: "/aws/lambda/tenant-tiers-dev-authorizer",
    apiName: "tenant-tiers-dev-tenant-api",
    stageName: "dev",
    reservedConcurrency: 400,
    queues: { queueName: "ingest", deadLetterQueueName: "ingest-dlq" },
    tenantAccessRoleArn: ROLE_ARN,
    webAclMetricName: "tenant-tiers-dev-tenant-api",
};

async function plan(args: Partial<ObservabilityArgs> = {}): Promise<PlannedResources> {
    return new PlannedResources(
        await planStack({
            project: "tenant-tiers",
            stack: "observability-test",
            kind: "platform",
            config: {},
            program: async () => {
                const { Observability } = await import("../../../components/platform/observability");
                new Observability("observability", { ...BASE, ...args });
                return {};
            },
        }),
    );
}

describe("Observability", () => {
    it("creates the dashboard, rules, queries, alarms and cost allocation tags", async () => {
        const p = await plan({
            cloudTrailLogGroupName: "aws-cloudtrail-logs",
            alarmEmail: "ops@example.com",
            activateCostAllocationTags: true,
        });
        expect(p.countByType()).toEqual({
            "tenanttiers:components:Observability": 1,
            "aws:sns/topic:Topic": 1,
            "aws:sns/topicSubscription:TopicSubscription": 1,
            "aws:cloudwatch/contributorInsightRule:ContributorInsightRule": 3,
            "aws:cloudwatch/queryDefinition:QueryDefinition": 4,
            "aws:cloudwatch/logMetricFilter:LogMetricFilter": 3,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 4,
            "aws:cloudwatch/dashboard:Dashboard": 1,
            "aws:costexplorer/costAllocationTag:CostAllocationTag": 2,
        });
        expect(p.named("observability-alarms-email").inputs).toEqual({
            topic: "arn:aws:sns:eu-west-1:123456789012:tenant-tiers-dev-alarms",
            protocol: "email",
            endpoint: "ops@example.com",
        });
        expect(p.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => t.inputs)).toEqual(
            [
                { tagKey: "TenantId", status: "Active" },
                { tagKey: "Tier", status: "Active" },
            ],
        );
    });

    it.each([
        [undefined, 1000],
        [25, 25],
    ])(
        "alarms on WAF-blocked requests (threshold %j gives %j) to the alarm topic",
        async (given, threshold) => {
            // Act
            const p = await plan({ wafBlockedRequestsThreshold: given });

            // Assert
            expect(p.named("observability-waf-blocked-alarm").inputs).toEqual({
                name: "tenant-tiers-dev-waf-blocked",
                alarmDescription: `More than ${threshold} requests blocked by WAF in 5 minutes: a flood or a scan of the tenant APIs`,
                namespace: "AWS/WAFV2",
                metricName: "BlockedRequests",
                dimensions: { WebACL: "tenant-tiers-dev-tenant-api", Region: "eu-west-1", Rule: "ALL" },
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: ["arn:aws:sns:eu-west-1:123456789012:tenant-tiers-dev-alarms"],
                okActions: ["arn:aws:sns:eu-west-1:123456789012:tenant-tiers-dev-alarms"],
                tags: platformTags("dev", "platform"),
            });
        },
    );

    it.each([0, 2.5])("rejects a WAF blocked-requests threshold of %j", async (threshold) => {
        await expect(plan({ wafBlockedRequestsThreshold: threshold })).rejects.toThrow(
            `WAF blocked-requests threshold ${threshold} is invalid: use a whole number of at least 1`,
        );
    });

    it("ranks tenants with Contributor Insights over the pooled JSON logs", async () => {
        const p = await plan();
        const rule = p.named("observability-top-tenants-billed-duration");
        expect(rule.inputs.ruleName).toBe("tenant-tiers-dev-top-tenants-billed-duration");
        expect(rule.inputs.ruleState).toBe("ENABLED");
        expect(JSON.parse(rule.inputs.ruleDefinition as string)).toEqual({
            Schema: { Name: "CloudWatchLogRule", Version: 1 },
            LogGroupNames: ["/aws/lambda/tenant-tiers-dev-pooled"],
            LogFormat: "JSON",
            Contribution: {
                Keys: ["$.tenantId"],
                ValueOf: "$.record.metrics.billedDurationMs",
                Filters: [{ Match: "$.type", In: ["platform.report"] }],
            },
            AggregateOn: "Sum",
        });
        expect(contributorRuleDefinition("top-tenants-errors", "lg")).toEqual({
            Schema: { Name: "CloudWatchLogRule", Version: 1 },
            LogGroupNames: ["lg"],
            LogFormat: "JSON",
            Contribution: {
                Keys: ["$.tenantId"],
                Filters: [
                    { Match: "$.type", In: ["platform.report"] },
                    { Match: "$.record.status", In: ["error", "failure", "timeout"] },
                ],
            },
            AggregateOn: "Count",
        });
    });

    it("saves the per-tenant queries against the pooled log group", async () => {
        const p = await plan();
        const queries = p.ofType("aws:cloudwatch/queryDefinition:QueryDefinition");
        expect(queries.map((q) => q.inputs.name)).toEqual([
            "tenant-tiers/dev/tenant-requests",
            "tenant-tiers/dev/tenant-errors",
            "tenant-tiers/dev/tenant-cold-starts",
            "tenant-tiers/dev/pooled-cost-by-tenant",
        ]);
        for (const query of queries) {
            expect(query.inputs.logGroupNames).toEqual(["/aws/lambda/tenant-tiers-dev-pooled"]);
        }
        expect(p.named("observability-query-pooled-cost-by-tenant").inputs.queryString).toBe(costQuery());
    });

    it("alarms on cross-tenant AccessDenied, authorizer denial spikes and untagged sessions", async () => {
        const p = await plan({
            cloudTrailLogGroupName: "aws-cloudtrail-logs",
            authorizerDenialThreshold: 250,
        });
        expect(p.named("observability-tenant-access-denied-filter").inputs).toEqual({
            name: "tenant-tiers-dev-tenant-access-denied",
            logGroupName: "/aws/lambda/tenant-tiers-dev-pooled",
            pattern:
                '{ ($.error.name = "*AccessDenied*") || ($.errorType = "*AccessDenied*") || ($.error.code = "*AccessDenied*") }',
            metricTransformation: {
                name: "TenantAccessDenied",
                namespace: "TenantTiers/dev",
                value: "1",
                defaultValue: "0",
            },
        });
        expect(p.named("observability-authorizer-denials-filter").inputs.pattern).toBe(
            '{ $.message = "request denied" }',
        );
        expect(p.named("observability-untagged-tenant-session-filter").inputs).toMatchObject({
            logGroupName: "aws-cloudtrail-logs",
            pattern: `{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${ROLE_ARN}") && ($.requestParameters.tags NOT EXISTS) }`,
        });
        const topic = "arn:aws:sns:eu-west-1:123456789012:tenant-tiers-dev-alarms";
        expect(p.named("observability-authorizer-denials-alarm").inputs).toMatchObject({
            namespace: "TenantTiers/dev",
            metricName: "AuthorizerDenials",
            statistic: "Sum",
            period: 300,
            threshold: 250,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [topic],
            okActions: [topic],
        });
        expect(p.named("observability-tenant-access-denied-alarm").inputs.threshold).toBe(1);
    });

    it("leaves out what it was not given: no trail, no email, no cost tags", async () => {
        const p = await plan({ queues: undefined });
        expect(p.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => f.name)).toEqual([
            "observability-tenant-access-denied-filter",
            "observability-authorizer-denials-filter",
        ]);
        expect(p.ofType("aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
        expect(p.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).toEqual([]);
        const body = JSON.parse(p.named("observability-dashboard").inputs.dashboardBody as string);
        expect(body.widgets[5].properties.metrics).toEqual([]);
    });

    it("rejects a denial threshold below 1", async () => {
        await expect(plan({ authorizerDenialThreshold: 0 })).rejects.toThrow(
            "authorizer denial threshold 0 is invalid: use a whole number of at least 1",
        );
    });

    it("deploys the dashboard body the pure function builds", async () => {
        const p = await plan();
        const deployed = JSON.parse(p.named("observability-dashboard").inputs.dashboardBody as string);
        expect(p.named("observability-dashboard").inputs.dashboardName).toBe("tenant-tiers-dev");
        expect(deployed).toEqual(
            platformDashboard({
                region: "eu-west-1",
                pooledFunctionName: "pooled-fn",
                apiName: "tenant-tiers-dev-tenant-api",
                stageName: "dev",
                reservedConcurrency: 400,
                queueName: "ingest",
                deadLetterQueueName: "ingest-dlq",
                contributorRules: [
                    "tenant-tiers-dev-top-tenants-invocations",
                    "tenant-tiers-dev-top-tenants-errors",
                    "tenant-tiers-dev-top-tenants-billed-duration",
                ],
                metricNamespace: "TenantTiers/dev",
                webAclMetricName: "tenant-tiers-dev-tenant-api",
            }),
        );
    });
});

describe("dashboard layout", () => {
    const body = platformDashboard({
        region: "eu-west-1",
        pooledFunctionName: "pooled-fn",
        apiName: "api",
        stageName: "prod",
        reservedConcurrency: 1000,
        queueName: "q",
        deadLetterQueueName: "dlq",
        contributorRules: ["r1", "r2", "r3"],
        metricNamespace: "TenantTiers/prod",
        webAclMetricName: "acl",
    }) as { widgets: { x: number; y: number; width: number; properties: Record<string, unknown> }[] };

    it("is a 3 × 4 grid of 8-column widgets, plus the front door's row of two", () => {
        expect(body.widgets.map((w) => [w.x, w.y, w.width])).toEqual([
            [0, 0, 8],
            [8, 0, 8],
            [16, 0, 8],
            [0, 6, 8],
            [8, 6, 8],
            [16, 6, 8],
            [0, 12, 8],
            [8, 12, 8],
            [16, 12, 8],
            [0, 18, 8],
            [8, 18, 8],
            [16, 18, 8],
            [0, 24, 8],
            [8, 24, 8],
        ]);
    });

    it("shows WAF-blocked requests over all rules and per rule, and allowed requests", () => {
        const waf = (rule: string) => ["WebACL", "acl", "Region", "eu-west-1", "Rule", rule];
        expect(body.widgets.slice(12).map((w) => [w.properties.title, w.properties.metrics])).toEqual([
            [
                "WAF: blocked requests",
                [
                    ["AWS/WAFV2", "BlockedRequests", ...waf("ALL"), { stat: "Sum", label: "all rules" }],
                    [
                        "AWS/WAFV2",
                        "BlockedRequests",
                        ...waf("rate-limit-per-ip"),
                        { stat: "Sum", label: "rate-limit-per-ip" },
                    ],
                    [
                        "AWS/WAFV2",
                        "BlockedRequests",
                        ...waf("aws-common-rule-set"),
                        { stat: "Sum", label: "aws-common-rule-set" },
                    ],
                ],
            ],
            ["WAF: allowed requests", [["AWS/WAFV2", "AllowedRequests", ...waf("ALL"), { stat: "Sum" }]]],
        ]);
    });

    it("draws the concurrency and tenant-environment limits", () => {
        expect(body.widgets[2]?.properties.annotations).toEqual({
            horizontal: [
                { label: "reserved concurrency", value: 1000 },
                { label: "tenant environments allowed", value: 2500 },
            ],
        });
    });

    it("shows top tenants from the three Contributor Insights rules", () => {
        expect(body.widgets.slice(6, 9).map((w) => w.properties.insightRule)).toEqual([
            { maxContributorCount: 10, orderBy: "Sum", ruleName: "r1" },
            { maxContributorCount: 10, orderBy: "Sum", ruleName: "r2" },
            { maxContributorCount: 10, orderBy: "Sum", ruleName: "r3" },
        ]);
    });

    it("shows API errors and latency per stage", () => {
        expect(body.widgets[3]?.properties.metrics).toEqual([
            ["AWS/ApiGateway", "4XXError", "ApiName", "api", "Stage", "prod", { stat: "Sum" }],
            ["AWS/ApiGateway", "5XXError", "ApiName", "api", "Stage", "prod", { stat: "Sum" }],
        ]);
    });

    it.each([
        [1000, 2500],
        [400, 1000],
        [1, 2],
        [3, 7],
    ])("allows %i concurrency → %i tenant environments", (concurrency, environments) => {
        expect(tenantEnvironmentLimit(concurrency)).toBe(environments);
    });

    it("builds a premium tenant's dashboard from its function and table", () => {
        const tenant = tenantDashboard({
            region: "eu-west-1",
            tenantId: "acme",
            functionName: "fn",
            tableName: "tbl",
        });
        expect(
            (tenant.widgets as { properties: { title: string } }[]).map((w) => w.properties.title),
        ).toEqual(["acme: invocations, errors, throttles", "acme: duration and concurrency", "acme: table"]);
    });
});

describe("saved queries", () => {
    it("substitutes the tenant into one tenant's queries", () => {
        const [requests] = tenantQueries("dev");
        expect(requests && forTenant(requests, "acme")).toBe(
            [
                "fields @timestamp, tenantId, type, record.requestId, record.metrics.durationMs, record.status",
                '| filter type = "platform.report" and (tenantId = "acme" or record.tenantId = "acme")',
                "| sort @timestamp desc",
                "| limit 200",
            ].join("\n"),
        );
    });

    it("matches the CloudTrail pattern to one role", () => {
        expect(untaggedAssumeRolePattern("arn:aws:iam::1:role/r")).toBe(
            '{ ($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "arn:aws:iam::1:role/r") && ($.requestParameters.tags NOT EXISTS) }',
        );
    });
});
