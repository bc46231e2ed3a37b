/**
 * The checksum that proves a copied tenant partition identical to its source. It is computed on the
 * raw DynamoDB attribute values (never on unmarshalled JavaScript values, which would round large
 * numbers and merge number and string sets), and it does not depend on the order items are read in,
 * so a source and a target read page by page compare equal whatever their paging.
 */
import { createHash } from "node:crypto";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** One DynamoDB item as the low-level API returns it. */
export type DynamoItem = Record<string, AttributeValue>;

/** Item count and order-independent checksum of a partition. */
export interface PartitionDigest {
    readonly count: number;
    /** 64 lowercase hex digits: the sum, modulo 2^256, of the SHA-256 of every item's canonical JSON. */
    readonly checksum: string;
}

/** The checksum of an empty partition. */
export const EMPTY_CHECKSUM = "0".repeat(64);

type Canonical = string | boolean | readonly Canonical[] | { readonly [key: string]: Canonical };

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
const sorted = (values: readonly string[]): string[] => [...values].sort();

function canonicalValue(value: AttributeValue): Canonical {
    if (value.S !== undefined) return { S: value.S };
    if (value.N !== undefined) return { N: value.N };
    if (value.B !== undefined) return { B: base64(value.B) };
    if (value.BOOL !== undefined) return { BOOL: value.BOOL };
    if (value.NULL !== undefined) return { NULL: value.NULL };
    // Sets are unordered in DynamoDB: two tables may return the same set in different orders.
    if (value.SS !== undefined) return { SS: sorted(value.SS) };
    if (value.NS !== undefined) return { NS: sorted(value.NS) };
    if (value.BS !== undefined) return { BS: sorted(value.BS.map(base64)) };
    if (value.L !== undefined) return { L: value.L.map(canonicalValue) };
    if (value.M !== undefined) return { M: canonicalMap(value.M) };
    throw new TypeError(
        `attribute value ${JSON.stringify(Object.keys(value))} has no known type; expected one of S, N, B, BOOL, NULL, SS, NS, BS, L, M`,
    );
}

function canonicalMap(map: Record<string, AttributeValue>): Canonical {
    const out: Record<string, Canonical> = {};
    for (const [key, value] of Object.entries(map)) out[key] = canonicalValue(value);
    return out;
}

// JSON.stringify keeps insertion order except for integer-like keys, so keys are sorted here.
function stringify(value: Canonical): string {
    if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(stringify).join(",")}]`;
    const record = value as { readonly [key: string]: Canonical };
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stringify(record[k] as Canonical)}`).join(",")}}`;
}

/**
 * The canonical JSON of an item: attribute names sorted at every level, type tags kept (`{"N":"1"}`
 * differs from `{"S":"1"}`), sets sorted, binary values in base64.
 */
export function canonicalItemJson(item: DynamoItem): string {
    return stringify(canonicalMap(item));
}

/** SHA-256 (hex) of {@link canonicalItemJson}. */
export function itemChecksum(item: DynamoItem): string {
    return createHash("sha256").update(canonicalItemJson(item), "utf8").digest("hex");
}

const MODULUS_MASK = (1n << 256n) - 1n;

/** Accumulates a {@link PartitionDigest} item by item, in any order, in constant memory. */
export class PartitionDigester {
    private sum = 0n;
    private items = 0;

    add(item: DynamoItem): void {
        this.sum = (this.sum + BigInt(`0x${itemChecksum(item)}`)) & MODULUS_MASK;
        this.items++;
    }

    digest(): PartitionDigest {
        return { count: this.items, checksum: this.sum.toString(16).padStart(64, "0") };
    }
}

/** The digest of a list of items. */
export function partitionDigest(items: Iterable<DynamoItem>): PartitionDigest {
    const digester = new PartitionDigester();
    for (const item of items) digester.add(item);
    return digester.digest();
}
