/**
 * The control plane's network: an `awsx.ec2.Vpc` whose tasks run in private subnets, VPC endpoints
 * for every regional service the API and the workers call, security groups that let only the load
 * balancer reach the API and nothing reach the workers, and a NAT gateway only when config says
 * something the workers call has no endpoint (Pulumi Cloud; IAM and Organizations, which premium
 * signups and silo tenants call, are global services without one).
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";
import type { ControlPlaneSettings } from "./settings";

/** The API container's port (the container contract's `PORT`). */
export const API_PORT = 8080;

/**
 * Interface endpoints (`com.amazonaws.<region>.<service>`): the queue, logs and image pulls of the
 * tasks, STS of the AWS SDK, KMS of the state's secrets, and the services tenant stacks deploy to.
 */
export const INTERFACE_ENDPOINT_SERVICES = [
    "apigateway",
    "cognito-idp",
    "ecr.api",
    "ecr.dkr",
    "kms",
    "lambda",
    "logs",
    "monitoring",
    "sqs",
    "sts",
] as const;

/** Gateway endpoints (free, routed through the private route tables). */
export const GATEWAY_ENDPOINT_SERVICES = ["dynamodb", "s3"] as const;

export interface NetworkArgs {
    readonly settings: ControlPlaneSettings;
    readonly tags: TenantTags;
}

export class ControlPlaneNetwork extends pulumi.ComponentResource {
    readonly vpc: awsx.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Subnets of the load balancer: private when it is internal, public otherwise. */
    readonly loadBalancerSubnetIds: pulumi.Output<string[]>;
    readonly loadBalancerSecurityGroup: aws.ec2.SecurityGroup;
    readonly apiSecurityGroup: aws.ec2.SecurityGroup;
    readonly workerSecurityGroup: aws.ec2.SecurityGroup;
    readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    readonly endpoints: aws.ec2.VpcEndpoint[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:Network", name, {}, opts);
        const { settings, tags } = args;
        const { network, api } = settings;
        const needsPublicSubnets = network.natGateway === "single" || !api.internal;

        this.vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: network.cidrBlock,
                numberOfAvailabilityZones: network.availabilityZones,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                natGateways: { strategy: network.natGateway === "single" ? "Single" : "None" },
                subnetStrategy: "Auto",
                subnetSpecs: needsPublicSubnets
                    ? [{ type: "Private" }, { type: "Public" }]
                    : [{ type: "Private" }],
                tags: { ...tags },
            },
            { parent: this },
        );
        this.vpcId = this.vpc.vpcId;
        this.privateSubnetIds = this.vpc.privateSubnetIds;
        this.loadBalancerSubnetIds = api.internal ? this.vpc.privateSubnetIds : this.vpc.publicSubnetIds;

        const anywhere = ["0.0.0.0/0"];
        const httpsOut = [
            {
                description: "HTTPS to endpoints (and the NAT gateway)",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: anywhere,
            },
        ];
        const listenerPort = api.allowPlainHttp ? 80 : 443;
        this.loadBalancerSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-load-balancer`,
            {
                vpcId: this.vpcId,
                description: `tenant-tiers ${settings.environment} control-plane load balancer`,
                ingress: [
                    {
                        description:
                            api.callerCidrs !== undefined
                                ? "the configured callers"
                                : api.internal
                                  ? "callers inside the VPC"
                                  : "callers on the internet",
                        protocol: "tcp",
                        fromPort: listenerPort,
                        toPort: listenerPort,
                        cidrBlocks: [...(api.callerCidrs ?? (api.internal ? [network.cidrBlock] : anywhere))],
                    },
                ],
                egress: [
                    {
                        description: "the API tasks",
                        protocol: "tcp",
                        fromPort: API_PORT,
                        toPort: API_PORT,
                        cidrBlocks: [network.cidrBlock],
                    },
                ],
                tags: { ...tags },
            },
            { parent: this },
        );
        this.apiSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-api`,
            {
                vpcId: this.vpcId,
                description: `tenant-tiers ${settings.environment} control-plane API tasks`,
                ingress: [
                    {
                        description: "the load balancer only",
                        protocol: "tcp",
                        fromPort: API_PORT,
                        toPort: API_PORT,
                        securityGroups: [this.loadBalancerSecurityGroup.id],
                    },
                ],
                egress: httpsOut,
                tags: { ...tags },
            },
            { parent: this },
        );
        this.workerSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-worker`,
            {
                vpcId: this.vpcId,
                description: `tenant-tiers ${settings.environment} control-plane workers (no ingress)`,
                ingress: [],
                egress: httpsOut,
                tags: { ...tags },
            },
            { parent: this },
        );
        this.endpointSecurityGroup = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                vpcId: this.vpcId,
                description: `tenant-tiers ${settings.environment} control-plane VPC endpoints`,
                ingress: [
                    {
                        description: "HTTPS from the control plane's tasks",
                        protocol: "tcp",
                        fromPort: 443,
                        toPort: 443,
                        securityGroups: [this.apiSecurityGroup.id, this.workerSecurityGroup.id],
                    },
                ],
                egress: [],
                tags: { ...tags },
            },
            { parent: this },
        );

        const privateRouteTableIds = aws.ec2
            .getRouteTablesOutput(
                {
                    vpcId: this.vpcId,
                    filters: [{ name: "association.subnet-id", values: this.privateSubnetIds }],
                },
                { parent: this },
            )
            .apply((r) => r.ids);
        const serviceName = (service: string) => `com.amazonaws.${settings.region}.${service}`;
        const interfaceServices: string[] = [...INTERFACE_ENDPOINT_SERVICES];
        if (settings.stateBackend.kind === "pulumi-cloud") interfaceServices.push("secretsmanager");
        const endpoint = (
            service: string,
            settingsOfType: Pick<
                aws.ec2.VpcEndpointArgs,
                "vpcEndpointType" | "privateDnsEnabled" | "subnetIds" | "securityGroupIds" | "routeTableIds"
            >,
        ) =>
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}`,
                {
                    vpcId: this.vpcId,
                    serviceName: serviceName(service),
                    ...settingsOfType,
                    tags: { ...tags, Name: `tenant-tiers-${settings.environment}-control-plane-${service}` },
                },
                { parent: this },
            );
        this.endpoints = [
            ...interfaceServices.map((service) =>
                endpoint(service, {
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.privateSubnetIds,
                    securityGroupIds: [this.endpointSecurityGroup.id],
                }),
            ),
            ...GATEWAY_ENDPOINT_SERVICES.map((service) =>
                endpoint(service, { vpcEndpointType: "Gateway", routeTableIds: privateRouteTableIds }),
            ),
        ];

        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
    }
}
