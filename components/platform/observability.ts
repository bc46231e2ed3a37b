import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformPrefix } from "../shared/naming";
import { platformTrail } from "./cloudTrail";
import type { TenantTags } from "../shared/tags";
import { CONTRIBUTOR_RULE_IDS, contributorRuleDefinition } from "../observability/contributorRules";
import { platformDashboard } from "../observability/dashboardBody";
import {
    AUTHORIZER_DENIAL_PATTERN,
    TENANT_ACCESS_DENIED_PATTERN,
    untaggedAssumeRolePattern,
} from "../observability/detectiveFilters";
import { tenantQueries } from "../observability/logQueries";
import { wafDimensions } from "../observability/wafMetrics";

export interface ObservabilityArgs {
    readonly environment: string;
    readonly region: string;
    readonly tags: TenantTags;
    readonly pooledFunctionName: pulumi.Input<string>;
    /** Log group of the pooled PER_TENANT function (JSON logs carrying `tenantId`). */
    readonly pooledLogGroupName: pulumi.Input<string>;
    readonly authorizerLogGroupName: pulumi.Input<string>;
    readonly apiName: pulumi.Input<string>;
    readonly stageName: string;
    readonly reservedConcurrency: number | undefined;
    /** The asynchronous ingestion queue and its dead-letter queue, when the platform has them. */
    readonly queues?: {
        readonly queueName: pulumi.Input<string>;
        readonly deadLetterQueueName: pulumi.Input<string>;
    };
    readonly tenantAccessRoleArn: pulumi.Input<string>;
    /** CloudTrail's log group in this account and region; without it the untagged-session alarm is not created. */
    readonly cloudTrailLogGroupName?: string;
    /**
     * Create the trail that delivers to `cloudTrailLogGroupName` (an `awsx.cloudtrail.Trail`), for an
     * account without an organization trail delivering there. @default false
     */
    readonly createCloudTrail?: boolean;
    /** Retention of the trail's log group. @default 30 */
    readonly logRetentionDays?: number;
    /** Subscribe this address to the alarm topic. */
    readonly alarmEmail?: string;
    /** Authorizer denials per 5 minutes that raise the alarm. @default 100 */
    readonly authorizerDenialThreshold?: number;
    /** Metric name of the tenant APIs' WAF web ACL (the `WebACL` dimension of `AWS/WAFV2`). */
    readonly webAclMetricName: string;
    /** WAF-blocked requests per 5 minutes that raise the alarm. @default 1000 */
    readonly wafBlockedRequestsThreshold?: number;
    /**
     * Activate `TenantId` and `Tier` as cost allocation tags. Only the payer (management) account of
     * an organization, or a standalone account, may do this, and only for keys already seen in
     * billing data; in a member account the update fails.
     * @default false
     */
    readonly activateCostAllocationTags?: boolean;
}

/**
 * What operators and auditors look at: the platform dashboard, top-tenant Contributor Insights
 * rules, saved Logs Insights queries (one tenant's requests, errors, cold starts; per-tenant cost),
 * detective alarms to an SNS topic, and the cost allocation tags. Per-tenant views come from the
 * `tenantId` Lambda writes into the JSON logs, not from one custom metric per tenant.
 */
export class Observability extends pulumi.ComponentResource {
    public readonly alarmTopic: aws.sns.Topic;
    public readonly dashboard: aws.cloudwatch.Dashboard;
    public readonly metricNamespace: string;

    constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:Observability", name, {}, opts);
        const threshold = args.authorizerDenialThreshold ?? 100;
        if (!Number.isInteger(threshold) || threshold < 1) {
            throw new Error(
                `authorizer denial threshold ${threshold} is invalid: use a whole number of at least 1`,
            );
        }
        const blockedThreshold = args.wafBlockedRequestsThreshold ?? 1000;
        if (!Number.isInteger(blockedThreshold) || blockedThreshold < 1) {
            throw new Error(
                `WAF blocked-requests threshold ${blockedThreshold} is invalid: use a whole number of at least 1`,
            );
        }
        const parent = { parent: this };
        const prefix = platformPrefix(args.environment);
        const tags = { ...args.tags };
        this.metricNamespace = `TenantTiers/${args.environment}`;

        this.alarmTopic = new aws.sns.Topic(
            `${name}-alarms`,
            { name: `${prefix}-alarms`, kmsMasterKeyId: "alias/aws/sns", tags },
            parent,
        );
        if (args.alarmEmail !== undefined) {
            new aws.sns.TopicSubscription(
                `${name}-alarms-email`,
                { topic: this.alarmTopic.arn, protocol: "email", endpoint: args.alarmEmail },
                parent,
            );
        }

        const rules = CONTRIBUTOR_RULE_IDS.map(
            (id) =>
                new aws.cloudwatch.ContributorInsightRule(
                    `${name}-${id}`,
                    {
                        ruleName: `${prefix}-${id}`,
                        ruleState: "ENABLED",
                        ruleDefinition: pulumi
                            .output(args.pooledLogGroupName)
                            .apply((logGroup) => JSON.stringify(contributorRuleDefinition(id, logGroup))),
                        tags,
                    },
                    parent,
                ),
        );

