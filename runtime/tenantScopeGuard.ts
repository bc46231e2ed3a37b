/**
 * Client-side guards on the tenant's DynamoDB and S3 clients: every request is checked against the
 * tenant before it is signed. IAM (the session-tag policies) is the wall; this is the tripwire
 * that turns a code path reaching for a Scan, another table, another partition or another prefix
 * into a loud `TenantScopeError` in the tenant's own logs instead of an AccessDenied from AWS.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { TENANT_DATA_KEYS } from "../components/shared/tenantDataSchema";
import { type TenantKeys, TenantScopeError } from "./tenantKeys";

/** The only DynamoDB operations tenant code may send; all of them name a partition key. */
export const TABLE_OPERATIONS: readonly string[] = Object.freeze([
    "GetItemCommand",
    "PutItemCommand",
    "UpdateItemCommand",
    "DeleteItemCommand",
    "QueryCommand",
]);

/** The only S3 operations tenant code may send; all of them name one object key. */
export const OBJECT_OPERATIONS: readonly string[] = Object.freeze([
    "GetObjectCommand",
    "PutObjectCommand",
    "DeleteObjectCommand",
    "HeadObjectCommand",
]);

/** The canonical key condition of every tenant query; `#pk`/`:pk` must be the tenant's partition. */
export const PARTITION_CONDITION = "#pk = :pk";

type Input = Readonly<Record<string, unknown>>;

const stringAttribute = (map: unknown, name: string): unknown =>
    (map as Record<string, { S?: unknown } | undefined> | undefined)?.[name]?.S;

/** Installs the DynamoDB guard (the document client shares the base client's middleware stack). */
export function guardTableClient(client: DynamoDBClient, keys: TenantKeys, tableName: string): void {
    const pk = TENANT_DATA_KEYS.partitionKey;
    client.middlewareStack.add(
        (next, context) => async (args) => {
            const operation = context.commandName ?? "(unknown)";
            const input = args.input as Input;
            if (!TABLE_OPERATIONS.includes(operation)) {
                throw new TenantScopeError(
                    `${operation} is not allowed on tenant data: use one of ${TABLE_OPERATIONS.join(", ")}`,
                );
            }
            if (input.TableName !== tableName) {
                throw new TenantScopeError(
                    `${operation} names table ${JSON.stringify(input.TableName)}, not "${tableName}"`,
                );
            }
            if (operation === "PutItemCommand") {
                keys.assertOwnPartition(stringAttribute(input.Item, pk), operation);
            } else if (operation === "QueryCommand") {
                checkQuery(input, keys);
            } else {
                keys.assertOwnPartition(stringAttribute(input.Key, pk), operation);
            }
            return next(args);
        },
        { step: "build", name: "tenantScopeGuard", override: true },
    );
}

function checkQuery(input: Input, keys: TenantKeys): void {
    const condition = typeof input.KeyConditionExpression === "string" ? input.KeyConditionExpression : "";
    const names = input.ExpressionAttributeNames as Record<string, string> | undefined;
    const indexOk = input.IndexName === undefined || input.IndexName === TENANT_DATA_KEYS.indexName;
    if (
        !indexOk ||
        input.KeyConditions !== undefined ||
        !(condition === PARTITION_CONDITION || condition.startsWith(`${PARTITION_CONDITION} AND `)) ||
        names?.["#pk"] !== TENANT_DATA_KEYS.partitionKey
    ) {
        throw new TenantScopeError(
            `QueryCommand must use index ${TENANT_DATA_KEYS.indexName} or none and start its key condition with "${PARTITION_CONDITION}" on ${TENANT_DATA_KEYS.partitionKey}`,
        );
    }
    keys.assertOwnPartition(stringAttribute(input.ExpressionAttributeValues, ":pk"), "QueryCommand");
    if (input.ExclusiveStartKey !== undefined) {
        keys.assertOwnPartition(
            stringAttribute(input.ExclusiveStartKey, TENANT_DATA_KEYS.partitionKey),
            "QueryCommand start key",
        );
    }
}

/**
 * Installs the S3 guard. With `tenantKeyArn` (premium) every write must be SSE-KMS under exactly
 * that key; without it (pooled) a write must not choose an encryption, so the bucket's default applies.
 */
export function guardBucketClient(
    client: S3Client,
    keys: TenantKeys,
    bucketName: string,
    tenantKeyArn: string | undefined,
): void {
    client.middlewareStack.add(
        (next, context) => async (args) => {
            const operation = context.commandName ?? "(unknown)";
            const input = args.input as Input;
            if (!OBJECT_OPERATIONS.includes(operation)) {
                throw new TenantScopeError(
                    `${operation} is not allowed on tenant files: use one of ${OBJECT_OPERATIONS.join(", ")}`,
                );
            }
            if (input.Bucket !== bucketName) {
                throw new TenantScopeError(
                    `${operation} names bucket ${JSON.stringify(input.Bucket)}, not "${bucketName}"`,
                );
            }
            keys.assertOwnObjectKey(input.Key, operation);
            if (operation === "PutObjectCommand") checkEncryption(input, tenantKeyArn);
            return next(args);
        },
        { step: "build", name: "tenantScopeGuard", override: true },
    );
}

function checkEncryption(input: Input, tenantKeyArn: string | undefined): void {
    const ok =
        tenantKeyArn === undefined
            ? input.ServerSideEncryption === undefined && input.SSEKMSKeyId === undefined
            : input.ServerSideEncryption === "aws:kms" && input.SSEKMSKeyId === tenantKeyArn;
    if (!ok) {
        throw new TenantScopeError(
            tenantKeyArn === undefined
                ? "PutObjectCommand must not choose an encryption: the bucket's default SSE-KMS applies"
                : `PutObjectCommand must use SSE-KMS with the tenant's key ${tenantKeyArn}`,
        );
    }
}
