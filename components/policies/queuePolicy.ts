import { type PolicyDocument, policyDocument } from "./document";

/**
 * Resource policy of every queue of the project: TLS only. It grants nothing, so only principals
 * IAM allows can use the queue. For the ingestion queue that means platform producers allowed to
 * `sqs:SendMessage` (tenant code has no SQS permission at all), which is what lets the router trust
 * the `TenantId` attribute; for the control plane's operations queue, its API and workers.
 */
export function tlsOnlyQueuePolicy(queueArn: string): PolicyDocument {
    return policyDocument({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}
