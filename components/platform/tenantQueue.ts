import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../shared/json";
import { createRedrivenQueue } from "../shared/redrivenQueue";
import { platformPrefix } from "../shared/naming";
import { routerPolicy } from "../policies";
import { platformTags } from "../shared/tags";
import { TenantFunction } from "../shared/tenantFunction";

/** Messages are retried this many times before they move to the dead-letter queue. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;
/** The router's timeout; the queue's visibility timeout is six times it, as Lambda recommends. */
export const ROUTER_TIMEOUT_SECONDS = 30;
/** Messages per router invocation (SQS's maximum for a standard queue without a batching window). */
export const ROUTER_BATCH_SIZE = 10;
/** How long a failed message is kept for inspection and redrive. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;

export interface TenantQueueArgs {
    readonly environment: string;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    /** The platform's tenant registry, which the router reads to find a tenant's function. */
    readonly registryTableArn: pulumi.Input<string>;
    readonly registryTableName: pulumi.Input<string>;
    /** The platform key that encrypts the registry. */
    readonly platformKeyArn: pulumi.Input<string>;
    /** `nodejs22.x` or `nodejs24.x`. */
    readonly runtime: string;
    /** `arm64` or `x86_64`. */
    readonly architecture: string;
    readonly logRetentionDays: number;
    /**
     * Reserved concurrency of the router, its share of the account's split (see `tiers/concurrency.ts`).
     * @default unset: the router runs on the account's unreserved pool
     */
    readonly routerReservedConcurrency?: number;
    /**
     * Deliveries of a message before it moves to the dead-letter queue.
     * @default 5
     */
    readonly maxReceiveCount?: number;
}

/**
 * The asynchronous way into tenant functions. Tenant isolation mode has no event source mappings,
 * so the ingestion queue feeds a router function, which invokes each message's tenant function
 * with the `TenantId` the platform producer put in the message attribute. Failures are reported
 * per message, so a poison message goes to the dead-letter queue after `maxReceiveCount`
 * deliveries without holding back other tenants' messages. Both queues are SSE-SQS encrypted and
 * TLS-only; only principals IAM allows to send (platform producers) can enqueue.
 */
export class TenantQueue extends pulumi.ComponentResource {
    public readonly queue: aws.sqs.Queue;
    public readonly deadLetterQueue: aws.sqs.Queue;
    public readonly router: TenantFunction;
    /** The queue URL (the queue's id), where platform producers send. */
    public readonly queueUrl: pulumi.Output<string>;
    public readonly queueArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;

    constructor(name: string, args: TenantQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantQueue", name, {}, opts);
        const maxReceiveCount = args.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
        if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new Error(
                `maxReceiveCount of ${maxReceiveCount} is invalid: use a whole number of deliveries from 1 to 1000`,
            );
        }
        const parent = { parent: this };
        const tags = platformTags(args.environment, "platform");
        const prefix = platformPrefix(args.environment);

        ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = createRedrivenQueue(
            name,
            {
                queueName: `${prefix}-ingestion`,
                fifo: false,
                maxReceiveCount,
                visibilityTimeoutSeconds: 6 * ROUTER_TIMEOUT_SECONDS,
                retentionSeconds: QUEUE_RETENTION_SECONDS,
                deadLetterRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
                tags,
            },
            parent,
        ));

        this.router = new TenantFunction(
            `${name}-router`,
            {
                environment: args.environment,
                functionName: "router",
                entry: "router",
                tags,
                tenantIsolation: false,
                runtime: args.runtime,
                architecture: args.architecture,
                memoryMb: 256,
                timeoutSeconds: ROUTER_TIMEOUT_SECONDS,
                logRetentionDays: args.logRetentionDays,
                reservedConcurrency: args.routerReservedConcurrency,
                variables: { ENVIRONMENT: args.environment, TENANT_REGISTRY_TABLE: args.registryTableName },
            },
            parent,
        );
        const routerAccess = new aws.iam.RolePolicy(
            `${name}-router-policy`,
            {
                role: this.router.role.name,
                policy: policyJson(
                    {
                        queueArn: this.queue.arn,
                        registryTableArn: args.registryTableArn,
                        platformKeyArn: args.platformKeyArn,
                        accountId: args.accountId,
                    },
                    (r) => routerPolicy({ ...r, region: args.region, environment: args.environment }),
                ),
            },
            parent,
        );
        new aws.lambda.EventSourceMapping(
            `${name}-router-events`,
            {
                eventSourceArn: this.queue.arn,
                functionName: this.router.functionArn,
                batchSize: ROUTER_BATCH_SIZE,
                functionResponseTypes: ["ReportBatchItemFailures"],
                enabled: true,
                tags: { ...tags },
            },
            { parent: this, dependsOn: [routerAccess] },
        );

        // In the AWS provider, a queue's id is its URL.
        this.queueUrl = this.queue.id;
        this.queueArn = this.queue.arn;
        this.deadLetterQueueUrl = this.deadLetterQueue.id;
        this.registerOutputs({
            queueUrl: this.queueUrl,
            queueArn: this.queueArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            routerFunctionName: this.router.functionName,
        });
    }
}
