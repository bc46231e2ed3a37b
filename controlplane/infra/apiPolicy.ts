/**
 * What the API task may do: enqueue operations, read and write operation records (and their
 * idempotency records, which live in the same table), and read the tenant stacks' state to list
 * tenants. It deploys nothing: every change goes through the queue to a worker.
 */
import { type PolicyDocument, policyDocument } from "../../components/policies/document";
import { OPERATIONS_TABLE_ACTIONS, stateBackendStatements } from "./workerPolicy";

export interface ApiPolicyArgs {
    readonly queueArn: string;
    readonly operationsTableArn: string;
    readonly stateBucketArn: string | undefined;
    readonly secretsKeyArn: string | undefined;
}

export function apiPolicy(args: ApiPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "EnqueueOperations",
            Effect: "Allow",
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Resource: args.queueArn,
        },
        {
            Sid: "OperationsTable",
            Effect: "Allow",
            Action: [...OPERATIONS_TABLE_ACTIONS],
            Resource: [args.operationsTableArn, `${args.operationsTableArn}/index/*`],
        },
        ...stateBackendStatements(args.stateBucketArn, args.secretsKeyArn, "read"),
    );
}
