/**
 * The purge of an offboarded tenant, the one place this project deletes tenant data, and its
 * check: a purge is recorded only once a second look finds nothing of the tenant left. Every step
 * can be repeated: a re-run deletes what is left.
 *
 * - Pooled: every item of its partition in the shared table (Query, deleted by key) and every
 *   object version and delete marker under `<tenantId>/` in the shared (versioned) bucket.
 * - Premium: its own table (deletion protection off first) with every backup of it, its own
 *   bucket (every version and delete marker, then the bucket), and its KMS key, untagged and
 *   scheduled for deletion after the shortest waiting period (`tenantKey.ts`).
 * - Both: every Cognito user whose `custom:tenantId` is the id (`tenantUsers.ts`).
 *
 * A pooled tenant's offboarding export lives in the operator's archive, outside every tenant's
 * reach; it is not touched.
 */
import {
    DeleteBackupCommand,
    DeleteTableCommand,
    DescribeTableCommand,
    type DynamoDBClient,
    ListBackupsCommand,
    QueryCommand,
    ResourceNotFoundException,
    UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import {
    DeleteBucketCommand,
    DeleteObjectsCommand,
    ListObjectVersionsCommand,
    type ObjectIdentifier,
    type S3Client,
} from "@aws-sdk/client-s3";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { PurgeRecord, RetainedData } from "../../tiers/registry";
import type { TenantId } from "../../tiers/tenantId";
import type { TierName } from "../../tiers/tier";
import { batchWrite, deleteRequests, partitionPages } from "../migration/dynamo";
import { PurgeNotVerifiedError } from "./errors";
import { keyProblem, retireKey } from "./tenantKey";
import type { TenantUserDirectory } from "./tenantUsers";

export interface PurgeClients {
    readonly dynamodb: DynamoDBClient;
    readonly s3: S3Client;
    /** Premium tenants' keys. */
    readonly kms?: KMSClient;
    readonly users: TenantUserDirectory;
}

export interface PurgeContext {
    readonly tenantId: TenantId;
    readonly sleep: (ms: number) => Promise<void>;
    readonly now: () => Date;
}

const isNoSuchBucket = (error: unknown) => error instanceof Error && error.name === "NoSuchBucket";

/** Every version and delete marker under `prefix` (the whole bucket for `""`), one page at a time. */
async function versionPage(s3: S3Client, bucket: string, prefix: string): Promise<ObjectIdentifier[]> {
    const out = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix === "" ? undefined : prefix }),
    );
    return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
        .filter((v) => v.Key !== undefined)
        .map((v) => ({
            Key: v.Key as string,
            ...(v.VersionId === undefined ? {} : { VersionId: v.VersionId }),
        }));
}

/** Deletes every version and delete marker under `prefix`; returns how many. */
async function deleteVersions(s3: S3Client, bucket: string, prefix: string): Promise<number> {
    let deleted = 0;
    for (;;) {
        const ids = await versionPage(s3, bucket, prefix);
        if (ids.length === 0) return deleted;
        for (let i = 0; i < ids.length; i += 1000) {
            await s3.send(
                new DeleteObjectsCommand({
                    Bucket: bucket,
                    Delete: { Objects: ids.slice(i, i + 1000), Quiet: true },
                }),
            );
        }
        deleted += ids.length;
    }
}

/** ARNs of the table's backups that still exist. */
async function tableBackups(dynamodb: DynamoDBClient, tableName: string): Promise<string[]> {
    const arns: string[] = [];
    let start: string | undefined;
    do {
        const out = await dynamodb.send(
            new ListBackupsCommand({ TableName: tableName, ExclusiveStartBackupArn: start }),
        );
        for (const b of out.BackupSummaries ?? [])
            if (b.BackupArn !== undefined && b.BackupStatus !== "DELETED") arns.push(b.BackupArn);
        start = out.LastEvaluatedBackupArn;
    } while (start !== undefined);
    return arns;
}

async function purgePooled(clients: PurgeClients, stores: RetainedData, context: PurgeContext) {
    const { tenantId } = context;
    let items = 0;
    const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000, sleep: context.sleep };
    for await (const page of partitionPages(clients.dynamodb, stores.tableName, tenantId)) {
        const requests = deleteRequests(tenantId, stores.tableName, page.items);
        await batchWrite(clients.dynamodb, stores.tableName, "delete", requests, policy);
        items += page.items.length;
    }
    const objectVersions = await deleteVersions(clients.s3, stores.bucketName, `${tenantId}/`);
    return { items, objectVersions, tables: 0, buckets: 0, backups: 0 };
}

/** Polls of DescribeTable while a deleted table is DELETING. */
const TABLE_DELETION_POLLS = 150;

