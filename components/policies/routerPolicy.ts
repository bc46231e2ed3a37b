import { TIER_NAMES } from "../../tiers/tier";
import { registryKeyStatement } from "./authorizerPolicy";
import { type PolicyDocument, policyDocument } from "./document";

export interface RouterPolicyArgs {
    /** The ingestion queue the router drains. */
    readonly queueArn: string;
    readonly registryTableArn: string;
    readonly platformKeyArn: string;
    readonly region: string;
    readonly accountId: string;
    /** The environment whose tenant functions the router may invoke. */
    readonly environment: string;
}

/**
 * What the ingestion router may do besides logging: drain its queue, read registry entries, and
 * invoke the tenant functions of its environment. Tenant functions are recognised by their tags
 * (`Tier` pooled or premium, `Environment`), so premium functions created later by tenant stacks
 * are covered without touching this policy, while the authorizer, the router itself (`Tier` =
 * platform) and other environments are not. No data access: the router never reads a message's
 * data, it hands it to the tenant's function.
 */
export function routerPolicy(args: RouterPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "ConsumeIngestionQueue",
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            Resource: args.queueArn,
        },
        {
            Sid: "ReadTenantRegistry",
            Effect: "Allow",
            Action: "dynamodb:GetItem",
            Resource: args.registryTableArn,
        },
        registryKeyStatement(args.platformKeyArn, args.region),
        {
            Sid: "InvokeTenantFunctions",
            Effect: "Allow",
            Action: "lambda:InvokeFunction",
            Resource: `arn:aws:lambda:${args.region}:${args.accountId}:function:*`,
            Condition: {
                StringEquals: {
                    "aws:ResourceTag/Environment": args.environment,
                    "aws:ResourceTag/Tier": [...TIER_NAMES],
                },
            },
        },
    );
}
