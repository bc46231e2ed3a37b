import type * as aws from "@pulumi/aws";

/** Priority and metric name of each rule of the tenant APIs' web ACL, in evaluation order. */
export const WEB_ACL_RULES = Object.freeze({
    rateLimit: { name: "rate-limit-per-ip", priority: 0 },
    commonRuleSet: { name: "aws-common-rule-set", priority: 1 },
});

export interface WebAclRuleArgs {
    /** Requests one client IP may send in the window before the rest of the window is blocked. */
    readonly rateLimit: number;
    /** Seconds WAF looks back when it counts (60, 120, 300 or 600). */
    readonly evaluationWindowSeconds: number;
}

const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
});

/**
 * The rules in front of every tenant API stage, before the authorizer runs: a rate-based rule per
 * client IP (`aggregateKeyType: IP`, the address that reached API Gateway, which a client cannot
 * forge the way it can forge `X-Forwarded-For`), then the AWS managed common rule set. A pure
 * function, so tests see exactly what is deployed.
 */
export function webAclRules(args: WebAclRuleArgs): aws.types.input.wafv2.WebAclRule[] {
    return [
        {
            name: WEB_ACL_RULES.rateLimit.name,
            priority: WEB_ACL_RULES.rateLimit.priority,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    aggregateKeyType: "IP",
                    limit: args.rateLimit,
                    evaluationWindowSec: args.evaluationWindowSeconds,
                },
            },
            visibilityConfig: visibility(WEB_ACL_RULES.rateLimit.name),
        },
        {
            name: WEB_ACL_RULES.commonRuleSet.name,
            priority: WEB_ACL_RULES.commonRuleSet.priority,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" },
            },
            visibilityConfig: visibility(WEB_ACL_RULES.commonRuleSet.name),
        },
    ];
}