        for (const query of tenantQueries(args.environment)) {
            new aws.cloudwatch.QueryDefinition(
                `${name}-query-${query.name.split("/").pop() ?? query.name}`,
                { name: query.name, queryString: query.query, logGroupNames: [args.pooledLogGroupName] },
                parent,
            );
        }

        const alarm = (id: string, metricName: string, description: string, above: number) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${id}-alarm`,
                {
                    name: `${prefix}-${id}`,
                    alarmDescription: description,
                    namespace: this.metricNamespace,
                    metricName,
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: above,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    alarmActions: [this.alarmTopic.arn],
                    okActions: [this.alarmTopic.arn],
                    tags,
                },
                parent,
            );
        const filter = (
            id: string,
            logGroupName: pulumi.Input<string>,
            pattern: pulumi.Input<string>,
            metric: string,
        ) =>
            new aws.cloudwatch.LogMetricFilter(
                `${name}-${id}-filter`,
                {
                    name: `${prefix}-${id}`,
                    logGroupName,
                    pattern,
                    metricTransformation: {
                        name: metric,
                        namespace: this.metricNamespace,
                        value: "1",
                        defaultValue: "0",
                    },
                },
                parent,
            );

        filter(
            "tenant-access-denied",
            args.pooledLogGroupName,
            TENANT_ACCESS_DENIED_PATTERN,
            "TenantAccessDenied",
        );
        alarm(
            "tenant-access-denied",
            "TenantAccessDenied",
            "A tenant session was denied by IAM: a bug, or an attempt to reach another tenant's data",
            1,
        );
        filter(
            "authorizer-denials",
            args.authorizerLogGroupName,
            AUTHORIZER_DENIAL_PATTERN,
            "AuthorizerDenials",
        );
        alarm(
            "authorizer-denials",
            "AuthorizerDenials",
            `More than ${threshold} authorizer denials in 5 minutes: credential stuffing or a broken client`,
            threshold,
        );
        // WAF publishes its own metrics: the web ACL's blocks over all its rules.
        new aws.cloudwatch.MetricAlarm(
            `${name}-waf-blocked-alarm`,
            {
                name: `${prefix}-waf-blocked`,
                alarmDescription: `More than ${blockedThreshold} requests blocked by WAF in 5 minutes: a flood or a scan of the tenant APIs`,
                namespace: "AWS/WAFV2",
                metricName: "BlockedRequests",
                dimensions: wafDimensions(args.webAclMetricName, args.region, "ALL"),
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: blockedThreshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [this.alarmTopic.arn],
                okActions: [this.alarmTopic.arn],
                tags,
            },
            parent,
        );
        const trailLogGroupName = args.cloudTrailLogGroupName;
        if (trailLogGroupName !== undefined) {
            // The metric filter needs the log group: the trail's, when the platform creates it.
            const logGroupName =
                args.createCloudTrail === true
                    ? platformTrail(
                          `${name}-trail`,
                          {
                              environment: args.environment,
                              logGroupName: trailLogGroupName,
                              logRetentionDays: args.logRetentionDays ?? 30,
                              tags: args.tags,
                          },
                          parent,
                      ).logGroup.apply((group) => pulumi.output(group?.name ?? trailLogGroupName))
                    : trailLogGroupName;
            filter(
                "untagged-tenant-session",
                logGroupName,
                pulumi.output(args.tenantAccessRoleArn).apply(untaggedAssumeRolePattern),
                "UntaggedTenantSessionAttempts",
            );
            alarm(
                "untagged-tenant-session",
                "UntaggedTenantSessionAttempts",
                "AssumeRole of the tenant access role without a TenantId session tag",
                1,
            );
        }

        this.dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: prefix,
                dashboardBody: pulumi
                    .all([
                        args.pooledFunctionName,
                        args.apiName,
                        args.queues?.queueName,
                        args.queues?.deadLetterQueueName,
                        ...rules.map((r) => r.ruleName),
                    ])
                    .apply(([fn, api, queue, dlq, r1, r2, r3]) =>
                        JSON.stringify(
                            platformDashboard({
                                region: args.region,
                                pooledFunctionName: fn as string,
                                apiName: api as string,
                                stageName: args.stageName,
                                reservedConcurrency: args.reservedConcurrency,
                                queueName: queue,
                                deadLetterQueueName: dlq,
                                contributorRules: [r1 as string, r2 as string, r3 as string],
                                metricNamespace: this.metricNamespace,
                                webAclMetricName: args.webAclMetricName,
                            }),
                        ),
                    ),
            },
            parent,
        );

        if (args.activateCostAllocationTags ?? false) {
            for (const tagKey of ["TenantId", "Tier"]) {
                new aws.costexplorer.CostAllocationTag(
                    `${name}-cost-tag-${tagKey.toLowerCase()}`,
                    { tagKey, status: "Active" },
                    parent,
                );
            }
        }

        this.registerOutputs({
            alarmTopicArn: this.alarmTopic.arn,
            dashboardName: this.dashboard.dashboardName,
        });
    }
}
