import { describe, expect, it } from "vitest";
import {
    authorizerPolicy,
    delegatingKeyPolicy,
    functionLogPolicy,
    routerPolicy,
} from "../../../components/policies";
import { ACCOUNT_ID, type Decision, type SimulationContext, simulate } from "../../helpers/iamSimulation";

// The authorizer and the router, decided by the IAM simulator over the documents the platform
// deploys: what each may reach, and that neither reaches tenant data or other functions.

const REGION = "eu-west-1";
const REGISTRY_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/registry`;
const DATA_TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/tenant-data`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:tenant-tiers-dev-ingestion`;
const FUNCTION = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
const LOGS = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/lambda/fn`;
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/platform-tenant-access-role`;

const routerPolicies = [
    functionLogPolicy(LOGS),
    routerPolicy({
        queueArn: QUEUE_ARN,
        registryTableArn: REGISTRY_ARN,
        platformKeyArn: KEY_ARN,
        region: REGION,
        accountId: ACCOUNT_ID,
        environment: "dev",
    }),
];
const authorizerPolicies = [
    functionLogPolicy(LOGS),
    authorizerPolicy({ registryTableArn: REGISTRY_ARN, platformKeyArn: KEY_ARN, region: REGION }),
];
const ROUTER = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/router-role/tenant-tiers-dev-router`;
const AUTHORIZER = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/authorizer-role/tenant-tiers-dev-authorizer`;

interface Case {
    readonly name: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: SimulationContext;
    readonly expected: Decision;
}

const tagged = (tier: string, environment: string) => ({
    "aws:ResourceTag/Tier": tier,
    "aws:ResourceTag/Environment": environment,
});

const routerCases: Case[] = [
    {
        name: "invoke the pooled function",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("pooled"),
        context: tagged("pooled", "dev"),
        expected: "Allowed",
    },
    {
        name: "invoke a premium tenant's function",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("premium-initech"),
        context: tagged("premium", "dev"),
        expected: "Allowed",
    },
    {
        name: "invoke the authorizer",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("authorizer"),
        context: tagged("platform", "dev"),
        expected: "ImplicitlyDenied",
    },
    {
        name: "invoke a tenant function of another environment",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("prod-pooled"),
        context: tagged("pooled", "prod"),
        expected: "ImplicitlyDenied",
    },
    {
        name: "invoke an untagged function",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("untagged"),
        expected: "ImplicitlyDenied",
    },
    {
        name: "change a tenant function's code",
        action: "lambda:UpdateFunctionCode",
        resource: FUNCTION("pooled"),
        context: tagged("pooled", "dev"),
        expected: "ImplicitlyDenied",
    },
    {
        name: "read a registry entry",
        action: "dynamodb:GetItem",
        resource: REGISTRY_ARN,
        expected: "Allowed",
    },
    {
        name: "scan the registry",
        action: "dynamodb:Scan",
        resource: REGISTRY_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "write the registry",
        action: "dynamodb:PutItem",
        resource: REGISTRY_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "read tenant data",
        action: "dynamodb:GetItem",
        resource: DATA_TABLE_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "receive from its queue",
        action: "sqs:ReceiveMessage",
        resource: QUEUE_ARN,
        expected: "Allowed",
    },
    {
        name: "send to its queue (forge a tenant attribute)",
        action: "sqs:SendMessage",
        resource: QUEUE_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "assume the tenant access role",
        action: "sts:AssumeRole",
        resource: ACCESS_ROLE,
        expected: "ImplicitlyDenied",
    },
    {
        name: "decrypt the registry through DynamoDB",
        action: "kms:Decrypt",
        resource: KEY_ARN,
        context: { "kms:ViaService": `dynamodb.${REGION}.amazonaws.com` },
        expected: "Allowed",
    },
    {
        name: "decrypt the platform key directly",
        action: "kms:Decrypt",
        resource: KEY_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "decrypt the platform key through S3",
        action: "kms:Decrypt",
        resource: KEY_ARN,
        context: { "kms:ViaService": `s3.${REGION}.amazonaws.com` },
        expected: "ImplicitlyDenied",
    },
];

const authorizerCases: Case[] = [
    {
        name: "read an API key",
        action: "apigateway:GET",
        resource: `arn:aws:apigateway:${REGION}::/apikeys/abc123`,
        expected: "Allowed",
    },
    {
        name: "create an API key",
        action: "apigateway:POST",
        resource: `arn:aws:apigateway:${REGION}::/apikeys`,
        expected: "ImplicitlyDenied",
    },
    {
        name: "read a usage plan",
        action: "apigateway:GET",
        resource: `arn:aws:apigateway:${REGION}::/usageplans/plan1`,
        expected: "ImplicitlyDenied",
    },
    {
        name: "read a registry entry",
        action: "dynamodb:GetItem",
        resource: REGISTRY_ARN,
        expected: "Allowed",
    },
    {
        name: "query the registry",
        action: "dynamodb:Query",
        resource: REGISTRY_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "read tenant data",
        action: "dynamodb:GetItem",
        resource: DATA_TABLE_ARN,
        expected: "ImplicitlyDenied",
    },
    {
        name: "invoke a tenant function",
        action: "lambda:InvokeFunction",
        resource: FUNCTION("pooled"),
        context: tagged("pooled", "dev"),
        expected: "ImplicitlyDenied",
    },
    {
        name: "assume the tenant access role",
        action: "sts:AssumeRole",
        resource: ACCESS_ROLE,
        expected: "ImplicitlyDenied",
    },
];

describe.each([
    ["router", ROUTER, routerPolicies, routerCases],
    ["authorizer", AUTHORIZER, authorizerPolicies, authorizerCases],
] as const)("the %s's role", (_role, principal, identityPolicies, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))("may %s: as decided", async (_name, c) => {
        const outcome = await simulate({
            identityPolicies,
            action: c.action,
            resource: c.resource,
            principal,
            // A KMS key decides with its key policy too; the platform key delegates to IAM.
            ...(c.resource.startsWith("arn:aws:kms:")
                ? { resourcePolicy: delegatingKeyPolicy(ACCOUNT_ID) }
                : {}),
            ...(c.context === undefined ? {} : { context: c.context }),
        });
        expect(outcome).toEqual({ result: c.expected, ignoredContextKeys: [] });
    });
});
