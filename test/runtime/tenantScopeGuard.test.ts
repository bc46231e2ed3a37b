import { BatchWriteItemCommand, ExecuteStatementCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { CopyObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
    DynamoDBDocumentClient,
    ScanCommand as DocumentScanCommand,
    GetCommand,
    PutCommand,
    QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantFiles } from "../../runtime/tenantFiles";
import { TenantKeys, TenantScopeError } from "../../runtime/tenantKeys";
import { guardBucketClient, guardTableClient } from "../../runtime/tenantScopeGuard";
import {
    createTenantDataTable,
    dynamoClient,
    type Emulator,
    s3Client,
    startDynalite,
    startS3rver,
} from "./support/emulators";

// Each attempt below is made through a client guarded for tenant "acme"; the error type proves the
// guard refused it before anything was signed or sent (the emulators would have answered otherwise).

const TABLE = "tenant-data";
const BUCKET = "tenant-files";
const TENANT_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
let dynalite: Emulator;
let s3rver: Emulator;

beforeAll(async () => {
    [dynalite, s3rver] = await Promise.all([startDynalite(), startS3rver([BUCKET, "other-files"])]);
    await createTenantDataTable(dynalite.endpoint, TABLE);
    await createTenantDataTable(dynalite.endpoint, "other-data");
});

afterAll(async () => {
    await Promise.all([dynalite.close(), s3rver.close()]);
});

/** A client guarded for acme, the way `openTenantData` guards its own. */
function guardedTable(): DynamoDBDocumentClient {
    const client = dynamoClient(dynalite.endpoint);
    guardTableClient(client, new TenantKeys("acme"), TABLE);
    return DynamoDBDocumentClient.from(client);
}
function guardedBucket(tenantKeyArn?: string): S3Client {
    const client = s3Client(s3rver.endpoint);
    guardBucketClient(client, new TenantKeys("acme"), BUCKET, tenantKeyArn);
    return client;
}

describe("tenant scope guard (DynamoDB)", () => {
    it.each<[string, () => Promise<unknown>, string]>([
        [
            "a Scan",
            () => guardedTable().send(new DocumentScanCommand({ TableName: TABLE })),
            "ScanCommand is not allowed on tenant data: use one of GetItemCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand, QueryCommand",
        ],
        [
            "a low-level Scan",
            () => {
                const client = dynamoClient(dynalite.endpoint);
                guardTableClient(client, new TenantKeys("acme"), TABLE);
                return client.send(new ScanCommand({ TableName: TABLE }));
            },
            "ScanCommand is not allowed on tenant data",
        ],
        [
            "a PartiQL select",
            () => {
                const client = dynamoClient(dynalite.endpoint);
                guardTableClient(client, new TenantKeys("acme"), TABLE);
                return client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${TABLE}"` }));
            },
            "ExecuteStatementCommand is not allowed on tenant data",
        ],
        [
            "a batch write",
            () => {
                const client = dynamoClient(dynalite.endpoint);
                guardTableClient(client, new TenantKeys("acme"), TABLE);
                return client.send(new BatchWriteItemCommand({ RequestItems: {} }));
            },
            "BatchWriteItemCommand is not allowed on tenant data",
        ],
        [
            "a put into another partition",
            () =>
                guardedTable().send(
                    new PutCommand({ TableName: TABLE, Item: { tenantId: "globex", sk: "ITEM#1" } }),
                ),
            'PutItemCommand names partition "globex", outside tenant "acme"',
        ],
        [
            "a get from another partition",
            () =>
                guardedTable().send(
                    new GetCommand({ TableName: TABLE, Key: { tenantId: "globex", sk: "ITEM#1" } }),
                ),
            'GetItemCommand names partition "globex", outside tenant "acme"',
        ],
        [
            "a get from a neighbouring partition",
            () =>
                guardedTable().send(
                    new GetCommand({ TableName: TABLE, Key: { tenantId: "acme2", sk: "ITEM#1" } }),
                ),
            'GetItemCommand names partition "acme2", outside tenant "acme"',
        ],
        [
            "a get from another table",
            () =>
                guardedTable().send(
                    new GetCommand({ TableName: "other-data", Key: { tenantId: "acme", sk: "ITEM#1" } }),
                ),
            'GetItemCommand names table "other-data", not "tenant-data"',
        ],
        [
            "a query of another partition",
            () =>
                guardedTable().send(
                    new QueryCommand({
                        TableName: TABLE,
                        KeyConditionExpression: "#pk = :pk",
                        ExpressionAttributeNames: { "#pk": "tenantId" },
                        ExpressionAttributeValues: { ":pk": "globex" },
                    }),
                ),
            'QueryCommand names partition "globex", outside tenant "acme"',
        ],
        [
            "a query keyed on another attribute",
            () =>
                guardedTable().send(
                    new QueryCommand({
                        TableName: TABLE,
                        KeyConditionExpression: "#pk = :pk",
                        ExpressionAttributeNames: { "#pk": "sk" },
                        ExpressionAttributeValues: { ":pk": "acme" },
                    }),
                ),
            "QueryCommand must use index gsi1 or none",
        ],
        [
            "a query continuing from another tenant's key",
            () =>
                guardedTable().send(
                    new QueryCommand({
                        TableName: TABLE,
                        KeyConditionExpression: "#pk = :pk",
                        ExpressionAttributeNames: { "#pk": "tenantId" },
                        ExpressionAttributeValues: { ":pk": "acme" },
                        ExclusiveStartKey: { tenantId: "globex", sk: "ITEM#1" },
                    }),
                ),
            'QueryCommand start key names partition "globex", outside tenant "acme"',
        ],
    ])("refuses %s before it is sent", async (_name, attempt, message) => {
        const error = await attempt().then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TenantScopeError);
        expect((error as Error).message).toContain(message);
    });

    it("lets the tenant's own requests through", async () => {
        await guardedTable().send(
            new PutCommand({ TableName: TABLE, Item: { tenantId: "acme", sk: "ITEM#guard" } }),
        );
        const result = await guardedTable().send(
            new GetCommand({ TableName: TABLE, Key: { tenantId: "acme", sk: "ITEM#guard" } }),
        );
        expect(result.Item).toEqual({ tenantId: "acme", sk: "ITEM#guard" });
    });
});

