/**
 * A queue with its dead-letter queue, as every queue of the project is built: SSE-SQS, a redrive
 * after `maxReceiveCount` deliveries, a DLQ that accepts only this queue's messages, and a TLS-only
 * policy on both. The ingestion queue (standard) and the control plane's operations queue (FIFO)
 * differ only in the settings passed here.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { tlsOnlyQueuePolicy } from "../policies/queuePolicy";
import { policyJson } from "./json";

export interface RedrivenQueueArgs {
    /** The queue's name; the DLQ's is `<stem>-dlq`, with `.fifo` kept last for FIFO queues. */
    readonly queueName: string;
    readonly fifo: boolean;
    readonly maxReceiveCount: number;
    readonly visibilityTimeoutSeconds: number;
    readonly retentionSeconds: number;
    readonly deadLetterRetentionSeconds: number;
    readonly tags: Readonly<Record<string, string>>;
    /** Further settings of the queue itself (FIFO deduplication, long polling). */
    readonly queueSettings?: Partial<aws.sqs.QueueArgs>;
}

export interface RedrivenQueue {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;
}

/** Creates `<name>-queue`, `<name>-dlq`, `<name>-dlq-redrive-allow` and a TLS-only policy on each, under `opts`. */
export function createRedrivenQueue(
    name: string,
    args: RedrivenQueueArgs,
    opts: pulumi.CustomResourceOptions,
): RedrivenQueue {
    const fifo = args.fifo ? { fifoQueue: true } : {};
    const stem = args.fifo ? args.queueName.replace(/\.fifo$/, "") : args.queueName;
    const deadLetterQueue = new aws.sqs.Queue(
        `${name}-dlq`,
        {
            name: args.fifo ? `${stem}-dlq.fifo` : `${stem}-dlq`,
            ...fifo,
            messageRetentionSeconds: args.deadLetterRetentionSeconds,
            sqsManagedSseEnabled: true,
            tags: { ...args.tags },
        },
        opts,
    );
    const queue = new aws.sqs.Queue(
        `${name}-queue`,
        {
            name: args.queueName,
            ...fifo,
            ...args.queueSettings,
            visibilityTimeoutSeconds: args.visibilityTimeoutSeconds,
            messageRetentionSeconds: args.retentionSeconds,
            sqsManagedSseEnabled: true,
            redrivePolicy: deadLetterQueue.arn.apply((deadLetterTargetArn) =>
                JSON.stringify({ deadLetterTargetArn, maxReceiveCount: args.maxReceiveCount }),
            ),
            tags: { ...args.tags },
        },
        opts,
    );
    // The DLQ accepts failed messages from this queue only.
    new aws.sqs.RedriveAllowPolicy(
        `${name}-dlq-redrive-allow`,
        {
            queueUrl: deadLetterQueue.id,
            redriveAllowPolicy: queue.arn.apply((arn) =>
                JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] }),
            ),
        },
        opts,
    );
    for (const [suffix, each] of [
        ["queue", queue],
        ["dlq", deadLetterQueue],
    ] as const) {
        new aws.sqs.QueuePolicy(
            `${name}-${suffix}-policy`,
            { queueUrl: each.id, policy: policyJson({ arn: each.arn }, (r) => tlsOnlyQueuePolicy(r.arn)) },
            opts,
        );
    }
    return { queue, deadLetterQueue };
}
