import { type PolicyDocument, policyDocument } from "./document";

/**
 * A key policy that delegates to IAM in the key's account. `aws:ResourceTag/TenantId` conditions
 * work in IAM policies only, not in key policies, so tenant ABAC on keys requires this delegation.
 */
export function delegatingKeyPolicy(accountId: string): PolicyDocument {
    return policyDocument({
        Sid: "DelegateToAccountIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    });
}