describe("tenant scope guard (S3)", () => {
    it.each<[string, () => Promise<unknown>, string]>([
        [
            "a listing",
            () => guardedBucket().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "acme/" })),
            "ListObjectsV2Command is not allowed on tenant files: use one of GetObjectCommand, PutObjectCommand, DeleteObjectCommand, HeadObjectCommand",
        ],
        [
            "a copy",
            () =>
                guardedBucket().send(
                    new CopyObjectCommand({
                        Bucket: BUCKET,
                        Key: "acme/x",
                        CopySource: `${BUCKET}/globex/x`,
                    }),
                ),
            "CopyObjectCommand is not allowed on tenant files",
        ],
        [
            "a write under another tenant's prefix",
            () =>
                guardedBucket().send(
                    new PutObjectCommand({ Bucket: BUCKET, Key: "globex/items/1/file", Body: "x" }),
                ),
            'PutObjectCommand names object "globex/items/1/file", outside prefix "acme/"',
        ],
        [
            "a write escaping the prefix",
            () =>
                guardedBucket().send(
                    new PutObjectCommand({ Bucket: BUCKET, Key: "acme/../globex/x", Body: "x" }),
                ),
            'PutObjectCommand names object "acme/../globex/x", outside prefix "acme/"',
        ],
        [
            "a write to another bucket",
            () =>
                guardedBucket().send(
                    new PutObjectCommand({ Bucket: "other-files", Key: "acme/x", Body: "x" }),
                ),
            'PutObjectCommand names bucket "other-files", not "tenant-files"',
        ],
        [
            "a pooled write choosing its own key",
            () =>
                guardedBucket().send(
                    new PutObjectCommand({
                        Bucket: BUCKET,
                        Key: "acme/x",
                        Body: "x",
                        ServerSideEncryption: "aws:kms",
                        SSEKMSKeyId: TENANT_KEY,
                    }),
                ),
            "PutObjectCommand must not choose an encryption: the bucket's default SSE-KMS applies",
        ],
        [
            "a premium write without the tenant's key",
            () =>
                guardedBucket(TENANT_KEY).send(
                    new PutObjectCommand({ Bucket: BUCKET, Key: "acme/x", Body: "x" }),
                ),
            `PutObjectCommand must use SSE-KMS with the tenant's key ${TENANT_KEY}`,
        ],
        [
            "a premium write under another key",
            () =>
                guardedBucket(TENANT_KEY).send(
                    new PutObjectCommand({
                        Bucket: BUCKET,
                        Key: "acme/x",
                        Body: "x",
                        ServerSideEncryption: "aws:kms",
                        SSEKMSKeyId: "arn:aws:kms:eu-west-1:123456789012:key/other",
                    }),
                ),
            `PutObjectCommand must use SSE-KMS with the tenant's key ${TENANT_KEY}`,
        ],
    ])("refuses %s before it is sent", async (_name, attempt, message) => {
        const error = await attempt().then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TenantScopeError);
        expect((error as Error).message).toContain(message);
    });

    it("lets a premium write with the tenant's key through", async () => {
        const files = new TenantFiles(guardedBucket(TENANT_KEY), new TenantKeys("acme"), BUCKET, TENANT_KEY);
        await files.put("premium", { body: new TextEncoder().encode("p"), contentType: "text/plain" });
        expect(new TextDecoder().decode((await files.get("premium"))?.body)).toBe("p");
    });
});
