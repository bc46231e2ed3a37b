import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformPrefix } from "../shared/naming";
import type { TenantTags } from "../shared/tags";
import { webAclRules } from "../shared/webAclRules";

export interface FrontDoorArgs {
    readonly environment: string;
    readonly tags: TenantTags;
    /** Requests one client IP may send per window before WAF blocks it. */
    readonly rateLimit: number;
    /** Seconds WAF counts over: 60, 120, 300 or 600. */
    readonly evaluationWindowSeconds: number;
}

/**
 * The AWS WAF web ACL (scope `REGIONAL`) every tenant API stage is associated with, the platform's
 * and each premium tenant's. One ACL per environment, so the platform's size does not grow with
 * tenants; WAF counts the rate per client IP and per ACL, so one address is limited across all
 * tenant APIs together. It runs before API Gateway calls the authorizer, which is what stops a
 * flood of random tokens from reaching the shared authorizer.
 */
export class FrontDoor extends pulumi.ComponentResource {
    public readonly webAcl: aws.wafv2.WebAcl;
    /** The web ACL's metric name (the `WebACL` dimension of `AWS/WAFV2` metrics). */
    public readonly metricName: string;

    constructor(name: string, args: FrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:FrontDoor", name, {}, opts);
        const prefix = platformPrefix(args.environment);
        this.metricName = `${prefix}-tenant-api`;
        this.webAcl = new aws.wafv2.WebAcl(
            `${name}-web-acl`,
            {
                name: `${prefix}-tenant-api`,
                description: `tenant-tiers ${args.environment}: per-IP rate limit and AWS common rules in front of every tenant API`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: webAclRules({
                    rateLimit: args.rateLimit,
                    evaluationWindowSeconds: args.evaluationWindowSeconds,
                }),
                visibilityConfig: {
                    cloudwatchMetricsEnabled: true,
                    sampledRequestsEnabled: true,
                    metricName: this.metricName,
                },
                tags: { ...args.tags },
            },
            { parent: this },
        );
        this.registerOutputs({ webAclArn: this.webAcl.arn });
    }
}
