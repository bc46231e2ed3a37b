/**
 * A worker process whose lifecycle call never returns: the queue tests start it, wait until it
 * has picked an operation up, and kill it (SIGKILL) to show another worker finishing the job.
 * Environment: MOTO_ENDPOINT, QUEUE_URL, TABLE_NAME, VISIBILITY_SECONDS.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { operationConsumer } from "../../../controlplane/worker/operationConsumer";
import { OperationStore } from "../../../controlplane/operations/store";
import { UNUSED_LIFECYCLE } from "./workerHarness";

const env = (name: string): string => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
};
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const sqs = new SQSClient({ region: "eu-west-1", endpoint: env("MOTO_ENDPOINT"), credentials });
const dynamodb = new DynamoDBClient({ region: "eu-west-1", endpoint: env("MOTO_ENDPOINT"), credentials });
const visibility = Number(env("VISIBILITY_SECONDS"));

operationConsumer({
    sqs,
    queueUrl: env("QUEUE_URL"),
    store: new OperationStore(dynamodb, env("TABLE_NAME")),
    lifecycle: UNUSED_LIFECYCLE,
    call: () => new Promise(() => undefined),
    now: () => new Date(),
    log: (line) => process.stderr.write(`${line}\n`),
    visibilityTimeoutSeconds: visibility,
    heartbeatSeconds: 1,
    waitTimeSeconds: 1,
}).start();
