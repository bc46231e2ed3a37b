/** Public types of the tenant object move (see `move.ts`). */
import type { S3Client } from "@aws-sdk/client-s3";
import type { TenantId } from "../../tiers/tenantId";

/** Count and order-independent checksum of the current objects under a tenant's prefix. */
export interface ObjectsDigest {
    readonly count: number;
    /** 64 lowercase hex digits: the sum, modulo 2^256, of SHA-256(key NUL SHA-256(body)) of every object. */
    readonly checksum: string;
}

/** What to move, as a caller passes it; validated before any call. */
export interface ObjectMoveSpec {
    /** The tenant whose objects (every key under `<tenantId>/`) move. */
    readonly tenantId: string;
    readonly sourceBucket: string;
    readonly targetBucket: string;
    /**
     * KMS key id or ARN every copied object is encrypted with (SSE-KMS): the tenant's key on an
     * upgrade, the platform's key on a downgrade.
     */
    readonly targetKmsKeyId: string;
}

export interface ValidObjectMoveSpec extends ObjectMoveSpec {
    readonly tenantId: TenantId;
}

/** Steps recorded in the progress store, in order. */
export const OBJECT_MOVE_STEPS = ["copying", "verified", "cleaning", "done"] as const;
export type ObjectMoveStep = (typeof OBJECT_MOVE_STEPS)[number];

interface ObjectMoveRecordBase {
    readonly tenantId: string;
    readonly sourceBucket: string;
    readonly targetBucket: string;
    /** Objects of recorded pages written to the target. */
    readonly copied: number;
    /** Versions and delete markers of recorded pages deleted from the source. */
    readonly deleted: number;
    readonly updatedAt: string;
}

/** Every current source object up to and including `lastCopiedKey` (key order) is in the target. */
export interface ObjectCopyingRecord extends ObjectMoveRecordBase {
    readonly step: "copying";
    readonly lastCopiedKey?: string;
}

export interface ObjectVerifiedRecord extends ObjectMoveRecordBase {
    readonly step: Exclude<ObjectMoveStep, "copying">;
    /** The source digest the target matched. */
    readonly verified: ObjectsDigest;
}

export type ObjectMoveRecord = ObjectCopyingRecord | ObjectVerifiedRecord;

export interface ObjectMoveProgressStore {
    get(): Promise<ObjectMoveRecord | undefined>;
    put(record: ObjectMoveRecord): Promise<void>;
}

export type ObjectMoveEvent =
    | { readonly type: "page-copied"; readonly objects: number; readonly copied: number }
    | { readonly type: "verified"; readonly count: number; readonly checksum: string }
    | { readonly type: "page-deleted"; readonly versions: number; readonly deleted: number }
    | { readonly type: "done"; readonly count: number };

export interface ObjectMoveDeps {
    /** Client of the source bucket, and of the target bucket unless `targetClient` is given. */
    readonly client: S3Client;
    /** Client of the target bucket when it lives in another account (a silo). @default client */
    readonly targetClient?: S3Client;
    readonly progress: ObjectMoveProgressStore;
    readonly onProgress?: (event: ObjectMoveEvent) => void;
    /** Keys per List page (S3 caps it at 1000). @default 1000 */
    readonly pageSize?: number;
    /**
     * Objects copied or read back at once within a page (the page is recorded only when all are written).
     * @default 8
     */
    readonly concurrency?: number;
    /** @default () => new Date() */
    readonly now?: () => Date;
}

export interface ObjectMoveResult {
    readonly tenantId: TenantId;
    readonly count: number;
    readonly checksum: string;
    readonly copied: number;
    readonly deleted: number;
    readonly resumedFrom?: ObjectMoveStep;
}
