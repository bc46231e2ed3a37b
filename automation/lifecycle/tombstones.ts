/**
 * Tombstones: the registry items offboarded tenants leave under their ids (`tiers/registry.ts`).
 * The tenant stack's registry entry goes with the stack; the lifecycle then writes the tombstone
 * into the same table, so the id stays reserved and the authorizer keeps refusing it. A tombstone
 * is only ever replaced by the next tenant of the id, after a verified purge and on request.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
    DeleteCommand,
    DynamoDBDocumentClient,
    GetCommand,
    PutCommand,
    UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { isTombstone, type PurgeRecord, type TenantTombstone } from "../../tiers/registry";
import { LifecycleStateError } from "./errors";

/** Where tombstones are kept. The DynamoDB registry in production; tests may keep them in memory. */
export interface TombstoneStore {
    /** The tombstone of `tenantId`, or `undefined` when the registry has none (or a live entry). */
    read(tenantId: string): Promise<TenantTombstone | undefined>;
    /** Writes the tombstone; never over a live tenant's entry. Writing the same one again is a no-op. */
    write(tombstone: TenantTombstone): Promise<void>;
    /** Records a verified purge on the tombstone. */
    recordPurge(tenantId: string, purge: PurgeRecord): Promise<void>;
    /** Removes a purged tombstone so a new tenant's stack can write its entry (reuse of the id). */
    release(tenantId: string): Promise<void>;
}

/** Tombstones in the platform's registry table (`registryTableName` of the platform stack). */
export class RegistryTombstones implements TombstoneStore {
    readonly #documents: DynamoDBDocumentClient;

    constructor(
        dynamodb: DynamoDBClient,
        readonly tableName: string,
    ) {
        this.#documents = DynamoDBDocumentClient.from(dynamodb, {
            marshallOptions: { removeUndefinedValues: true },
        });
    }

    async read(tenantId: string): Promise<TenantTombstone | undefined> {
        const { Item } = await this.#documents.send(
            new GetCommand({ TableName: this.tableName, Key: { tenantId }, ConsistentRead: true }),
        );
        return Item !== undefined && isTombstone(Item) ? Item : undefined;
    }

    async write(tombstone: TenantTombstone): Promise<void> {
        try {
            await this.#documents.send(
                new PutCommand({
                    TableName: this.tableName,
                    Item: { ...tombstone },
                    // The destroyed stack took its entry with it; anything else under the id is not ours to replace.
                    ConditionExpression: "attribute_not_exists(tenantId) OR attribute_exists(offboardedAt)",
                }),
            );
        } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
            throw new LifecycleStateError(
                `the registry ${this.tableName} still holds a live entry for tenant "${tombstone.tenantId}" after its stack was destroyed: ` +
                    `check which stack owns it (npm run tenant -- list), then re-run offboard; the tombstone was not written`,
                { cause: error },
            );
        }
    }

    async recordPurge(tenantId: string, purge: PurgeRecord): Promise<void> {
        await this.#documents.send(
            new UpdateCommand({
                TableName: this.tableName,
                Key: { tenantId },
                UpdateExpression: "SET purge = :purge",
                ConditionExpression: "attribute_exists(offboardedAt)",
                ExpressionAttributeValues: { ":purge": purge },
            }),
        );
    }

    async release(tenantId: string): Promise<void> {
        try {
            await this.#documents.send(
                new DeleteCommand({
                    TableName: this.tableName,
                    Key: { tenantId },
                    ConditionExpression:
                        "attribute_not_exists(tenantId) OR attribute_exists(purge.verifiedAt)",
                }),
            );
        } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
            throw new LifecycleStateError(
                `tenant id "${tenantId}" has a registry record without a verified purge: it cannot be given to a new tenant`,
                { cause: error },
            );
        }
    }
}
