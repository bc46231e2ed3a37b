/**
 * The operations queue: SQS FIFO, message group = tenant id (one operation per tenant at a time,
 * any number of tenants in parallel), deduplication per message group with high-throughput FIFO,
 * and a FIFO dead-letter queue that takes what failed `maxReceiveCount` times.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyDocument, policyDocument } from "../../components/policies/document";
import { policyJson } from "../../components/shared/json";
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

/** Refuses every request to a queue that is not over TLS. */
export function tlsOnlyQueuePolicy(queueArn: string): PolicyDocument {
    return policyDocument({
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

export class OperationsQueue extends pulumi.ComponentResource {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;

    constructor(name: string, args: OperationsQueueArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:OperationsQueue", name, {}, opts);
        const prefix = `tenant-tiers-${args.environment}-operations`;
        const parent = { parent: this };
        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            {
                name: `${prefix}-dlq.fifo`,
                fifoQueue: true,
                messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
                sqsManagedSseEnabled: true,
                tags: { ...args.tags },
            },
            parent,
        );
        this.queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: `${prefix}.fifo`,
                fifoQueue: true,
                // The API sets MessageDeduplicationId (the operation id); bodies may repeat legitimately.
                contentBasedDeduplication: false,
                deduplicationScope: "messageGroup",
                fifoThroughputLimit: "perMessageGroupId",
                visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
                messageRetentionSeconds: RETENTION_SECONDS,
                receiveWaitTimeSeconds: 20,
                sqsManagedSseEnabled: true,
                redrivePolicy: this.deadLetterQueue.arn.apply((deadLetterTargetArn) =>
                    JSON.stringify({ deadLetterTargetArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
                ),
                tags: { ...args.tags },
            },
            parent,
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dlq-redrive-allow`,
            {
                queueUrl: this.deadLetterQueue.id,
                redriveAllowPolicy: this.queue.arn.apply((arn) =>
                    JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] }),
                ),
            },
            parent,
        );
        for (const [suffix, queue] of [
            ["queue", this.queue],
            ["dlq", this.deadLetterQueue],
        ] as const) {
            new aws.sqs.QueuePolicy(
                `${name}-${suffix}-policy`,
                {
                    queueUrl: queue.id,
                    policy: policyJson({ arn: queue.arn }, (r) => tlsOnlyQueuePolicy(r.arn)),
                },
                parent,
            );
        }
        this.registerOutputs({ queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url });
    }
}
