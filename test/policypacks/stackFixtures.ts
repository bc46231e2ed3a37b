/**
 * A small stack shaped like the platform's: a pooled table and bucket keyed by tenant, the platform
 * key, the tenant access role and its ABAC policy, a PER_TENANT function behind one REST API. Stack
 * policy tests add to it the mistakes a user would make.
 */
import type { StackFixture } from "./harness";

export const ACCOUNT = "123456789012";
export const OUTSIDE = "999988887777";
export const REGION = "eu-west-1";
export const TABLE = "app-items";
export const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`;
export const BUCKET = "app-tenant-files-a1b2c3";
export const KEY_ID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001";
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
export const ACCESS_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/tenant-access`;
export const FN = "items-handler";
export const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FN}`;
export const TAG = "${aws:PrincipalTag/TenantId}";
export const PLATFORM_TAGS = Object.freeze({ TenantId: "platform", Tier: "platform", Environment: "dev" });

export const doc = (...Statement: Record<string, unknown>[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement });

const lambdaTrust = doc({
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: "sts:AssumeRole",
});

/** The tenant access role's trust: the function role, with the tenant tag required. */
export const accessTrust = (
    principal: unknown = { AWS: `arn:aws:iam::${ACCOUNT}:role/items-handler-role` },
) =>
    doc({
        Effect: "Allow",
        Principal: principal,
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { Null: { "aws:RequestTag/TenantId": "false" } },
    });

export function baseStack(): StackFixture[] {
    return [
        {
            type: "aws:dynamodb/table:Table",
            name: "items",
            props: {
                name: TABLE,
                arn: TABLE_ARN,
                hashKey: "tenantId",
                rangeKey: "sk",
                pointInTimeRecovery: { enabled: true },
                deletionProtectionEnabled: true,
                serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN },
                tags: { ...PLATFORM_TAGS, Tier: "pooled" },
            },
        },
        {
            type: "aws:s3/bucket:Bucket",
            name: "files",
            props: {
                bucket: BUCKET,
                arn: `arn:aws:s3:::${BUCKET}`,
                tags: { ...PLATFORM_TAGS, Tier: "pooled" },
            },
        },
        {
            type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            name: "files-public-access",
            props: {
                bucket: BUCKET,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
        },
        {
            type: "aws:kms/key:Key",
            name: "data-key",
            props: {
                keyId: KEY_ID,
                arn: KEY_ARN,
                enableKeyRotation: true,
                policy: doc({
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "kms:*",
                    Resource: "*",
                }),
                tags: PLATFORM_TAGS,
            },
        },
        {
            type: "aws:iam/role:Role",
            name: "tenant-access",
            props: {
                name: "tenant-access",
                arn: ACCESS_ROLE_ARN,
                assumeRolePolicy: accessTrust(),
                tags: PLATFORM_TAGS,
            },
        },
        {
            type: "aws:iam/rolePolicy:RolePolicy",
            name: "tenant-access-data",
            props: {
                role: "tenant-access",
                policy: doc(
                    {
                        Sid: "Items",
                        Effect: "Allow",
                        Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
                        Resource: [TABLE_ARN, `${TABLE_ARN}/index/*`],
                        Condition: {
                            "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [TAG] },
                            Null: { "dynamodb:LeadingKeys": "false" },
                        },
                    },
                    {
                        Sid: "Objects",
                        Effect: "Allow",
                        Action: ["s3:GetObject", "s3:PutObject"],
                        Resource: `arn:aws:s3:::${BUCKET}/${TAG}/*`,
                    },
                    {
                        Sid: "List",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: `arn:aws:s3:::${BUCKET}`,
                        Condition: { StringLike: { "s3:prefix": [`${TAG}/*`] } },
                    },
                    {
                        Sid: "Key",
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                        Resource: KEY_ARN,
                        Condition: {
                            StringEquals: { "kms:ViaService": [`dynamodb.${REGION}.amazonaws.com`] },
                        },
                    },
                ),
            },
        },
        {
            type: "aws:iam/role:Role",
            name: "items-handler-role",
            props: {
                name: "items-handler-role",
                arn: `arn:aws:iam::${ACCOUNT}:role/items-handler-role`,
                assumeRolePolicy: lambdaTrust,
                tags: PLATFORM_TAGS,
            },
        },
        {
            type: "aws:lambda/function:Function",
            name: "items-handler",
            props: {
                name: FN,
                arn: FN_ARN,
                role: `arn:aws:iam::${ACCOUNT}:role/items-handler-role`,
                tenancyConfig: { tenantIsolationMode: "PER_TENANT" },
                environment: {
                    variables: {
                        TENANT_ACCESS_ROLE_ARN: ACCESS_ROLE_ARN,
                        TENANT_DATA_TABLE: TABLE,
                        TENANT_BUCKET: BUCKET,
                    },
                },
                tags: { ...PLATFORM_TAGS, Tier: "pooled" },
            },
        },
        {
            type: "aws:lambda/permission:Permission",
            name: "api-invoke",
            props: {
                action: "lambda:InvokeFunction",
                function: FN,
                principal: "apigateway.amazonaws.com",
                sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3/dev/*/*`,
            },
        },
    ];
}

/** The base stack with `extra` resources added (a resource of the same type and name replaces its base). */
export function stackWith(...extra: StackFixture[]): StackFixture[] {
    const base = baseStack().filter((r) => !extra.some((e) => e.type === r.type && e.name === r.name));
    return [...base, ...extra];
}

/** The base stack with one resource's props changed. */
export function stackChanging(
    name: string,
    change: (props: Record<string, unknown>) => Record<string, unknown>,
): StackFixture[] {
    return baseStack().map((r) => (r.name === name ? { ...r, props: change(structuredClone(r.props)) } : r));
}
