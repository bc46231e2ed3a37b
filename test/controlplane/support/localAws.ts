/**
 * The control plane's AWS services on this machine: moto's server answering SQS (a FIFO queue) and
 * DynamoDB (the operations table), on a free port, with clients pointed at it.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { type Moto, startMoto } from "../../engine/support/moto";

export interface LocalAws {
    readonly moto: Moto;
    readonly sqs: SQSClient;
    readonly dynamodb: DynamoDBClient;
    /** Creates a fresh FIFO queue and operations table (names unique per call). */
    resources(): Promise<{ readonly queueUrl: string; readonly tableName: string }>;
    close(): Promise<void>;
}

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
let counter = 0;

export async function startLocalAws(): Promise<LocalAws> {
    const moto = await startMoto();
    const sqs = new SQSClient({ region: "eu-west-1", endpoint: moto.endpoint, credentials });
    const dynamodb = new DynamoDBClient({ region: "eu-west-1", endpoint: moto.endpoint, credentials });
    return {
        moto,
        sqs,
        dynamodb,
        async resources() {
            const n = ++counter;
            const { QueueUrl } = await sqs.send(
                new CreateQueueCommand({
                    QueueName: `operations-${n}.fifo`,
                    Attributes: { FifoQueue: "true", VisibilityTimeout: "30" },
                }),
            );
            const tableName = `operations-${n}`;
            await dynamodb.send(
                new CreateTableCommand({
                    TableName: tableName,
                    KeySchema: [{ AttributeName: "operationId", KeyType: "HASH" }],
                    AttributeDefinitions: [{ AttributeName: "operationId", AttributeType: "S" }],
                    BillingMode: "PAY_PER_REQUEST",
                }),
            );
            return { queueUrl: QueueUrl as string, tableName };
        },
        async close() {
            sqs.destroy();
            dynamodb.destroy();
            await moto.close();
        },
    };
}
