/**
 * The control plane of one environment: network, image, load balancer, queue, operations table,
 * state backend, IAM roles, the API and worker services and the workers' scaling, wired by the
 * container contract (docs/control-plane.md).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../../components/policies/document";
import { platformTags } from "../../components/shared/tags";
import { PLATFORM_TIER_TAG } from "../../tiers/tier";
import { apiPolicy } from "./apiPolicy";
import { executionPolicy } from "./executionPolicy";
import { ControlPlaneImage } from "./image";
import { ApiLoadBalancer } from "./loadBalancer";
import { MachineAuth } from "./machineAuth";
import { ControlPlaneNetwork } from "./network";
import { OperationsQueue } from "./operationsQueue";
import { operationsTable } from "./operationsTable";
import { type ContainerVariable, ControlPlaneServices, serviceLogGroupName } from "./services";
import type { ControlPlaneSettings } from "./settings";
import { StateBackend } from "./stateBackend";
import { TaskRole } from "./taskRoles";
import { WorkerScaling } from "./workerScaling";
import { workerPolicy } from "./workerPolicy";

export interface ControlPlaneArgs {
    readonly settings: ControlPlaneSettings;
    /** The deploying identity's account and partition (`aws.getCallerIdentity`). */
    readonly accountId: pulumi.Input<string>;
    readonly partition: pulumi.Input<string>;
}

export class ControlPlane extends pulumi.ComponentResource {
    readonly network: ControlPlaneNetwork;
    readonly image: ControlPlaneImage;
    readonly loadBalancer: ApiLoadBalancer;
    readonly queue: OperationsQueue;
    readonly operations: aws.dynamodb.Table;
    readonly state: StateBackend;
    readonly executionRole: TaskRole;
    readonly apiRole: TaskRole;
    readonly workerRole: TaskRole;
    readonly services: ControlPlaneServices;
    readonly workerScaling: WorkerScaling;
    /** The API's callers, when the stack creates them (`auth.kind` "managed"). */
    readonly machineAuth: MachineAuth | undefined;
    readonly environment: string;

