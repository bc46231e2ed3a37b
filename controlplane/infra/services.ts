/**
 * The API and the workers as `awsx.ecs.FargateService`s of one cluster (Container Insights on, for
 * the workers' scaling metric), both running the control plane's image with the container
 * contract of docs/control-plane.md: the same environment, a different command, private subnets,
 * no public IP, logs to a log group of their own.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";
import { API_PORT } from "./network";

/** The container contract's commands (the image's `dist/` is compiled by the Dockerfile). */
export const API_COMMAND = ["node", "dist/controlplane/api/server.js"];
export const WORKER_COMMAND = ["node", "dist/controlplane/worker/main.js"];
/** Workers get the most time Fargate allows to finish a step after SIGTERM (scale-in, deployments). */
export const WORKER_STOP_TIMEOUT_SECONDS = 120;

/**
 * Keeps `pulumi up` from resetting the workers' task count: Application Auto Scaling owns it after
 * the first deployment. A transform, because the ECS service is a child awsx creates inside its
 * component (transforms reach the children of remote components; `ignoreChanges` on the component
 * would not).
 */
export const scaledDesiredCount: pulumi.ResourceTransform = ({ type, props, opts }) =>
    type === "aws:ecs/service:Service"
        ? { props, opts: pulumi.mergeOptions(opts, { ignoreChanges: ["desiredCount"] }) }
        : undefined;

/** Log group of a service's tasks (also named in the execution role's policy). */
export function serviceLogGroupName(environment: string, service: "api" | "workers"): string {
    return `/tenant-tiers/${environment}/control-plane/${service}`;
}

export type ContainerVariable = { name: string; value: string };
export type ContainerSecret = { name: string; valueFrom: string };

export interface ControlPlaneServicesArgs {
    readonly environment: string;
    readonly region: string;
    readonly imageUri: pulumi.Input<string>;
    /** The variables both services read (the container contract). */
    readonly variables: pulumi.Input<ContainerVariable[]>;
    readonly secrets: ContainerSecret[];
    readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly apiSecurityGroupId: pulumi.Input<string>;
    readonly workerSecurityGroupId: pulumi.Input<string>;
    readonly targetGroupArn: pulumi.Input<string>;
    readonly executionRoleArn: pulumi.Input<string>;
    readonly apiRoleArn: pulumi.Input<string>;
    readonly workerRoleArn: pulumi.Input<string>;
    readonly apiTaskCount: number;
    readonly workerMinTasks: number;
    readonly logRetentionDays: number;
    readonly tags: TenantTags;
}

export class ControlPlaneServices extends pulumi.ComponentResource {
    readonly cluster: aws.ecs.Cluster;
    readonly apiLogGroup: aws.cloudwatch.LogGroup;
    readonly workerLogGroup: aws.cloudwatch.LogGroup;
    readonly api: awsx.ecs.FargateService;
    readonly worker: awsx.ecs.FargateService;
    readonly clusterName: string;
    readonly apiServiceName: string;
    readonly workerServiceName: string;

    constructor(name: string, args: ControlPlaneServicesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:Services", name, {}, opts);
        const prefix = `tenant-tiers-${args.environment}-control-plane`;
        this.clusterName = prefix;
        this.apiServiceName = `${prefix}-api`;
        this.workerServiceName = `${prefix}-workers`;
        const parent = { parent: this };

        this.cluster = new aws.ecs.Cluster(
            `${name}-cluster`,
            {
                name: this.clusterName,
                settings: [{ name: "containerInsights", value: "enabled" }],
                tags: { ...args.tags },
            },
            parent,
        );
        const logGroup = (service: "api" | "workers") =>
            new aws.cloudwatch.LogGroup(
                `${name}-${service}-logs`,
                {
                    name: serviceLogGroupName(args.environment, service),
                    retentionInDays: args.logRetentionDays,
                    tags: { ...args.tags },
                },
                parent,
            );
        this.apiLogGroup = logGroup("api");
        this.workerLogGroup = logGroup("workers");

        const container = (
            containerName: string,
            command: string[],
            group: aws.cloudwatch.LogGroup,
            extra: ContainerVariable[],
        ) => ({
            name: containerName,
            image: args.imageUri,
            essential: true,
            command,
            environment: pulumi
                .output(args.variables)
                .apply((vars) => [...vars, ...extra].sort((a, b) => a.name.localeCompare(b.name))),
            secrets: args.secrets,
            logConfiguration: {
                logDriver: "awslogs",
                options: {
                    "awslogs-group": group.name,
                    "awslogs-region": args.region,
                    "awslogs-stream-prefix": containerName,
                },
            },
        });
        const common = {
            cluster: this.cluster.arn,
            assignPublicIp: false,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            tags: { ...args.tags },
        };
        const task = (family: string, cpu: string, memory: string, taskRoleArn: pulumi.Input<string>) => ({
            family,
            cpu,
            memory,
            runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
            executionRole: { roleArn: args.executionRoleArn },
            taskRole: { roleArn: taskRoleArn },
            logGroup: { skip: true },
            tags: { ...args.tags },
        });

        this.api = new awsx.ecs.FargateService(
            `${name}-api`,
            {
                ...common,
                name: this.apiServiceName,
                desiredCount: args.apiTaskCount,
                healthCheckGracePeriodSeconds: 60,
                networkConfiguration: {
                    subnets: args.privateSubnetIds,
                    securityGroups: [args.apiSecurityGroupId],
                    assignPublicIp: false,
                },
                loadBalancers: [
                    { targetGroupArn: args.targetGroupArn, containerName: "api", containerPort: API_PORT },
                ],
                taskDefinitionArgs: {
                    ...task(this.apiServiceName, "512", "1024", args.apiRoleArn),
                    container: {
                        ...container("api", API_COMMAND, this.apiLogGroup, [
                            { name: "PORT", value: String(API_PORT) },
                        ]),
                        portMappings: [{ containerPort: API_PORT, protocol: "tcp" }],
                    },
                },
            },
            parent,
        );
        this.worker = new awsx.ecs.FargateService(
            `${name}-workers`,
            {
                ...common,
                name: this.workerServiceName,
                desiredCount: args.workerMinTasks,
                networkConfiguration: {
                    subnets: args.privateSubnetIds,
                    securityGroups: [args.workerSecurityGroupId],
                    assignPublicIp: false,
                },
                taskDefinitionArgs: {
                    // A worker runs the Pulumi CLI, the language host and the aws provider per operation.
                    ...task(this.workerServiceName, "1024", "3072", args.workerRoleArn),
                    container: {
                        ...container("worker", WORKER_COMMAND, this.workerLogGroup, []),
                        stopTimeout: WORKER_STOP_TIMEOUT_SECONDS,
                    },
                },
            },
            { parent: this, transforms: [scaledDesiredCount] },
        );
        this.registerOutputs({});
    }
}