async function purgePremium(
    clients: PurgeClients,
    stores: RetainedData,
    sleep: (ms: number) => Promise<void>,
) {
    const { dynamodb, s3 } = clients;
    let backups = 0;
    for (const arn of await tableBackups(dynamodb, stores.tableName)) {
        await dynamodb.send(new DeleteBackupCommand({ BackupArn: arn }));
        backups++;
    }
    let tables = 0;
    try {
        await dynamodb.send(
            new UpdateTableCommand({ TableName: stores.tableName, DeletionProtectionEnabled: false }),
        );
        await dynamodb.send(new DeleteTableCommand({ TableName: stores.tableName }));
        tables = 1;
    } catch (error) {
        // Deleted by an earlier run of this purge.
        if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    // DeleteTable returns while the table is DELETING: wait until it is gone (2 s polls, 5 minutes).
    for (let poll = 0; poll < TABLE_DELETION_POLLS; poll++) {
        try {
            await dynamodb.send(new DescribeTableCommand({ TableName: stores.tableName }));
        } catch (error) {
            if (error instanceof ResourceNotFoundException) break;
            throw error;
        }
        await sleep(2_000);
    }
    let objectVersions = 0;
    let buckets = 0;
    try {
        objectVersions = await deleteVersions(s3, stores.bucketName, "");
        await s3.send(new DeleteBucketCommand({ Bucket: stores.bucketName }));
        buckets = 1;
    } catch (error) {
        if (!isNoSuchBucket(error)) throw error;
    }
    return { items: 0, objectVersions, tables, buckets, backups };
}

/** What is left of the tenant, in words; empty when the purge is complete. */
export async function remainsOf(
    clients: PurgeClients,
    tier: TierName,
    stores: RetainedData,
    tenantId: TenantId,
): Promise<string[]> {
    const { dynamodb, s3 } = clients;
    const left: string[] = [];
    if (tier === "pooled") {
        const { Count = 0 } = await dynamodb.send(
            new QueryCommand({
                TableName: stores.tableName,
                KeyConditionExpression: "tenantId = :t",
                ExpressionAttributeValues: { ":t": { S: tenantId } },
                Select: "COUNT",
                ConsistentRead: true,
            }),
        );
        if (Count > 0) left.push(`${Count} items of partition ${tenantId} in ${stores.tableName}`);
        const versions = await versionPage(s3, stores.bucketName, `${tenantId}/`);
        if (versions.length > 0)
            left.push(`${versions.length} object versions under s3://${stores.bucketName}/${tenantId}/`);
    } else {
        try {
            await dynamodb.send(new DescribeTableCommand({ TableName: stores.tableName }));
            left.push(`table ${stores.tableName}`);
        } catch (error) {
            if (!(error instanceof ResourceNotFoundException)) throw error;
        }
        const backups = await tableBackups(dynamodb, stores.tableName);
        if (backups.length > 0) left.push(`${backups.length} backups of ${stores.tableName}`);
        try {
            await versionPage(s3, stores.bucketName, "");
            left.push(`bucket ${stores.bucketName}`);
        } catch (error) {
            if (!isNoSuchBucket(error)) throw error;
        }
        if (stores.kmsKeyArn !== undefined && clients.kms !== undefined) {
            const problem = await keyProblem(clients.kms, stores.kmsKeyArn);
            if (problem !== undefined) left.push(problem);
        }
    }
    const users = await clients.users.list(tenantId);
    if (users.length > 0) left.push(`${users.length} Cognito users with custom:tenantId=${tenantId}`);
    return left;
}

/** Deletes everything of the tenant, then checks that nothing is left; see the module comment. */
export async function purgeTenantData(
    clients: PurgeClients,
    tier: TierName,
    stores: RetainedData,
    context: PurgeContext,
): Promise<PurgeRecord> {
    const { tenantId } = context;
    if (tier === "premium" && stores.kmsKeyArn !== undefined && clients.kms === undefined) {
        throw new PurgeNotVerifiedError(tenantId, [`key ${stores.kmsKeyArn} (no KMS client was given)`]);
    }
    const deleted =
        tier === "pooled"
            ? await purgePooled(clients, stores, context)
            : await purgePremium(clients, stores, context.sleep);
    const users = await clients.users.remove(tenantId);
    const key =
        tier === "premium" && stores.kmsKeyArn !== undefined && clients.kms !== undefined
            ? await retireKey(clients.kms, stores.kmsKeyArn)
            : undefined;
    const left = await remainsOf(clients, tier, stores, tenantId);
    if (left.length > 0) throw new PurgeNotVerifiedError(tenantId, left);
    return {
        verifiedAt: context.now().toISOString(),
        ...deleted,
        users,
        ...(key === undefined ? {} : { key }),
    };
}

/** What an operator reads after a purge: what went, and when the key will be gone. */
export function purgeNotes(purge: PurgeRecord): string[] {
    const notes = [
        `purge verified at ${purge.verifiedAt}: ${purge.items} items, ${purge.objectVersions} object versions, ` +
            `${purge.tables} tables, ${purge.buckets} buckets, ${purge.backups} table backups and ${purge.users} users deleted`,
    ];
    if (purge.key !== undefined) {
        notes.push(
            `KMS key ${purge.key.arn} is untagged and scheduled for deletion: unusable now, gone on ${purge.key.deletionDate}`,
        );
    }
    return notes;
}