    constructor(name: string, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:ControlPlane", name, {}, opts);
        const { settings, accountId, partition } = args;
        const { environment, region } = settings;
        this.environment = environment;
        const tags = platformTags(environment, PLATFORM_TIER_TAG);
        const parent = { parent: this };

        this.network = new ControlPlaneNetwork(`${name}-network`, { settings, tags }, parent);
        this.image = new ControlPlaneImage(`${name}-image`, { environment, tags }, parent);
        this.loadBalancer = new ApiLoadBalancer(
            `${name}-load-balancer`,
            {
                settings,
                vpcId: this.network.vpcId,
                subnetIds: this.network.loadBalancerSubnetIds,
                securityGroupId: this.network.loadBalancerSecurityGroup.id,
                tags,
            },
            parent,
        );
        this.queue = new OperationsQueue(`${name}-operations`, { environment, tags }, parent);
        this.operations = operationsTable(`${name}-operations-table`, environment, tags, parent);
        this.state = new StateBackend(`${name}-state`, { settings, accountId, tags }, parent);

        const arns = pulumi
            .all([
                partition,
                accountId,
                this.queue.queue.arn,
                this.operations.arn,
                this.state.bucketArn,
                this.state.keyArn,
                this.image.repositoryArn,
            ])
            .apply(
                ([
                    p,
                    account,
                    queueArn,
                    operationsTableArn,
                    stateBucketArn,
                    secretsKeyArn,
                    repositoryArn,
                ]) => ({
                    partition: p,
                    account,
                    queueArn,
                    operationsTableArn,
                    stateBucketArn,
                    secretsKeyArn,
                    repositoryArn,
                }),
            );
        const role = (roleName: string, description: string, policy: pulumi.Output<PolicyDocument>) =>
            new TaskRole(
                `${name}-${roleName}`,
                { description, partition, account: accountId, region, policy, tags },
                parent,
            );
        this.executionRole = role(
            "execution",
            `tenant-tiers ${environment} control plane: ECS pulls the image, writes logs, reads the Pulumi token`,
            arns.apply((a) =>
                executionPolicy({
                    repositoryArn: a.repositoryArn,
                    logGroupArns: (["api", "workers"] as const).map(
                        (service) =>
                            `arn:${a.partition}:logs:${region}:${a.account}:log-group:${serviceLogGroupName(environment, service)}`,
                    ),
                    accessTokenSecretArn:
                        settings.stateBackend.kind === "pulumi-cloud"
                            ? settings.stateBackend.accessTokenSecretArn
                            : undefined,
                }),
            ),
        );
        this.apiRole = role(
            "api",
            `tenant-tiers ${environment} control-plane API: enqueues operations, records them, reads tenant stacks' state`,
            arns.apply((a) => apiPolicy(a)),
        );
        this.workerRole = role(
            "worker",
            `tenant-tiers ${environment} control-plane workers: deploy tenant stacks of ${environment}`,
            arns.apply((a) => workerPolicy({ ...a, region, environment })),
        );

        const auth = settings.api.auth;
        let userPoolId: pulumi.Output<string>;
        let clientIds: pulumi.Output<string[]>;
        if (auth.kind === "managed") {
            this.machineAuth = new MachineAuth(
                `${name}-machine-auth`,
                { environment, region, domainPrefix: auth.domainPrefix, clients: auth.clients, tags },
                parent,
            );
            userPoolId = this.machineAuth.userPoolId;
            clientIds = this.machineAuth.clientIds.apply((ids) => Object.values(ids));
        } else {
            this.machineAuth = undefined;
            userPoolId = pulumi.output(auth.userPoolId);
            clientIds = pulumi.output([...auth.clientIds]);
        }
        const variables = pulumi
            .all([this.queue.queue.url, this.operations.name, this.state.environment, userPoolId, clientIds])
            .apply(([queueUrl, tableName, backend, poolId, ids]): ContainerVariable[] => [
                { name: "AWS_REGION", value: region },
                { name: "COGNITO_CLIENT_IDS", value: ids.join(",") },
                { name: "COGNITO_USER_POOL_ID", value: poolId },
                { name: "OPERATIONS_QUEUE_URL", value: queueUrl },
                { name: "OPERATIONS_TABLE", value: tableName },
                { name: "TENANT_TIERS_ENVIRONMENT", value: environment },
                { name: "TENANT_TIERS_ORGANIZATION", value: settings.organization },
                ...backend,
            ]);
        this.services = new ControlPlaneServices(
            `${name}-services`,
            {
                environment,
                region,
                imageUri: this.image.imageUri,
                variables,
                secrets: this.state.secrets,
                privateSubnetIds: this.network.privateSubnetIds,
                apiSecurityGroupId: this.network.apiSecurityGroup.id,
                workerSecurityGroupId: this.network.workerSecurityGroup.id,
                targetGroupArn: this.loadBalancer.targetGroupArn,
                executionRoleArn: this.executionRole.arn,
                apiRoleArn: this.apiRole.arn,
                workerRoleArn: this.workerRole.arn,
                apiTaskCount: settings.api.taskCount,
                workerMinTasks: settings.workers.minTasks,
                logRetentionDays: settings.logRetentionDays,
                tags,
            },
            parent,
        );
        this.workerScaling = new WorkerScaling(
            `${name}-worker-scaling`,
            {
                clusterName: this.services.cluster.name,
                serviceName: this.services.workerServiceName,
                queueName: this.queue.queue.name,
                minTasks: settings.workers.minTasks,
                maxTasks: settings.workers.maxTasks,
                operationsPerTask: settings.workers.operationsPerTask,
                tags,
            },
            { parent: this, dependsOn: [this.services.worker] },
        );
        this.registerOutputs({});
    }

    /** The stack outputs: where the API answers, and what operators and the other stacks need. */
    outputs() {
        return {
            environment: this.environment,
            apiUrl: this.loadBalancer.url,
            imageUri: this.image.imageUri,
            clusterName: this.services.cluster.name,
            operationsQueueUrl: this.queue.queue.url,
            operationsDeadLetterQueueUrl: this.queue.deadLetterQueue.url,
            operationsTableName: this.operations.name,
            stateBucketName: this.state.bucket?.bucket,
            secretsKeyAlias: this.state.keyAlias?.name,
            vpcId: this.network.vpcId,
            ...(this.machineAuth === undefined
                ? {}
                : {
                      machineUserPoolId: this.machineAuth.userPoolId,
                      machineClientIds: this.machineAuth.clientIds,
                      tokenUrl: this.machineAuth.tokenUrl,
                  }),
        };
    }
}
