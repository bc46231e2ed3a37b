/** Shared fixtures of the IAM simulation tests: the deployed documents, case builders, one runner. */
import { expect, it } from "vitest";
import {
    assumeTenantAccessPolicy,
    delegatingKeyPolicy,
    functionLogPolicy,
    type PolicyDocument,
    tenantAccessPolicy,
    tenantBucketPolicy,
} from "../../components/policies";
import {
    ACCOUNT_ID,
    type Decision,
    type SimulationContext,
    type SimulationOutcome,
    simulate,
} from "./iamSimulation";

// Tenant isolation of the tenant access role, decided by the IAM simulator over the exact documents
// the program deploys. Denials use neighbours whose ids share a prefix with, or are a prefix of, the
// tenant under test: the cases a `StringLike` or a missing `/` would get wrong.

export const REGION = "eu-west-1";
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/tenant-data`;
export const INDEX_ARN = `${TABLE_ARN}/index/gsi1`;
export const BUCKET_ARN = "arn:aws:s3:::tenant-files";
export const PLATFORM_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`;
export const TENANT_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/tenant-key`;
export const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:/aws/lambda/tenant-fn`;

export const TENANT_ACCESS_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/platform-tenant-access-role`;
export const EXECUTION_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/tenant-fn-exec-role`;
// Lambda names the execution role's session after the function.
export const EXECUTION_SESSION_ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/tenant-fn-exec-role/tenant-fn`;
export const OTHER_ROLE_SESSION_ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/reporting-fn-exec-role/reporting-fn`;

export const TENANT = "acme";
export const NEIGHBOURS = ["acme2", "ac", "acme-2"] as const;
export const TENANT_SESSION_ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-tenant-access-role/${TENANT}`;

export const ITEM_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
] as const;
export const OBJECT_ACTIONS = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
] as const;
export const TENANT_KEY_ACTIONS = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
] as const;
export const DYNAMODB_VIA = `dynamodb.${REGION}.amazonaws.com`;
export const S3_VIA = `s3.${REGION}.amazonaws.com`;

export const accessPolicy = tenantAccessPolicy({
    tenantTableArns: [TABLE_ARN],
    bucketArn: BUCKET_ARN,
    platformKeyArn: PLATFORM_KEY_ARN,
    region: REGION,
    accountId: ACCOUNT_ID,
});
export const bucketPolicy = tenantBucketPolicy(BUCKET_ARN);
export const keyPolicy = delegatingKeyPolicy(ACCOUNT_ID);
export const executionPolicies = [
    functionLogPolicy(LOG_GROUP_ARN),
    assumeTenantAccessPolicy(TENANT_ACCESS_ROLE_ARN),
];

export interface Case {
    readonly name: string;
    readonly action: string;
    readonly resource: string;
    readonly context: SimulationContext;
    readonly expected: Decision;
}

/** The deployed resource policy in front of a resource: DynamoDB tables here have none. */
export function resourcePolicyFor(resource: string): PolicyDocument | undefined {
    if (resource.startsWith("arn:aws:s3:::")) {
        return bucketPolicy;
    }
    if (resource.startsWith("arn:aws:kms:")) {
        return keyPolicy;
    }
    return undefined;
}

/** A request as the SDK sends it: over TLS, and `PutObject` asking for SSE-KMS as the bucket policy demands. */
export function objectContext(action: string, extra: SimulationContext = {}): SimulationContext {
    const encryption: SimulationContext =
        action === "s3:PutObject" ? { "s3:x-amz-server-side-encryption": "aws:kms" } : {};
    return { "aws:SecureTransport": "true", ...encryption, ...extra };
}

export function caseName(action: string, resource: string, context: SimulationContext): string {
    const shortResource = resource.replace(/^arn:aws:[a-z0-9]+:[a-z0-9-]*:[0-9]*:/, "");
    const request = Object.entries(context).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    return [action, shortResource, ...request].join(" ");
}

export function caseOf(
    action: string,
    resource: string,
    context: SimulationContext,
    expected: Decision,
): Case {
    return { name: caseName(action, resource, context), action, resource, context, expected };
}

export function itemCases(
    resource: string,
    keySets: readonly (readonly string[])[],
    expected: Decision,
): Case[] {
    const actions = resource === INDEX_ARN ? ["dynamodb:Query"] : ITEM_ACTIONS;
    return actions.flatMap((action) =>
        keySets.map((keys) => caseOf(action, resource, { "dynamodb:LeadingKeys": keys }, expected)),
    );
}

export function objectCases(keys: readonly string[], expected: Decision): Case[] {
    return OBJECT_ACTIONS.flatMap((action) =>
        keys.map((key) => caseOf(action, `${BUCKET_ARN}/${key}`, objectContext(action), expected)),
    );
}

export function listCase(prefix: string | undefined, expected: Decision): Case {
    const context = objectContext("s3:ListBucket", prefix === undefined ? {} : { "s3:prefix": prefix });
    return caseOf("s3:ListBucket", BUCKET_ARN, context, expected);
}

export function keyCases(
    actions: readonly string[],
    resource: string,
    context: SimulationContext,
    expected: Decision,
): Case[] {
    return actions.map((action) => caseOf(action, resource, context, expected));
}

export async function simulateTenantSession(testCase: Case, principalTags: SimulationContext) {
    return simulate({
        identityPolicies: [accessPolicy],
        resourcePolicy: resourcePolicyFor(testCase.resource),
        action: testCase.action,
        resource: testCase.resource,
        principal: TENANT_SESSION_ARN,
        context: { ...principalTags, ...testCase.context },
    });
}

/**
 * One test per case: the exact decision, and no context key dropped by the simulator (a dropped key
 * means the request was not the one described, so its decision would prove nothing).
 */
export function itDecides<T extends { readonly name: string; readonly expected: Decision }>(
    cases: readonly T[],
    run: (testCase: T) => Promise<SimulationOutcome>,
): void {
    it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
        // Act
        const { result, ignoredContextKeys } = await run(testCase);

        // Assert
        expect(result).toBe(testCase.expected);
        expect(ignoredContextKeys).toEqual([]);
    });
}

export const TENANT_TAG = { "aws:PrincipalTag/TenantId": TENANT };
