/**
 * The backup step of offboarding.
 *
 * - Premium tenants: an on-demand DynamoDB backup of their own table, named after the table and
 *   the operation's start time. A re-run first looks the name up (ListBackups), so a crash between
 *   CreateBackup and the record never makes a second backup. Waits until the backup is AVAILABLE.
 *   Their bucket is retained by the stack (and versioned), so objects need no copy.
 * - Pooled tenants: an export of their partition of the shared table (a Query on their partition
 *   key, never a Scan) as JSON lines of canonical DynamoDB JSON, and of their objects under
 *   `<tenantId>/` in the shared bucket, plus a manifest with counts and the partition checksum.
 */
import {
    CreateBackupCommand,
    DescribeBackupCommand,
    type DynamoDBClient,
    ListBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { TenantId } from "../../tiers/tenantId";
import { canonicalItemJson, PartitionDigester } from "../migration/checksum";
import { partitionPages } from "../migration/dynamo";
import { type ArchiveSink, compactTime } from "./archive";
import { LifecycleStateError } from "./errors";
import type { BackupRecord, TenantDataStores } from "./record";

export interface BackupContext {
    readonly tenantId: TenantId;
    readonly startedAt: string;
    readonly sleep: (ms: number) => Promise<void>;
    readonly onProgress: (what: string, count?: number) => void;
}

/** Polls of DescribeBackup before giving up (5 s apart: 10 minutes). */
const BACKUP_POLLS = 120;

async function findBackup(
    client: DynamoDBClient,
    tableName: string,
    backupName: string,
): Promise<string | undefined> {
    let start: string | undefined;
    do {
        const out = await client.send(
            new ListBackupsCommand({ TableName: tableName, ExclusiveStartBackupArn: start }),
        );
        const found = out.BackupSummaries?.find((b) => b.BackupName === backupName)?.BackupArn;
        if (found !== undefined) return found;
        start = out.LastEvaluatedBackupArn;
    } while (start !== undefined);
    return undefined;
}

/** An on-demand backup of a premium tenant's table, created once and waited for. */
export async function premiumBackup(
    client: DynamoDBClient,
    stores: TenantDataStores,
    context: BackupContext,
): Promise<BackupRecord> {
    const { tableName } = stores;
    const backupName = `${tableName}-offboard-${compactTime(context.startedAt)}`.slice(0, 255);
    let backupArn = await findBackup(client, tableName, backupName);
    if (backupArn === undefined) {
        const out = await client.send(
            new CreateBackupCommand({ TableName: tableName, BackupName: backupName }),
        );
        backupArn = out.BackupDetails?.BackupArn;
        if (backupArn === undefined) {
            throw new LifecycleStateError(
                `CreateBackup of ${tableName} returned no backup ARN: re-run offboard`,
            );
        }
        context.onProgress(`on-demand backup ${backupName} requested`);
    }
    for (let poll = 1; ; poll++) {
        const out = await client.send(new DescribeBackupCommand({ BackupArn: backupArn }));
        const status = out.BackupDescription?.BackupDetails?.BackupStatus;
        if (status === "AVAILABLE") break;
        if (status === "DELETED" || poll >= BACKUP_POLLS) {
            throw new LifecycleStateError(
                `backup ${backupArn} of ${tableName} is ${status ?? "unknown"} after ${poll} checks: re-run offboard to wait again`,
            );
        }
        await context.sleep(5_000);
    }
    context.onProgress(`on-demand backup ${backupName} available`);
    return { kind: "dynamodb-backup", tableName, backupName, backupArn };
}

/** Exports a pooled tenant's partition and objects to `sink`. */
export async function pooledExport(
    clients: { readonly dynamodb: DynamoDBClient; readonly s3: S3Client },
    stores: TenantDataStores,
    sink: ArchiveSink,
    context: BackupContext,
): Promise<BackupRecord> {
    const { tenantId } = context;
    const digester = new PartitionDigester();
    const lines: string[] = [];
    for await (const page of partitionPages(clients.dynamodb, stores.tableName, tenantId)) {
        for (const item of page.items) {
            digester.add(item);
            lines.push(canonicalItemJson(item));
        }
        context.onProgress("items exported", lines.length);
    }
    await sink.write("items.jsonl", lines.length === 0 ? "" : `${lines.join("\n")}\n`);

    let objects = 0;
    let token: string | undefined;
    do {
        const out = await clients.s3.send(
            new ListObjectsV2Command({
                Bucket: stores.bucketName,
                Prefix: `${tenantId}/`,
                ContinuationToken: token,
            }),
        );
        for (const entry of out.Contents ?? []) {
            if (entry.Key === undefined) continue;
            const object = await clients.s3.send(
                new GetObjectCommand({ Bucket: stores.bucketName, Key: entry.Key }),
            );
            const body =
                object.Body === undefined ? new Uint8Array() : await object.Body.transformToByteArray();
            // One flat, reversible file name per key: no key can climb out of the export folder.
            await sink.write(`objects/${encodeURIComponent(entry.Key)}`, body);
            objects++;
        }
        context.onProgress("objects exported", objects);
        token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    } while (token !== undefined);

    const { count, checksum } = digester.digest();
    await sink.write(
        "manifest.json",
        `${JSON.stringify({ tenantId, table: stores.tableName, bucket: stores.bucketName, items: count, objects, checksum, startedAt: context.startedAt }, null, 2)}\n`,
    );
    return { kind: "export", location: sink.location, items: count, objects, checksum };
}
