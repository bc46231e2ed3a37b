/**
 * The queue consumer of a worker (sqs-consumer): one message at a time, its visibility extended
 * by a heartbeat while the operation runs (a tenant `up` takes minutes), so no other worker takes
 * it while this one is alive; when this one dies, the heartbeat stops and the message returns to
 * the queue after `visibilityTimeoutSeconds`.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { Consumer } from "sqs-consumer";
import { operationHandler, type OperationHandlerDeps } from "./operationHandler";

export interface OperationConsumerOptions extends OperationHandlerDeps {
    readonly sqs: SQSClient;
    readonly queueUrl: string;
    /** @default 60 */
    readonly visibilityTimeoutSeconds?: number;
    /** @default a third of the visibility timeout */
    readonly heartbeatSeconds?: number;
    /** Long-poll wait. @default 20 */
    readonly waitTimeSeconds?: number;
}

export function operationConsumer(options: OperationConsumerOptions): Consumer {
    const visibilityTimeout = options.visibilityTimeoutSeconds ?? 60;
    const consumer = Consumer.create({
        queueUrl: options.queueUrl,
        sqs: options.sqs,
        batchSize: 1,
        visibilityTimeout,
        heartbeatInterval: options.heartbeatSeconds ?? Math.max(1, Math.floor(visibilityTimeout / 3)),
        waitTimeSeconds: options.waitTimeSeconds ?? 20,
        // One message per poll and FIFO groups served by SQS: the order within a tenant is SQS's.
        suppressFifoWarning: true,
        handleMessage: operationHandler(options),
    });
    consumer.on("error", (error) => options.log(`queue error: ${error.message}`));
    consumer.on("processing_error", (error) => options.log(`operation not finished: ${error.message}`));
    return consumer;
}
