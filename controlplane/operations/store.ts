/**
 * The operations table (DynamoDB, partition key `operationId`): operation records, and in the same
 * table the two kinds of claim that make the API safe to retry and race: an idempotency key
 * (`idempotency#<client>#<key>`, expiring after a day through the table's TTL attribute
 * `expiresAt`) and a tenant id (`tenant#<environment>#<tenantId>`, kept for good: ids are never
 * reused), each written once with a condition, so two requests can never both win.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { OperationRecord, OperationStatus, OperationStep } from "./record";

/** What an idempotency key was first used for. */
export interface IdempotencyClaim {
    /** A digest of the method, path and body of the first request. */
    readonly fingerprint: string;
    readonly operationId: string;
}

/** An operation item without the table's own `itemType` attribute. */
function recordOf(item: Record<string, unknown>): OperationRecord {
    const record = { ...item };
    delete record.itemType;
    return record as unknown as OperationRecord;
}

/** How long an idempotency key is remembered. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;

export class OperationStore {
    readonly #db: DynamoDBDocumentClient;

    constructor(
        client: DynamoDBClient,
        readonly tableName: string,
    ) {
        this.#db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    }

    /** Writes a new operation; fails if the id exists (ids are random UUIDs: it never should). */
    async create(record: OperationRecord): Promise<void> {
        await this.#db.send(
            new PutCommand({
                TableName: this.tableName,
                Item: { ...record, itemType: "operation" },
                ConditionExpression: "attribute_not_exists(operationId)",
            }),
        );
    }

    async get(operationId: string): Promise<OperationRecord | undefined> {
        const { Item } = await this.#db.send(
            new GetCommand({ TableName: this.tableName, Key: { operationId }, ConsistentRead: true }),
        );
        if (Item === undefined || Item.itemType !== "operation") return undefined;
        return recordOf(Item);
    }

    /**
     * Records that `key` of `client` belongs to `claim`, unless it already belongs to something:
     * then the earlier claim is returned and nothing is written.
     */
    async claimIdempotencyKey(
        client: string,
        key: string,
        claim: IdempotencyClaim,
        now: Date,
    ): Promise<IdempotencyClaim | undefined> {
        const operationId = `idempotency#${client}#${key}`;
        try {
            await this.#db.send(
                new PutCommand({
                    TableName: this.tableName,
                    Item: {
                        operationId,
                        itemType: "idempotency",
                        fingerprint: claim.fingerprint,
                        targetOperationId: claim.operationId,
                        // The table's TTL removes the key after a day: a retry comes within minutes.
                        expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_KEY_TTL_SECONDS,
                    },
                    ConditionExpression: "attribute_not_exists(operationId)",
                }),
            );
            return undefined;
        } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        const { Item } = await this.#db.send(
            new GetCommand({ TableName: this.tableName, Key: { operationId }, ConsistentRead: true }),
        );
        return { fingerprint: String(Item?.fingerprint), operationId: String(Item?.targetOperationId) };
    }

    /**
     * Claims a tenant id of an environment for the signup `operationId`. Returns the operation that
     * holds it when it is taken (ids are never reused: the claim outlives the tenant).
     */
    async claimTenant(
        environment: string,
        tenantId: string,
        operationId: string,
    ): Promise<string | undefined> {
        const key = `tenant#${environment}#${tenantId}`;
        try {
            await this.#db.send(
                new PutCommand({
                    TableName: this.tableName,
                    Item: { operationId: key, itemType: "tenant", signupOperationId: operationId },
                    ConditionExpression: "attribute_not_exists(operationId)",
                }),
            );
            return undefined;
        } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        const { Item } = await this.#db.send(
            new GetCommand({ TableName: this.tableName, Key: { operationId: key }, ConsistentRead: true }),
        );
        return String(Item?.signupOperationId);
    }

    /** Appends a step to the operation's record. */
    async addStep(operationId: string, step: OperationStep, now: Date): Promise<void> {
        await this.#db.send(
            new UpdateCommand({
                TableName: this.tableName,
                Key: { operationId },
                UpdateExpression: "SET steps = list_append(steps, :step), updatedAt = :now",
                ConditionExpression: "attribute_exists(operationId)",
                ExpressionAttributeValues: { ":step": [step], ":now": now.toISOString() },
            }),
        );
    }

    /** A worker picked the operation up: `running`, one more attempt. */
    async start(operationId: string, now: Date): Promise<OperationRecord> {
        const { Attributes } = await this.#db.send(
            new UpdateCommand({
                TableName: this.tableName,
                Key: { operationId },
                UpdateExpression: "SET #status = :running, attempts = attempts + :one, updatedAt = :now",
                ConditionExpression: "attribute_exists(operationId)",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":running": "running", ":one": 1, ":now": now.toISOString() },
                ReturnValues: "ALL_NEW",
            }),
        );
        return recordOf(Attributes ?? {});
    }

    /** The operation ended: its result, or its error. */
    async finish(
        operationId: string,
        status: Extract<OperationStatus, "succeeded" | "failed">,
        outcome: { readonly result?: unknown; readonly error?: OperationRecord["error"] },
        now: Date,
    ): Promise<void> {
        const field = status === "succeeded" ? "result" : "error";
        await this.#db.send(
            new UpdateCommand({
                TableName: this.tableName,
                Key: { operationId },
                UpdateExpression: `SET #status = :status, #field = :value, updatedAt = :now`,
                ConditionExpression: "attribute_exists(operationId)",
                ExpressionAttributeNames: { "#status": "status", "#field": field },
                ExpressionAttributeValues: {
                    ":status": status,
                    ":value": (status === "succeeded" ? outcome.result : outcome.error) ?? null,
                    ":now": now.toISOString(),
                },
            }),
        );
    }
}
