import { type PolicyDocument, policyDocument } from "./document";

/**
 * Resource policy of an ingestion queue: TLS only. It grants nothing, so only principals of the
 * platform account that IAM allows to `sqs:SendMessage` can send (platform producers; tenant code
 * has no SQS permission at all), which is what lets the router trust the `TenantId` attribute.
 */
export function ingestionQueuePolicy(queueArn: string): PolicyDocument {
    return policyDocument({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sqs:*",
        Resource: queueArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}
