/**
 * The DynamoDB calls of the tenant data migration, on the low-level client so items are copied
 * attribute value for attribute value. Every key is built here from the validated tenant id: a
 * Query on `tenantId = :t` (never a Scan), and deletes keyed by that id plus the item's sort key.
 */
import {
    BatchWriteItemCommand,
    type DynamoDBClient,
    QueryCommand,
    type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import type { TenantId } from "../../tiers/tenantId";
import { TENANT_DATA_KEYS } from "../../components/shared/tenantDataSchema";
import { type DynamoItem, type PartitionDigest, PartitionDigester } from "./checksum";
import { BatchRetriesExhaustedError, ForeignItemError } from "./errors";

/** BatchWriteItem's limit of requests per call. */
export const BATCH_WRITE_LIMIT = 25;

/** How a batch is retried while DynamoDB returns UnprocessedItems. */
export interface BatchRetryPolicy {
    /** Calls per batch, the first included. */
    readonly maxAttempts: number;
    /** Delay before the first retry; it doubles on every further retry. */
    readonly baseDelayMs: number;
    /** Ceiling of a single delay. */
    readonly maxDelayMs: number;
    readonly sleep: (ms: number) => Promise<void>;
}

/** Delay before retry number `retry` (1-based): `baseDelayMs * 2^(retry-1)`, capped at `maxDelayMs`. */
export function backoffDelay(retry: number, policy: Pick<BatchRetryPolicy, "baseDelayMs" | "maxDelayMs">) {
    return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/** One page of a tenant's partition, in sort-key order. */
export interface PartitionPage {
    readonly items: readonly DynamoItem[];
    /** Sort key to resume after (the page's LastEvaluatedKey), absent on the last page. */
    readonly nextStartSk?: string;
}

/** The key of a tenant's item: the validated tenant id and the item's own sort key. */
export function tenantItemKey(tenantId: TenantId, sk: string): DynamoItem {
    return { [TENANT_DATA_KEYS.partitionKey]: { S: tenantId }, [TENANT_DATA_KEYS.sortKey]: { S: sk } };
}

/** The sort key of an item of `tenantId`'s partition; throws rather than ever handle another tenant's item. */
export function sortKeyOf(tenantId: TenantId, table: string, item: DynamoItem): string {
    const pk = item[TENANT_DATA_KEYS.partitionKey];
    const sk = item[TENANT_DATA_KEYS.sortKey];
    if (pk?.S !== tenantId || sk?.S === undefined) {
        throw new ForeignItemError(tenantId, table, {
            [TENANT_DATA_KEYS.partitionKey]: pk,
            [TENANT_DATA_KEYS.sortKey]: sk,
        });
    }
    return sk.S;
}

/**
 * Pages through `tenantId`'s partition with consistent reads, starting after `startAfterSk`.
 * `limit` caps items per page (DynamoDB also stops a page at 1 MB).
 */
export async function* partitionPages(
    client: DynamoDBClient,
    table: string,
    tenantId: TenantId,
    options: { readonly startAfterSk?: string; readonly limit?: number } = {},
): AsyncGenerator<PartitionPage> {
    let startSk = options.startAfterSk;
    do {
        const out = await client.send(
            new QueryCommand({
                TableName: table,
                KeyConditionExpression: "#pk = :tenantId",
                ExpressionAttributeNames: { "#pk": TENANT_DATA_KEYS.partitionKey },
                ExpressionAttributeValues: { ":tenantId": { S: tenantId } },
                ConsistentRead: true,
                ExclusiveStartKey: startSk === undefined ? undefined : tenantItemKey(tenantId, startSk),
                Limit: options.limit,
            }),
        );
        const items = out.Items ?? [];
        for (const item of items) sortKeyOf(tenantId, table, item);
        startSk =
            out.LastEvaluatedKey === undefined ? undefined : sortKeyOf(tenantId, table, out.LastEvaluatedKey);
        yield startSk === undefined ? { items } : { items, nextStartSk: startSk };
    } while (startSk !== undefined);
}

/** Count and checksum of `tenantId`'s partition in `table`. */
export async function digestPartition(
    client: DynamoDBClient,
    table: string,
    tenantId: TenantId,
    limit?: number,
): Promise<PartitionDigest> {
    const digester = new PartitionDigester();
    for await (const page of partitionPages(client, table, tenantId, { limit })) {
        for (const item of page.items) digester.add(item);
    }
    return digester.digest();
}

/**
 * Writes `requests` to `table` in batches of {@link BATCH_WRITE_LIMIT}, re-sending UnprocessedItems
 * after an exponential backoff until none are left or `maxAttempts` calls were made for a batch.
 */
export async function batchWrite(
    client: DynamoDBClient,
    table: string,
    operation: "put" | "delete",
    requests: readonly WriteRequest[],
    policy: BatchRetryPolicy,
): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
        let pending = requests.slice(start, start + BATCH_WRITE_LIMIT);
        for (let attempt = 1; ; attempt++) {
            const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
            const unprocessed = out.UnprocessedItems?.[table] ?? [];
            if (unprocessed.length === 0) break;
            if (attempt >= policy.maxAttempts) {
                throw new BatchRetriesExhaustedError(table, operation, attempt, unprocessed.length);
            }
            await policy.sleep(backoffDelay(attempt, policy));
            pending = unprocessed;
        }
    }
}

/** Put requests copying `items` as they are. */
export const putRequests = (items: readonly DynamoItem[]): WriteRequest[] =>
    items.map((item) => ({ PutRequest: { Item: item } }));

/** Delete requests for `items`, keyed by the validated tenant id and each item's sort key. */
export const deleteRequests = (
    tenantId: TenantId,
    table: string,
    items: readonly DynamoItem[],
): WriteRequest[] =>
    items.map((item) => ({
        DeleteRequest: { Key: tenantItemKey(tenantId, sortKeyOf(tenantId, table, item)) },
    }));
