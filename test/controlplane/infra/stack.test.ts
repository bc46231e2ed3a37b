/**
 * The control-plane stack under mocks: every resource with its exact inputs, every awsx component's
 * inputs (they are remote components: the mocks answer their outputs, see plan/awsxState.ts), the
 * variants config selects, and the tags on everything.
 */
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedStack } from "../../../plan/mockRuntime";
import { PlannedResources } from "../../helpers/plannedStack";
import { isTaggable } from "../../helpers/taggable";
import { controlPlaneConfig, planControlPlane } from "./plannedControlPlane";

const NS = "tenant-tiers-control-plane";
const REPO_ROOT = path.resolve(__dirname, "../../..");
const TAGS = { Environment: "dev", TenantId: "platform", Tier: "platform" };
const PROD_TAGS = { ...TAGS, Environment: "prod" };
const VPC_ID = "vpc-51b677d9f560f827b";
const PRIVATE_SUBNETS = ["subnet-b8107eae22d36e358", "subnet-51d9f0a31c42ad4ed"];
const REPOSITORY_URL = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tenant-tiers-dev-control-plane";
const IMAGE_URI = `${REPOSITORY_URL}@sha256:d0a9422db3b572cd4ef7fb0fd0f7e367de54693a18a30f1be76b8a17ad18e4c5`;
const TARGET_GROUP_ARN =
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tenant-tiers-dev-api-tg/43100284c394e95a";
const STATE_BUCKET = "tenant-tiers-dev-control-plane-state-control-plane-state-bucket";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pulumi-token-AbCdEf";

const ENVIRONMENT = [
    { name: "AWS_REGION", value: "eu-west-1" },
    { name: "COGNITO_CLIENT_IDS", value: "1example2client3id4abcdefgh" },
    { name: "COGNITO_USER_POOL_ID", value: "eu-west-1_ExAmPlE12" },
    {
        name: "OPERATIONS_QUEUE_URL",
        value: "https://sqs.eu-west-1.amazonaws.com/123456789012/tenant-tiers-dev-operations.fifo",
    },
    { name: "OPERATIONS_TABLE", value: "tenant-tiers-dev-operations" },
    { name: "PULUMI_BACKEND_URL", value: `s3://${STATE_BUCKET}?region=eu-west-1` },
    {
        name: "PULUMI_SECRETS_PROVIDER",
        value: "awskms://alias/tenant-tiers-dev-control-plane-state?region=eu-west-1",
    },
    { name: "TENANT_TIERS_ENVIRONMENT", value: "dev" },
    { name: "TENANT_TIERS_ORGANIZATION", value: "organization" },
];

let dev: PlannedResources;
let prod: PlannedResources;
let devStack: PlannedStack;

beforeAll(async () => {
    devStack = await planControlPlane("dev");
    dev = new PlannedResources(devStack);
    prod = new PlannedResources(await planControlPlane("prod"));
});

