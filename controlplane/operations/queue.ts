/**
 * The operations queue (SQS FIFO): message group = tenant id, so one operation per tenant runs at a
 * time and tenants run in parallel; deduplication id = operation id, so an API retry within SQS's
 * five-minute window cannot enqueue the same operation twice. The body is the operation id only:
 * the record in the operations table is the truth.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { OperationRecord } from "./record";
import { messageGroupOf } from "./request";

export interface OperationMessage {
    readonly operationId: string;
}

export class OperationQueue {
    constructor(
        private readonly sqs: SQSClient,
        readonly queueUrl: string,
    ) {}

    async enqueue(record: OperationRecord): Promise<void> {
        const body: OperationMessage = { operationId: record.operationId };
        await this.sqs.send(
            new SendMessageCommand({
                QueueUrl: this.queueUrl,
                MessageBody: JSON.stringify(body),
                MessageGroupId: messageGroupOf(record.request, record.environment),
                MessageDeduplicationId: record.operationId,
            }),
        );
    }
}

/** The operation id of a message body; throws naming the body when it is not one of ours. */
export function parseOperationMessage(body: string | undefined): OperationMessage {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body ?? "");
    } catch {
        parsed = undefined;
    }
    const id = (parsed as { operationId?: unknown } | undefined)?.operationId;
    if (typeof id !== "string" || id === "") {
        throw new Error(`operations queue message ${JSON.stringify(body)} is not {"operationId": "<id>"}`);
    }
    return { operationId: id };
}
