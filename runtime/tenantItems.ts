/**
 * The tenant's items in DynamoDB. Keys come from the tenant's {@link TenantKeys} only; there is no
 * scan, no table or partition parameter, and the client underneath is guarded as well.
 */
import { randomUUID } from "node:crypto";
import {
    type DynamoDBDocumentClient,
    DeleteCommand,
    GetCommand,
    PutCommand,
    QueryCommand,
    UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ITEM_SORT_PREFIX, type TenantKeys } from "./tenantKeys";
import { PARTITION_CONDITION } from "./tenantScopeGuard";

/** An item as the API returns it. */
export interface Item {
    readonly itemId: string;
    readonly name: string;
    readonly description?: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    /** Set once a file is attached. */
    readonly file?: { readonly contentType: string; readonly size: number };
}

/** What a client may set on an item. */
export interface ItemInput {
    readonly name: string;
    readonly description?: string;
}

/** A request body that is not a valid {@link ItemInput} (answered with 400). */
export class InvalidItemError extends Error {
    override readonly name = "InvalidItemError";
}

/** Checks a parsed JSON body: `{ "name": string (1-200), "description"?: string (≤ 2000) }`, nothing else. */
export function parseItemInput(body: unknown): ItemInput {
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new InvalidItemError('item must be a JSON object such as {"name": "invoice"}');
    }
    const record = body as Record<string, unknown>;
    const unknownFields = Object.keys(record).filter((k) => k !== "name" && k !== "description");
    if (unknownFields.length > 0) {
        throw new InvalidItemError(
            `item has unknown fields ${unknownFields.join(", ")}: only name and description are allowed`,
        );
    }
    const { name, description } = record;
    if (typeof name !== "string" || name.length < 1 || name.length > 200) {
        throw new InvalidItemError(
            `item name ${JSON.stringify(name)} is invalid: use a string of 1-200 characters`,
        );
    }
    if (description !== undefined && (typeof description !== "string" || description.length > 2000)) {
        throw new InvalidItemError("item description is invalid: use a string of at most 2000 characters");
    }
    return description === undefined ? { name } : { name, description };
}

/** One page of items, and the id to continue after. */
export interface ItemPage {
    readonly items: Item[];
    readonly next?: string;
}

const isConditionFailure = (error: unknown) =>
    error instanceof Error && error.name === "ConditionalCheckFailedException";

/** Items of one tenant. */
export class TenantItems {
    constructor(
        private readonly documents: DynamoDBDocumentClient,
        private readonly keys: TenantKeys,
        private readonly tableName: string,
    ) {}

    /** Creates an item with a new id. */
    async create(input: ItemInput): Promise<Item> {
        const now = new Date().toISOString();
        const item: Item = { itemId: randomUUID(), ...input, createdAt: now, updatedAt: now };
        await this.documents.send(
            new PutCommand({
                TableName: this.tableName,
                Item: { ...this.keys.item(item.itemId), ...item },
                ConditionExpression: "attribute_not_exists(sk)",
            }),
        );
        return item;
    }

    async get(itemId: string): Promise<Item | undefined> {
        const result = await this.documents.send(
            new GetCommand({ TableName: this.tableName, Key: this.keys.item(itemId), ConsistentRead: true }),
        );
        return result.Item === undefined ? undefined : toItem(result.Item);
    }

    /** Replaces name and description of an existing item; `undefined` when there is none. */
    async replace(itemId: string, input: ItemInput): Promise<Item | undefined> {
        return this.#write(itemId, input, true);
    }

    /** Creates or replaces an item under a given id (ingestion). */
    async upsert(itemId: string, input: ItemInput): Promise<Item> {
        return (await this.#write(itemId, input, false)) as Item;
    }

    /** Records the attached file; `undefined` when the item does not exist. */
    async recordFile(itemId: string, file: { contentType: string; size: number }): Promise<Item | undefined> {
        try {
            const result = await this.documents.send(
                new UpdateCommand({
                    TableName: this.tableName,
                    Key: this.keys.item(itemId),
                    UpdateExpression: "SET #file = :file, updatedAt = :now",
                    ConditionExpression: "attribute_exists(sk)",
                    ExpressionAttributeNames: { "#file": "file" },
                    ExpressionAttributeValues: { ":file": file, ":now": new Date().toISOString() },
                    ReturnValues: "ALL_NEW",
                }),
            );
            return toItem(result.Attributes ?? {});
        } catch (error) {
            if (isConditionFailure(error)) return undefined;
            throw error;
        }
    }

    /** Deletes an item; `false` when there was none. */
    async delete(itemId: string): Promise<boolean> {
        const result = await this.documents.send(
            new DeleteCommand({
                TableName: this.tableName,
                Key: this.keys.item(itemId),
                ReturnValues: "ALL_OLD",
            }),
        );
        return result.Attributes !== undefined;
    }

    /** Items in id order, `limit` at a time, continuing after the item id `after`. */
    async list(limit: number, after?: string): Promise<ItemPage> {
        const result = await this.documents.send(
            new QueryCommand({
                TableName: this.tableName,
                KeyConditionExpression: `${PARTITION_CONDITION} AND begins_with(#sk, :items)`,
                ExpressionAttributeNames: { "#pk": "tenantId", "#sk": "sk" },
                ExpressionAttributeValues: { ":pk": this.keys.tenantId, ":items": ITEM_SORT_PREFIX },
                Limit: limit,
                // The cursor is an item id, never a raw key: the start key is rebuilt for this tenant.
                ExclusiveStartKey: after === undefined ? undefined : this.keys.item(after),
                ConsistentRead: true,
            }),
        );
        const last: unknown = result.LastEvaluatedKey?.sk;
        return {
            items: (result.Items ?? []).map(toItem),
            ...(typeof last === "string" ? { next: this.keys.itemIdOf(last) } : {}),
        };
    }

    async #write(itemId: string, input: ItemInput, mustExist: boolean): Promise<Item | undefined> {
        const now = new Date().toISOString();
        const description =
            input.description === undefined ? " REMOVE description" : ", description = :description";
        try {
            const result = await this.documents.send(
                new UpdateCommand({
                    TableName: this.tableName,
                    Key: this.keys.item(itemId),
                    UpdateExpression: `SET itemId = :itemId, #name = :name, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)${description}`,
                    ...(mustExist ? { ConditionExpression: "attribute_exists(sk)" } : {}),
                    ExpressionAttributeNames: { "#name": "name" },
                    ExpressionAttributeValues: {
                        ":itemId": itemId,
                        ":name": input.name,
                        ":now": now,
                        ...(input.description === undefined ? {} : { ":description": input.description }),
                    },
                    ReturnValues: "ALL_NEW",
                }),
            );
            return toItem(result.Attributes ?? {});
        } catch (error) {
            if (mustExist && isConditionFailure(error)) return undefined;
            throw error;
        }
    }
}

/** The stored record without its keys. */
function toItem(record: Record<string, unknown>): Item {
    const item = { ...record };
    delete item.tenantId;
    delete item.sk;
    return item as unknown as Item;
}
