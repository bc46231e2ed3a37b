/**
 * Trust policy of the control plane's task roles: ECS tasks of this account and region only
 * (`aws:SourceAccount`, `aws:SourceArn`), so no other account's ECS can assume them (confused deputy).
 */
import { type PolicyDocument, policyDocument } from "../../components/policies/document";

export function taskTrust(partition: string, account: string, region: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${account}:*` },
        },
    });
}
