/**
 * `offboard --purge`: deletes an offboarded tenant's data after its backup, the one place this
 * project deletes tenant data. Every step can be repeated: a re-run deletes what is left.
 *
 * - Pooled: the tenant's items in the shared table (Query of its partition, deleted by key) and
 *   every version of its objects under `<tenantId>/` in the shared bucket. Nothing else is touched.
 * - Premium: its own table (deletion protection switched off first; the on-demand backup stays)
 *   and its own bucket (every version, then the bucket). Its KMS key is left to the operator
 *   (`aws kms schedule-key-deletion`), since the backup and old object versions may need it.
 */
import {
    DeleteTableCommand,
    type DynamoDBClient,
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
import { tenantKeyAlias } from "../../components/shared/tenantNaming";
import type { TenantId } from "../../tiers/tenantId";
import type { TierName } from "../../tiers/tier";
import { batchWrite, deleteRequests, partitionPages } from "../migration/dynamo";
import type { TenantDataStores } from "./record";

export interface PurgeContext {
    readonly tenantId: TenantId;
    readonly environment: string;
    readonly sleep: (ms: number) => Promise<void>;
}

/** Deletes every version of every object under `prefix` (the whole bucket for `""`); returns how many. */
async function deleteVersions(s3: S3Client, bucket: string, prefix: string): Promise<number> {
    let deleted = 0;
    for (;;) {
        const out = await s3.send(
            new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix === "" ? undefined : prefix }),
        );
        const ids: ObjectIdentifier[] = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
            .filter((v) => v.Key !== undefined)
            .map((v) => ({
                Key: v.Key as string,
                ...(v.VersionId === undefined ? {} : { VersionId: v.VersionId }),
            }));
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

/** What a purge deleted, and what it left to the operator. */
export interface PurgeOutcome {
    readonly items: number;
    readonly objectVersions: number;
    readonly notes: readonly string[];
}

export async function purgeTenantData(
    clients: { readonly dynamodb: DynamoDBClient; readonly s3: S3Client },
    tier: TierName,
    stores: TenantDataStores,
    context: PurgeContext,
): Promise<PurgeOutcome> {
    const { tenantId } = context;
    if (tier === "pooled") {
        let items = 0;
        const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000, sleep: context.sleep };
        for await (const page of partitionPages(clients.dynamodb, stores.tableName, tenantId)) {
            await batchWrite(
                clients.dynamodb,
                stores.tableName,
                "delete",
                deleteRequests(tenantId, stores.tableName, page.items),
                policy,
            );
            items += page.items.length;
        }
        const objectVersions = await deleteVersions(clients.s3, stores.bucketName, `${tenantId}/`);
        return { items, objectVersions, notes: [] };
    }
    try {
        await clients.dynamodb.send(
            new UpdateTableCommand({ TableName: stores.tableName, DeletionProtectionEnabled: false }),
        );
        await clients.dynamodb.send(new DeleteTableCommand({ TableName: stores.tableName }));
    } catch (error) {
        // Deleted by an earlier run of this purge.
        if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    let objectVersions = 0;
    try {
        objectVersions = await deleteVersions(clients.s3, stores.bucketName, "");
        await clients.s3.send(new DeleteBucketCommand({ Bucket: stores.bucketName }));
    } catch (error) {
        if (!(error instanceof Error && error.name === "NoSuchBucket")) throw error;
    }
    return {
        items: 0,
        objectVersions,
        notes: [
            `table ${stores.tableName} and bucket ${stores.bucketName} deleted; the tenant's KMS key is kept for the backup: ` +
                `schedule its deletion when the backup is no longer needed (aws kms schedule-key-deletion --key-id ${tenantKeyAlias(context.environment, tenantId)} --pending-window-in-days 30)`,
        ],
    };
}
