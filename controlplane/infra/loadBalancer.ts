/**
 * The API's entry: an `awsx.lb.ApplicationLoadBalancer`, internal by default, one listener (HTTPS
 * with the configured ACM certificate and a TLS 1.3 policy; plain HTTP only with the development
 * flag, which config validation refuses next to a certificate), forwarding to the API tasks by IP
 * with `GET /health` as the health check. awsx's default security group is skipped: the network's
 * groups say exactly who may connect.
 */
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";
import { API_PORT } from "./network";
import type { ControlPlaneSettings } from "./settings";

/** TLS 1.3 with TLS 1.2 fallback, forward secrecy only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
export const HEALTH_CHECK_PATH = "/health";

export interface ApiLoadBalancerArgs {
    readonly settings: ControlPlaneSettings;
    readonly vpcId: pulumi.Input<string>;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupId: pulumi.Input<string>;
    readonly tags: TenantTags;
}

export class ApiLoadBalancer extends pulumi.ComponentResource {
    readonly loadBalancer: awsx.lb.ApplicationLoadBalancer;
    readonly targetGroupArn: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    /** `https://<dns name>` (or `http://` in development). */
    readonly url: pulumi.Output<string>;

    constructor(name: string, args: ApiLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:ApiLoadBalancer", name, {}, opts);
        const { api, environment } = args.settings;
        const listener = api.allowPlainHttp
            ? { port: 80, protocol: "HTTP" }
            : { port: 443, protocol: "HTTPS", certificateArn: api.certificateArn, sslPolicy: TLS_POLICY };
        this.loadBalancer = new awsx.lb.ApplicationLoadBalancer(
            `${name}-alb`,
            {
                // Load balancer and target group names: at most 32 characters (environment ≤ 10).
                name: `tenant-tiers-${environment}-api`,
                internal: api.internal,
                subnetIds: args.subnetIds,
                securityGroups: [args.securityGroupId],
                defaultSecurityGroup: { skip: true },
                dropInvalidHeaderFields: true,
                enableDeletionProtection: true,
                idleTimeout: 60,
                listener,
                defaultTargetGroup: {
                    name: `tenant-tiers-${environment}-api-tg`,
                    port: API_PORT,
                    protocol: "HTTP",
                    targetType: "ip",
                    vpcId: args.vpcId,
                    deregistrationDelay: 30,
                    healthCheck: {
                        path: HEALTH_CHECK_PATH,
                        matcher: "200",
                        interval: 15,
                        healthyThreshold: 2,
                        unhealthyThreshold: 3,
                    },
                    tags: { ...args.tags },
                },
                tags: { ...args.tags },
            },
            { parent: this },
        );
        this.targetGroupArn = this.loadBalancer.defaultTargetGroup.apply((tg) => tg.arn);
        this.dnsName = this.loadBalancer.loadBalancer.apply((lb) => lb.dnsName);
        const scheme = api.allowPlainHttp ? "http" : "https";
        this.url = pulumi.interpolate`${scheme}://${this.dnsName}`;
        this.registerOutputs({ url: this.url });
    }
}
