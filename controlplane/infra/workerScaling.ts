/**
 * Application Auto Scaling of the workers on queue depth per task: a target-tracking policy keeps
 * (visible + in-flight messages) / running tasks at `operationsPerTask`; with a minimum of 0 tasks,
 * a step policy wakes the service (0 → 1) when messages wait and no task runs, which target
 * tracking alone cannot do (it scales in proportion to the running count). Running tasks come from
 * Container Insights (`ECS/ContainerInsights RunningTaskCount`), enabled on the cluster.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";

/** Queue depth per running task, as CloudWatch metric math. */
export const BACKLOG_PER_TASK = "IF(tasks > 0, (visible + inflight) / tasks, visible + inflight)";
/** 1 when messages wait and no task runs (the wake-up alarm's metric). */
export const WAITING_WITHOUT_WORKERS = "IF(FILL(tasks, 0) == 0 AND visible > 0, 1, 0)";
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

export interface WorkerScalingArgs {
    readonly clusterName: pulumi.Input<string>;
    readonly serviceName: string;
    readonly queueName: pulumi.Input<string>;
    readonly minTasks: 0 | 1;
    readonly maxTasks: number;
    readonly operationsPerTask: number;
    readonly tags: TenantTags;
}

export class WorkerScaling extends pulumi.ComponentResource {
    readonly target: aws.appautoscaling.Target;
    readonly backlogPolicy: aws.appautoscaling.Policy;
    readonly wakePolicy?: aws.appautoscaling.Policy;
    readonly wakeAlarm?: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: WorkerScalingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:WorkerScaling", name, {}, opts);
        const parent = { parent: this };
        const sqsMetric = (id: string, metricName: string) => ({
            id,
            metricStat: {
                metric: {
                    namespace: "AWS/SQS",
                    metricName,
                    dimensions: [{ name: "QueueName", value: args.queueName }],
                },
                stat: "Sum",
            },
            returnData: false,
        });
        const tasksMetric = {
            id: "tasks",
            metricStat: {
                metric: {
                    namespace: "ECS/ContainerInsights",
                    metricName: "RunningTaskCount",
                    dimensions: [
                        { name: "ClusterName", value: args.clusterName },
                        { name: "ServiceName", value: args.serviceName },
                    ],
                },
                stat: "Average",
            },
            returnData: false,
        };

        this.target = new aws.appautoscaling.Target(
            `${name}-target`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
                minCapacity: args.minTasks,
                maxCapacity: args.maxTasks,
                tags: { ...args.tags },
            },
            parent,
        );
        this.backlogPolicy = new aws.appautoscaling.Policy(
            `${name}-backlog-per-task`,
            {
                policyType: "TargetTrackingScaling",
                serviceNamespace: this.target.serviceNamespace,
                scalableDimension: this.target.scalableDimension,
                resourceId: this.target.resourceId,
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: args.operationsPerTask,
                    scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
                    scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
                    customizedMetricSpecification: {
                        metrics: [
                            sqsMetric("visible", "ApproximateNumberOfMessagesVisible"),
                            sqsMetric("inflight", "ApproximateNumberOfMessagesNotVisible"),
                            tasksMetric,
                            {
                                id: "backlogPerTask",
                                expression: BACKLOG_PER_TASK,
                                label: "operations per worker task",
                                returnData: true,
                            },
                        ],
                    },
                },
            },
            parent,
        );
        if (args.minTasks === 0) {
            this.wakePolicy = new aws.appautoscaling.Policy(
                `${name}-wake`,
                {
                    policyType: "StepScaling",
                    serviceNamespace: this.target.serviceNamespace,
                    scalableDimension: this.target.scalableDimension,
                    resourceId: this.target.resourceId,
                    stepScalingPolicyConfiguration: {
                        adjustmentType: "ChangeInCapacity",
                        cooldown: SCALE_OUT_COOLDOWN_SECONDS,
                        metricAggregationType: "Maximum",
                        stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
                    },
                },
                parent,
            );
            this.wakeAlarm = new aws.cloudwatch.MetricAlarm(
                `${name}-wake-alarm`,
                {
                    alarmDescription: "operations wait and no worker runs: start one",
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    threshold: 1,
                    evaluationPeriods: 1,
                    datapointsToAlarm: 1,
                    treatMissingData: "notBreaching",
                    metricQueries: [
                        {
                            id: "visible",
                            metric: {
                                namespace: "AWS/SQS",
                                metricName: "ApproximateNumberOfMessagesVisible",
                                dimensions: { QueueName: args.queueName },
                                period: 60,
                                stat: "Sum",
                            },
                        },
                        {
                            id: "tasks",
                            metric: {
                                namespace: "ECS/ContainerInsights",
                                metricName: "RunningTaskCount",
                                dimensions: { ClusterName: args.clusterName, ServiceName: args.serviceName },
                                period: 60,
                                stat: "Average",
                            },
                        },
                        { id: "waiting", expression: WAITING_WITHOUT_WORKERS, returnData: true },
                    ],
                    alarmActions: [this.wakePolicy.arn],
                    tags: { ...args.tags },
                },
                parent,
            );
        }
        this.registerOutputs({});
    }
}
