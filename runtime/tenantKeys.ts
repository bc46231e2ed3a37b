/**
 * Every key the runtime uses is built here, from the tenant id the key builder was created with:
 * the DynamoDB partition key *is* that tenant id (see `components/shared/tenantDataSchema.ts`) and every S3
 * key starts with `<tenantId>/`. Nothing else in the runtime writes a partition key or object key,
 * and nothing here takes a tenant id as a parameter, so no code path can build another tenant's key.
 */
import { parseTenantId, type TenantId } from "../tiers/tenantId";

/** Sort-key prefix of items (leaves room for other record types in the same partition). */
export const ITEM_SORT_PREFIX = "ITEM#";

/** Item ids: letters, digits, `_` and `-`, 1-64 characters (UUIDs fit); no `/`, `#` or `.`. */
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A client-supplied item id that breaks the rule (answered with 400). */
export class InvalidItemIdError extends Error {
    override readonly name = "InvalidItemIdError";
    constructor(readonly value: unknown) {
        super(
            `item id ${JSON.stringify(value)} is invalid: use 1-64 letters, digits, underscores or hyphens`,
        );
    }
}

/** A request that would leave the tenant's partition, prefix or store: a bug, refused before it is sent. */
export class TenantScopeError extends Error {
    override readonly name = "TenantScopeError";
}

/** The partition key and sort key of one item (the attribute names of `TENANT_DATA_KEYS`). */
export interface ItemKey {
    readonly tenantId: TenantId;
    readonly sk: string;
}

/** Key builder of one tenant. */
export class TenantKeys {
    readonly tenantId: TenantId;

    constructor(tenantId: string) {
        this.tenantId = parseTenantId(tenantId);
    }

    /** Checks a client-supplied item id. */
    static itemId(value: unknown): string {
        if (typeof value !== "string" || !ITEM_ID.test(value)) throw new InvalidItemIdError(value);
        return value;
    }

    /** The key of an item of this tenant. */
    item(itemId: string): ItemKey {
        return { tenantId: this.tenantId, sk: `${ITEM_SORT_PREFIX}${TenantKeys.itemId(itemId)}` };
    }

    /** The item id inside a sort key read back from the table. */
    itemIdOf(sortKey: string): string {
        if (!sortKey.startsWith(ITEM_SORT_PREFIX))
            throw new TenantScopeError(`sort key "${sortKey}" is not an item key`);
        return TenantKeys.itemId(sortKey.slice(ITEM_SORT_PREFIX.length));
    }

    /** The prefix every object of this tenant lives under. */
    get objectPrefix(): string {
        return `${this.tenantId}/`;
    }

    /** The S3 key of an item's file: `<tenantId>/items/<itemId>/file`. */
    objectKey(itemId: string): string {
        return `${this.objectPrefix}items/${TenantKeys.itemId(itemId)}/file`;
    }

    /** Refuses a partition key value that is not this tenant's id. */
    assertOwnPartition(value: unknown, where: string): void {
        if (value !== this.tenantId) {
            throw new TenantScopeError(
                `${where} names partition ${JSON.stringify(value)}, outside tenant "${this.tenantId}"`,
            );
        }
    }

    /** Refuses an object key outside `<tenantId>/` (or one with `.`/`..`/empty segments). */
    assertOwnObjectKey(value: unknown, where: string): void {
        const segments = typeof value === "string" ? value.split("/") : [];
        const ok =
            typeof value === "string" &&
            value.startsWith(this.objectPrefix) &&
            segments.every(
                (segment, i) =>
                    (segment !== "" || i === segments.length - 1) && segment !== "." && segment !== "..",
            );
        if (!ok) {
            throw new TenantScopeError(
                `${where} names object ${JSON.stringify(value)}, outside prefix "${this.objectPrefix}"`,
            );
        }
    }
}