describe("control-plane stack (dev) under mocks", () => {
    it("creates exactly these resources", () => {
        expect(dev.countByType()).toEqual({
            "tenanttiers:controlplane:ControlPlane": 1,
            "tenanttiers:controlplane:Network": 1,
            "tenanttiers:controlplane:Image": 1,
            "tenanttiers:controlplane:ApiLoadBalancer": 1,
            "tenanttiers:controlplane:OperationsQueue": 1,
            "tenanttiers:controlplane:StateBackend": 1,
            "tenanttiers:controlplane:TaskRole": 3,
            "tenanttiers:controlplane:Services": 1,
            "tenanttiers:controlplane:WorkerScaling": 1,
            "awsx:ec2:Vpc": 1,
            "awsx:ecr:Repository": 1,
            "awsx:ecr:Image": 1,
            "awsx:lb:ApplicationLoadBalancer": 1,
            "awsx:ecs:FargateService": 2,
            "aws:ec2/securityGroup:SecurityGroup": 4,
            "aws:ec2/vpcEndpoint:VpcEndpoint": 12,
            "aws:ecs/cluster:Cluster": 1,
            "aws:cloudwatch/logGroup:LogGroup": 2,
            "aws:sqs/queue:Queue": 2,
            "aws:sqs/queuePolicy:QueuePolicy": 2,
            "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": 1,
            "aws:dynamodb/table:Table": 1,
            "aws:kms/key:Key": 1,
            "aws:kms/alias:Alias": 1,
            "aws:s3/bucket:Bucket": 1,
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
            "aws:s3/bucketVersioning:BucketVersioning": 1,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
            "aws:s3/bucketPolicy:BucketPolicy": 1,
            "aws:iam/role:Role": 3,
            "aws:iam/rolePolicy:RolePolicy": 3,
            "aws:appautoscaling/target:Target": 1,
            "aws:appautoscaling/policy:Policy": 2,
            "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
        });
    });

    it("awsx.ec2.Vpc: private subnets in 2 zones, public ones for the single NAT gateway", () => {
        expect(dev.named("control-plane-network-vpc").inputs).toEqual({
            cidrBlock: "10.20.0.0/16",
            numberOfAvailabilityZones: 2,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            natGateways: { strategy: "Single" },
            subnetStrategy: "Auto",
            subnetSpecs: [{ type: "Private" }, { type: "Public" }],
            tags: TAGS,
        });
    });

    it("VPC endpoints: ten interface endpoints in the private subnets, gateways on their route tables", () => {
        const endpoints = dev.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
        const interfaces = endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface");
        expect(interfaces.map((e) => e.inputs.serviceName)).toEqual(
            [
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
            ].map((s) => `com.amazonaws.eu-west-1.${s}`),
        );
        for (const endpoint of interfaces) {
            const service = String(endpoint.inputs.serviceName).split(".").slice(3).join(".");
            expect(endpoint.inputs).toEqual({
                vpcId: VPC_ID,
                serviceName: `com.amazonaws.eu-west-1.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: PRIVATE_SUBNETS,
                securityGroupIds: ["control-plane-network-endpoints-id"],
                tags: { ...TAGS, Name: `tenant-tiers-dev-control-plane-${service}` },
            });
        }
        expect(endpoints.filter((e) => e.inputs.vpcEndpointType === "Gateway").map((e) => e.inputs)).toEqual(
            ["dynamodb", "s3"].map((service) => ({
                vpcId: VPC_ID,
                serviceName: `com.amazonaws.eu-west-1.${service}`,
                vpcEndpointType: "Gateway",
                // The mocks answer getRouteTables with the route table of each private subnet.
                routeTableIds: PRIVATE_SUBNETS.map((s) => s.replace("subnet-", "rtb-")),
                tags: { ...TAGS, Name: `tenant-tiers-dev-control-plane-${service}` },
            })),
        );
    });

    it("security groups: only the load balancer reaches the API, nothing reaches the workers", () => {
        const https = { protocol: "tcp", fromPort: 443, toPort: 443 };
        expect(dev.named("control-plane-network-load-balancer").inputs).toEqual({
            vpcId: VPC_ID,
            description: "tenant-tiers dev control-plane load balancer",
            ingress: [
                {
                    description: "callers inside the VPC",
                    protocol: "tcp",
                    fromPort: 80,
                    toPort: 80,
                    cidrBlocks: ["10.20.0.0/16"],
                },
            ],
            egress: [
                {
                    description: "the API tasks",
                    protocol: "tcp",
                    fromPort: 8080,
                    toPort: 8080,
                    cidrBlocks: ["10.20.0.0/16"],
                },
            ],
            tags: TAGS,
        });
        expect(dev.named("control-plane-network-api").inputs.ingress).toEqual([
            {
                description: "the load balancer only",
                protocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
                securityGroups: ["control-plane-network-load-balancer-id"],
            },
        ]);
        expect(dev.named("control-plane-network-worker").inputs).toEqual({
            vpcId: VPC_ID,
            description: "tenant-tiers dev control-plane workers (no ingress)",
            ingress: [],
            egress: [
                {
                    description: "HTTPS to endpoints (and the NAT gateway)",
                    cidrBlocks: ["0.0.0.0/0"],
                    ...https,
                },
            ],
            tags: TAGS,
        });
        expect(dev.named("control-plane-network-endpoints").inputs.ingress).toEqual([
            {
                description: "HTTPS from the control plane's tasks",
                securityGroups: ["control-plane-network-api-id", "control-plane-network-worker-id"],
                ...https,
            },
        ]);
        expect(dev.named("control-plane-network-endpoints").inputs.egress).toEqual([]);
    });

    it("awsx.ecr.Repository and awsx.ecr.Image: built from controlplane/Dockerfile at the repository root", () => {
        expect(dev.named("control-plane-image-repository").inputs).toEqual({
            name: "tenant-tiers-dev-control-plane",
            imageTagMutability: "MUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            forceDelete: false,
            lifecyclePolicy: {
                rules: [
                    { description: "keep the last 20 images", tagStatus: "any", maximumNumberOfImages: 20 },
                ],
            },
            tags: TAGS,
        });
        expect(dev.named("control-plane-image-image").inputs).toEqual({
            repositoryUrl: REPOSITORY_URL,
            context: REPO_ROOT,
            dockerfile: path.join(REPO_ROOT, "controlplane", "Dockerfile"),
            platform: "linux/amd64",
        });
    });

    it("awsx.lb.ApplicationLoadBalancer: internal, plain HTTP only because dev sets the development flag", () => {
        expect(dev.named("control-plane-load-balancer-alb").inputs).toEqual({
            name: "tenant-tiers-dev-api",
            internal: true,
            subnetIds: PRIVATE_SUBNETS,
            securityGroups: ["control-plane-network-load-balancer-id"],
            defaultSecurityGroup: { skip: true },
            dropInvalidHeaderFields: true,
            enableDeletionProtection: true,
            idleTimeout: 60,
            listener: { port: 80, protocol: "HTTP" },
            defaultTargetGroup: {
                name: "tenant-tiers-dev-api-tg",
                port: 8080,
                protocol: "HTTP",
                targetType: "ip",
                vpcId: VPC_ID,
                deregistrationDelay: 30,
                healthCheck: {
                    path: "/health",
                    matcher: "200",
                    interval: 15,
                    healthyThreshold: 2,
                    unhealthyThreshold: 3,
                },
                tags: TAGS,
            },
            tags: TAGS,
        });
    });

    it("awsx.ecs.FargateService api: two tasks behind the target group, the contract's command and environment", () => {
        const api = dev.named("control-plane-services-api").inputs;
        expect(api).toEqual({
            name: "tenant-tiers-dev-control-plane-api",
            cluster: "arn:aws:ecs:eu-west-1:123456789012:tenant-tiers-dev-control-plane",
            desiredCount: 2,
            assignPublicIp: false,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            healthCheckGracePeriodSeconds: 60,
            networkConfiguration: {
                subnets: PRIVATE_SUBNETS,
                securityGroups: ["control-plane-network-api-id"],
                assignPublicIp: false,
            },
            loadBalancers: [{ targetGroupArn: TARGET_GROUP_ARN, containerName: "api", containerPort: 8080 }],
            taskDefinitionArgs: {
                family: "tenant-tiers-dev-control-plane-api",
                cpu: "512",
                memory: "1024",
                runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
                executionRole: { roleArn: "arn:aws:iam::123456789012:role/control-plane-execution-role" },
                taskRole: { roleArn: "arn:aws:iam::123456789012:role/control-plane-api-role" },
                logGroup: { skip: true },
                tags: TAGS,
                container: {
                    name: "api",
                    image: IMAGE_URI,
                    essential: true,
                    command: ["node", "dist/controlplane/api/server.js"],
                    environment: [
                        ...ENVIRONMENT.slice(0, 5),
                        { name: "PORT", value: "8080" },
                        ...ENVIRONMENT.slice(5),
                    ],
                    secrets: [],
                    portMappings: [{ containerPort: 8080, protocol: "tcp" }],
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: {
                            "awslogs-group": "/tenant-tiers/dev/control-plane/api",
                            "awslogs-region": "eu-west-1",
                            "awslogs-stream-prefix": "api",
                        },
                    },
                },
            },
            tags: TAGS,
        });
    });

    it("awsx.ecs.FargateService workers: no load balancer, no port, from 0 tasks, two minutes to stop", () => {
        const workers = dev.named("control-plane-services-workers").inputs;
        expect(workers.desiredCount).toBe(0);
        expect(workers.loadBalancers).toBeUndefined();
        expect(workers.networkConfiguration).toEqual({
            subnets: PRIVATE_SUBNETS,
            securityGroups: ["control-plane-network-worker-id"],
            assignPublicIp: false,
        });
        expect(workers.taskDefinitionArgs).toEqual({
            family: "tenant-tiers-dev-control-plane-workers",
            cpu: "1024",
            memory: "3072",
            runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
            executionRole: { roleArn: "arn:aws:iam::123456789012:role/control-plane-execution-role" },
            taskRole: { roleArn: "arn:aws:iam::123456789012:role/control-plane-worker-role" },
            logGroup: { skip: true },
            tags: TAGS,
            container: {
                name: "worker",
                image: IMAGE_URI,
                essential: true,
                command: ["node", "dist/controlplane/worker/main.js"],
                environment: ENVIRONMENT,
                secrets: [],
                stopTimeout: 120,
                logConfiguration: {
                    logDriver: "awslogs",
                    options: {
                        "awslogs-group": "/tenant-tiers/dev/control-plane/workers",
                        "awslogs-region": "eu-west-1",
                        "awslogs-stream-prefix": "worker",
                    },
                },
            },
        });
        expect(dev.named("control-plane-services-cluster").inputs).toEqual({
            name: "tenant-tiers-dev-control-plane",
            settings: [{ name: "containerInsights", value: "enabled" }],
            tags: TAGS,
        });
        expect(dev.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs)).toEqual(
            ["api", "workers"].map((s) => ({
                name: `/tenant-tiers/dev/control-plane/${s}`,
                retentionInDays: 30,
                tags: TAGS,
            })),
        );
    });

    it("the operations queue is FIFO with high-throughput groups, a FIFO DLQ after 5 receives, TLS only", () => {
        expect(dev.named("control-plane-operations-queue").inputs).toEqual({
            name: "tenant-tiers-dev-operations.fifo",
            fifoQueue: true,
            contentBasedDeduplication: false,
            deduplicationScope: "messageGroup",
            fifoThroughputLimit: "perMessageGroupId",
            visibilityTimeoutSeconds: 300,
            messageRetentionSeconds: 345600,
            receiveWaitTimeSeconds: 20,
            sqsManagedSseEnabled: true,
            redrivePolicy: JSON.stringify({
                deadLetterTargetArn:
                    "arn:aws:sqs:eu-west-1:123456789012:tenant-tiers-dev-operations-dlq.fifo",
                maxReceiveCount: 5,
            }),
            tags: TAGS,
        });
        expect(dev.named("control-plane-operations-dlq").inputs).toEqual({
            name: "tenant-tiers-dev-operations-dlq.fifo",
            fifoQueue: true,
            messageRetentionSeconds: 1209600,
            sqsManagedSseEnabled: true,
            tags: TAGS,
        });
        expect(
            JSON.parse(
                String(dev.named("control-plane-operations-dlq-redrive-allow").inputs.redriveAllowPolicy),
            ),
        ).toEqual({
            redrivePermission: "byQueue",
            sourceQueueArns: ["arn:aws:sqs:eu-west-1:123456789012:tenant-tiers-dev-operations.fifo"],
        });
        expect(dev.json("control-plane-operations-queue-policy", "policy")).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "sqs:*",
                    Resource: "arn:aws:sqs:eu-west-1:123456789012:tenant-tiers-dev-operations.fifo",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
    });

    it("the operations table: pk operationId, PITR, deletion protection, protected and retained", () => {
        const table = dev.named("control-plane-operations-table");
        expect(table.inputs).toEqual({
            name: "tenant-tiers-dev-operations",
            billingMode: "PAY_PER_REQUEST",
            hashKey: "operationId",
            attributes: [
                { name: "operationId", type: "S" },
                { name: "tenantId", type: "S" },
                { name: "createdAt", type: "S" },
            ],
            globalSecondaryIndexes: [
                { name: "byTenant", hashKey: "tenantId", rangeKey: "createdAt", projectionType: "ALL" },
            ],
            ttl: { attributeName: "expiresAt", enabled: true },
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
            serverSideEncryption: { enabled: true },
            tags: TAGS,
        });
        expect([table.protect, table.retainOnDelete]).toEqual([true, true]);
    });

    it("the state backend: versioned, KMS-encrypted, public access blocked, TLS only, protected and retained", () => {
        const bucket = dev.named("control-plane-state-bucket");
        expect(bucket.inputs).toEqual({
            bucketPrefix: "tenant-tiers-dev-control-plane-state-",
            forceDestroy: false,
            tags: TAGS,
        });
        const key = dev.named("control-plane-state-secrets-key");
        expect(key.inputs.enableKeyRotation).toBe(true);
        expect(key.inputs.deletionWindowInDays).toBe(30);
        const kept = dev.stack.resources.filter((r) => r.protect && r.retainOnDelete).map((r) => r.name);
        expect(kept.sort()).toEqual(
            [
                "control-plane-operations-table",
                "control-plane-state-bucket",
                "control-plane-state-bucket-encryption",
                "control-plane-state-bucket-ownership",
                "control-plane-state-bucket-public-access",
                "control-plane-state-bucket-versioning",
                "control-plane-state-secrets-key",
            ].sort(),
        );
        expect(dev.named("control-plane-state-bucket-public-access").inputs).toEqual({
            bucket: "control-plane-state-bucket-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(dev.named("control-plane-state-bucket-versioning").inputs.versioningConfiguration).toEqual({
            status: "Enabled",
        });
        expect(dev.named("control-plane-state-bucket-encryption").inputs.rules).toEqual([
            {
                applyServerSideEncryptionByDefault: {
                    sseAlgorithm: "aws:kms",
                    kmsMasterKeyId:
                        "arn:aws:kms:eu-west-1:123456789012:key/control-plane-state-secrets-key-key-id",
                },
                bucketKeyEnabled: true,
            },
        ]);
        expect(dev.json("control-plane-state-bucket-policy", "policy")).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TlsOnly",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${STATE_BUCKET}`, `arn:aws:s3:::${STATE_BUCKET}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
        expect(dev.named("control-plane-state-secrets-key-alias").inputs).toEqual({
            name: "alias/tenant-tiers-dev-control-plane-state",
            targetKeyId: "control-plane-state-secrets-key-key-id",
        });
    });

    it("workers scale on queue depth per task from 0 to the configured maximum, woken from zero by an alarm", () => {
        const resourceId = "service/tenant-tiers-dev-control-plane/tenant-tiers-dev-control-plane-workers";
        expect(dev.named("control-plane-worker-scaling-target").inputs).toEqual({
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId,
            minCapacity: 0,
            maxCapacity: 4,
            tags: TAGS,
        });
        const sqs = (id: string, metricName: string) => ({
            id,
            metricStat: {
                metric: {
                    namespace: "AWS/SQS",
                    metricName,
                    dimensions: [{ name: "QueueName", value: "tenant-tiers-dev-operations.fifo" }],
                },
                stat: "Sum",
            },
            returnData: false,
        });
        expect(dev.named("control-plane-worker-scaling-backlog-per-task").inputs).toEqual({
            policyType: "TargetTrackingScaling",
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId,
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 1,
                scaleOutCooldown: 60,
                scaleInCooldown: 300,
                customizedMetricSpecification: {
                    metrics: [
                        sqs("visible", "ApproximateNumberOfMessagesVisible"),
                        sqs("inflight", "ApproximateNumberOfMessagesNotVisible"),
                        {
                            id: "tasks",
                            metricStat: {
                                metric: {
                                    namespace: "ECS/ContainerInsights",
                                    metricName: "RunningTaskCount",
                                    dimensions: [
                                        { name: "ClusterName", value: "tenant-tiers-dev-control-plane" },
                                        {
                                            name: "ServiceName",
                                            value: "tenant-tiers-dev-control-plane-workers",
                                        },
                                    ],
                                },
                                stat: "Average",
                            },
                            returnData: false,
                        },
                        {
                            id: "backlogPerTask",
                            expression: "IF(tasks > 0, (visible + inflight) / tasks, visible + inflight)",
                            label: "operations per worker task",
                            returnData: true,
                        },
                    ],
                },
            },
        });
        expect(dev.named("control-plane-worker-scaling-wake").inputs.stepScalingPolicyConfiguration).toEqual({
            adjustmentType: "ChangeInCapacity",
            cooldown: 60,
            metricAggregationType: "Maximum",
            stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
        });
        const alarm = dev.named("control-plane-worker-scaling-wake-alarm").inputs;
        expect(alarm.alarmActions).toEqual([
            // The wake policy's ARN as the mocks answer it.
            "arn:aws:appautoscaling:eu-west-1:123456789012:control-plane-worker-scaling-wake",
        ]);
        expect(alarm.metricQueries).toEqual([
            {
                id: "visible",
                metric: {
                    namespace: "AWS/SQS",
                    metricName: "ApproximateNumberOfMessagesVisible",
                    dimensions: { QueueName: "tenant-tiers-dev-operations.fifo" },
                    period: 60,
                    stat: "Sum",
                },
            },
            {
                id: "tasks",
                metric: {
                    namespace: "ECS/ContainerInsights",
                    metricName: "RunningTaskCount",
                    dimensions: {
                        ClusterName: "tenant-tiers-dev-control-plane",
                        ServiceName: "tenant-tiers-dev-control-plane-workers",
                    },
                    period: 60,
                    stat: "Average",
                },
            },
            { id: "waiting", expression: "IF(FILL(tasks, 0) == 0 AND visible > 0, 1, 0)", returnData: true },
        ]);
        expect([alarm.comparisonOperator, alarm.threshold, alarm.treatMissingData]).toEqual([
            "GreaterThanOrEqualToThreshold",
            1,
            "notBreaching",
        ]);
        // The target waits for the worker service: its resource id names a service that must exist.
        expect(dev.named("control-plane-worker-scaling").dependsOn).toEqual([
            "control-plane-services-workers",
        ]);
    });

    it("tags every taggable resource and every awsx component with TenantId=platform, Tier, Environment", () => {
        const untagged = dev.custom
            .filter((r) => r.type.startsWith("aws:") && isTaggable(r.type))
            .filter((r) => {
                const tags = r.inputs.tags as Record<string, string> | undefined;
                return (
                    tags?.TenantId !== "platform" || tags.Tier !== "platform" || tags.Environment !== "dev"
                );
            })
            .map((r) => r.name);
        expect(untagged).toEqual([]);
        const awsx = dev.stack.resources.filter(
            (r) => r.type.startsWith("awsx:") && r.type !== "awsx:ecr:Image",
        );
        expect(awsx.map((r) => [r.name, r.inputs.tags])).toEqual(awsx.map((r) => [r.name, TAGS]));
    });

    it("exports where the API answers and what operators need", () => {
        expect(devStack.outputs).toEqual({
            environment: "dev",
            apiUrl: "http://internal-tenant-tiers-dev-api-686a88b47f.eu-west-1.elb.amazonaws.com",
            imageUri: IMAGE_URI,
            clusterName: "tenant-tiers-dev-control-plane",
            operationsQueueUrl:
                "https://sqs.eu-west-1.amazonaws.com/123456789012/tenant-tiers-dev-operations.fifo",
            operationsDeadLetterQueueUrl:
                "https://sqs.eu-west-1.amazonaws.com/123456789012/tenant-tiers-dev-operations-dlq.fifo",
            operationsTableName: "tenant-tiers-dev-operations",
            stateBucketName: STATE_BUCKET,
            secretsKeyAlias: "alias/tenant-tiers-dev-control-plane-state",
            vpcId: VPC_ID,
        });
    });
});

describe("control-plane stack variants", () => {
    it("prod: HTTPS with the certificate and a TLS 1.3 policy, 443 only, one worker always warm, no wake alarm", () => {
        const alb = prod.named("control-plane-load-balancer-alb").inputs;
        expect(alb.listener).toEqual({
            port: 443,
            protocol: "HTTPS",
            certificateArn: CERT,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        });
        expect(alb.internal).toBe(true);
        expect(prod.named("control-plane-network-load-balancer").inputs.ingress).toEqual([
            {
                description: "callers inside the VPC",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["10.20.0.0/16"],
            },
        ]);
        expect(prod.named("control-plane-network-vpc").inputs.numberOfAvailabilityZones).toBe(3);
        expect(prod.named("control-plane-services-workers").inputs.desiredCount).toBe(1);
        expect(prod.named("control-plane-worker-scaling-target").inputs).toMatchObject({
            minCapacity: 1,
            maxCapacity: 16,
        });
        expect(prod.ofType("aws:appautoscaling/policy:Policy").map((p) => p.name)).toEqual([
            "control-plane-worker-scaling-backlog-per-task",
        ]);
        expect(prod.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toEqual([]);
        expect(prod.named("control-plane-services-cluster").inputs.tags).toEqual(PROD_TAGS);
    });

    it("no NAT gateway and an internal ALB: private subnets only", async () => {
        const plan = new PlannedResources(
            await planControlPlane("dev", { ...controlPlaneConfig("dev"), [`${NS}:natGateway`]: "none" }),
        );
        expect(plan.named("control-plane-network-vpc").inputs).toMatchObject({
            natGateways: { strategy: "None" },
            subnetSpecs: [{ type: "Private" }],
        });
    });

    it("a public ALB sits in the public subnets and accepts the internet", async () => {
        const plan = new PlannedResources(
            await planControlPlane("prod", {
                ...controlPlaneConfig("prod"),
                [`${NS}:natGateway`]: "none",
                [`${NS}:internalLoadBalancer`]: "false",
            }),
        );
        const vpc = plan.named("control-plane-network-vpc");
        expect(vpc.inputs).toMatchObject({
            natGateways: { strategy: "None" },
            subnetSpecs: [{ type: "Private" }, { type: "Public" }],
        });
        const alb = plan.named("control-plane-load-balancer-alb").inputs;
        expect(alb.internal).toBe(false);
        expect(alb.subnetIds).toHaveLength(3);
        expect(alb.subnetIds).not.toEqual(
            plan.named("control-plane-services-api").inputs.networkConfiguration,
        );
        expect(
            (
                plan.named("control-plane-network-load-balancer").inputs.ingress as { cidrBlocks: string[] }[]
            )[0]?.cidrBlocks,
        ).toEqual(["0.0.0.0/0"]);
    });

    it("configured callers (a signup backend in a peered VPC) replace the VPC-only default", async () => {
        const plan = new PlannedResources(
            await planControlPlane("prod", {
                ...controlPlaneConfig("prod"),
                [`${NS}:apiCallerCidrs`]: "10.30.0.0/16,10.40.0.0/16",
            }),
        );
        expect(plan.named("control-plane-network-load-balancer").inputs.ingress).toEqual([
            {
                description: "the configured callers",
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["10.30.0.0/16", "10.40.0.0/16"],
            },
        ]);
    });

    it("Pulumi Cloud: no state bucket or key, the token from Secrets Manager, a secretsmanager endpoint", async () => {
        const plan = new PlannedResources(
            await planControlPlane("prod", {
                ...controlPlaneConfig("prod"),
                [`${NS}:stateBackend`]: "pulumi-cloud",
                [`${NS}:pulumiAccessTokenSecretArn`]: SECRET,
            }),
        );
        expect(plan.ofType("aws:s3/bucket:Bucket")).toEqual([]);
        expect(plan.ofType("aws:kms/key:Key")).toEqual([]);
        const container = (
            plan.named("control-plane-services-workers").inputs.taskDefinitionArgs as {
                container: { secrets: unknown; environment: { name: string }[] };
            }
        ).container;
        expect(container.secrets).toEqual([{ name: "PULUMI_ACCESS_TOKEN", valueFrom: SECRET }]);
        expect(container.environment.map((v) => v.name).filter((n) => n.startsWith("PULUMI_"))).toEqual([]);
        expect(
            plan
                .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .map((e) => e.inputs.serviceName)
                .filter((s) => String(s).endsWith("secretsmanager")),
        ).toEqual(["com.amazonaws.eu-west-1.secretsmanager"]);
    });

    it("invalid config registers nothing and names the rule", async () => {
        const config = { ...controlPlaneConfig("prod") };
        delete config[`${NS}:certificateArn`];
        await expect(planControlPlane("prod", config)).rejects.toThrow(
            "tenant-tiers-control-plane:certificateArn = (not set): required: the API listens on HTTPS only (rule: no plain HTTP without allowPlainHttp)",
        );
    });
});

describe("the API's machine clients, when the stack creates them (prod)", () => {
    it("a pool for machine clients only, its domain, the resource server's three scopes", () => {
        expect(prod.named("control-plane-machine-auth-pool").inputs).toEqual({
            name: "tenant-tiers-prod-control-plane",
            adminCreateUserConfig: { allowAdminCreateUserOnly: true },
            deletionProtection: "ACTIVE",
            tags: PROD_TAGS,
        });
        const poolId = prod.named("control-plane-machine-auth-pool").outputs?.id;
        expect(poolId).toBe("control-plane-machine-auth-pool-id");
        expect(prod.named("control-plane-machine-auth-domain").inputs).toEqual({
            domain: "tenant-tiers-prod-example",
            userPoolId: poolId,
        });
        expect(prod.named("control-plane-machine-auth-resource-server").inputs).toEqual({
            identifier: "tenant-tiers",
            name: "tenant-tiers prod control plane",
            userPoolId: poolId,
            scopes: [
                { scopeName: "tenants.read", scopeDescription: "tenants.read" },
                { scopeName: "tenants.write", scopeDescription: "tenants.write" },
                { scopeName: "fleet.rollout", scopeDescription: "fleet.rollout" },
            ],
        });
    });

    it("one client per caller, secret and client-credentials only, scopes by kind, after the scopes exist", () => {
        const client = (name: string, scopes: string[]) => ({
            name,
            userPoolId: prod.named("control-plane-machine-auth-pool").outputs?.id,
            generateSecret: true,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["client_credentials"],
            allowedOauthScopes: scopes,
            supportedIdentityProviders: ["COGNITO"],
            accessTokenValidity: 60,
            tokenValidityUnits: { accessToken: "minutes" },
            enableTokenRevocation: true,
            preventUserExistenceErrors: "ENABLED",
        });
        expect(prod.ofType("aws:cognito/userPoolClient:UserPoolClient").map((c) => c.inputs)).toEqual([
            client("signup-backend", ["tenant-tiers/tenants.read", "tenant-tiers/tenants.write"]),
            client("fleet-operator", ["tenant-tiers/tenants.read", "tenant-tiers/fleet.rollout"]),
        ]);
        for (const c of prod.ofType("aws:cognito/userPoolClient:UserPoolClient")) {
            expect(c.dependsOn).toEqual(["control-plane-machine-auth-resource-server"]);
        }
    });

    it("the API verifies tokens of that pool and those clients only", () => {
        const ids = prod.ofType("aws:cognito/userPoolClient:UserPoolClient").map((c) => c.outputs?.id);
        const variables = (
            prod.named("control-plane-services-api").inputs.taskDefinitionArgs as {
                container: { environment: { name: string; value: string }[] };
            }
        ).container.environment.filter((v) => v.name.startsWith("COGNITO_"));
        expect(variables).toEqual([
            { name: "COGNITO_CLIENT_IDS", value: ids.join(",") },
            {
                name: "COGNITO_USER_POOL_ID",
                value: prod.named("control-plane-machine-auth-pool").outputs?.id,
            },
        ]);
        expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    });

    it("dev brings its own pool: no Cognito resource", () => {
        expect(dev.custom.filter((r) => r.type.startsWith("aws:cognito/"))).toEqual([]);
    });
});

describe("the workers' task count after the first deployment", () => {
    it("is left to Application Auto Scaling: the ECS service awsx creates ignores desiredCount", async () => {
        const { scaledDesiredCount } = await import("../../../controlplane/infra/services");
        const opts = { ignoreChanges: ["tags"] };
        const service = await scaledDesiredCount({
            type: "aws:ecs/service:Service",
            name: "workers",
            custom: true,
            props: { desiredCount: 0 },
            opts,
        });
        expect(service).toEqual({
            props: { desiredCount: 0 },
            opts: { ignoreChanges: ["tags", "desiredCount"] },
        });
        const taskDefinition = await scaledDesiredCount({
            type: "aws:ecs/taskDefinition:TaskDefinition",
            name: "workers",
            custom: true,
            props: {},
            opts: {},
        });
        expect(taskDefinition).toBeUndefined();
    });
});
