/**
 * The operations queue: SQS FIFO, message group = tenant id (one operation per tenant at a time,
 * any number of tenants in parallel), deduplication per message group with high-throughput FIFO,
 * and a FIFO dead-letter queue that takes what failed `maxReceiveCount` times (`createRedrivenQueue`).
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createRedrivenQueue } from "../../components/shared/redrivenQueue";
import type { TenantTags } from "../../components/shared/tags";

/** Receives before a message goes to the DLQ (the lifecycle resumes, so retries are safe). */
export const MAX_RECEIVE_COUNT = 5;
/** Initial visibility; workers extend it while a long `up` runs. */
export const VISIBILITY_TIMEOUT_SECONDS = 300;
export const RETENTION_SECONDS = 4 * 24 * 3600;
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

export interface OperationsQueueArgs {
    readonly environment: string;
    readonly tags: TenantTags;
}

export class OperationsQueue extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;

    constructor(name: string, args: OperationsQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:OperationsQueue", name, {}, opts);
        ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = createRedrivenQueue(
            name,
            {
                queueName: `tenant-tiers-${args.environment}-operations.fifo`,
                fifo: true,
                maxReceiveCount: MAX_RECEIVE_COUNT,
                visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
                retentionSeconds: RETENTION_SECONDS,
                deadLetterRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
                tags: args.tags,
                queueSettings: {
                    // The API sets MessageDeduplicationId (the operation id); bodies may repeat legitimately.
                    contentBasedDeduplication: false,
                    deduplicationScope: "messageGroup",
                    fifoThroughputLimit: "perMessageGroupId",
                    receiveWaitTimeSeconds: 20,
                },
            },
            { parent: this },
        ));
        this.registerOutputs({ queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url });
    }
}
