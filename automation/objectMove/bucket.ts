/**
 * The S3 calls of the tenant object move. Every listing is under the validated `<tenantId>/` prefix,
 * and every key it returns is checked to start with it before anything is copied or deleted.
 */
import { createHash } from "node:crypto";
import {
    DeleteObjectsCommand,
    GetObjectCommand,
    ListObjectsV2Command,
    ListObjectVersionsCommand,
    PutObjectCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import type { TenantId } from "../../tiers/tenantId";
import { ForeignObjectError, ObjectDeleteError } from "./errors";
import type { ObjectsDigest } from "./types";

/** S3's cap on keys per List page and per DeleteObjects call. */
export const S3_PAGE_LIMIT = 1000;

export const tenantPrefix = (tenantId: TenantId): string => `${tenantId}/`;

function checkKey(tenantId: TenantId, bucket: string, key: string | undefined): string {
    if (key === undefined || !key.startsWith(tenantPrefix(tenantId))) {
        throw new ForeignObjectError(tenantId, bucket, String(key));
    }
    return key;
}

/** Pages of current object keys under the tenant's prefix, in key order, after `startAfter`. */
export async function* keyPages(
    client: S3Client,
    bucket: string,
    tenantId: TenantId,
    options: { readonly startAfter?: string; readonly pageSize?: number } = {},
): AsyncGenerator<string[]> {
    let token: string | undefined;
    do {
        const out = await client.send(
            new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: tenantPrefix(tenantId),
                StartAfter: token === undefined ? options.startAfter : undefined,
                ContinuationToken: token,
                MaxKeys: options.pageSize ?? S3_PAGE_LIMIT,
            }),
        );
        yield (out.Contents ?? []).map((o) => checkKey(tenantId, bucket, o.Key));
        token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
}

/** The body of the current version of `key`. */
export async function readObject(client: S3Client, bucket: string, key: string): Promise<Uint8Array> {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (out.Body === undefined) return new Uint8Array();
    return out.Body.transformToByteArray();
}

/**
 * Streams the current version of `key` from the source bucket into the target bucket under SSE-KMS
 * with `kmsKeyId`: GetObject's body goes to PutObject as it arrives, with its length, so the object is
 * never held whole in memory. Source and target may be different accounts' clients (a silo tier
 * change): S3 cannot CopyObject between two sets of credentials.
 */
export async function copyObject(
    from: { readonly client: S3Client; readonly bucket: string },
    to: { readonly client: S3Client; readonly bucket: string; readonly kmsKeyId: string },
    key: string,
): Promise<void> {
    const out = await from.client.send(new GetObjectCommand({ Bucket: from.bucket, Key: key }));
    await to.client.send(
        new PutObjectCommand({
            Bucket: to.bucket,
            Key: key,
            Body: out.Body ?? new Uint8Array(),
            ContentLength: out.ContentLength ?? 0,
            ...(out.ContentType === undefined ? {} : { ContentType: out.ContentType }),
            ServerSideEncryption: "aws:kms",
            SSEKMSKeyId: to.kmsKeyId,
        }),
    );
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** SHA-256 of the key, a NUL and the SHA-256 of the body: a renamed object changes the digest. */
export const objectChecksum = (key: string, body: Uint8Array): string => sha256(`${key}\0${sha256(body)}`);

const MASK = (1n << 256n) - 1n;

/** Accumulates an {@link ObjectsDigest} in any order, in constant memory. */
export class ObjectsDigester {
    private sum = 0n;
    private count = 0;
    add(key: string, body: Uint8Array): void {
        this.sum = (this.sum + BigInt(`0x${objectChecksum(key, body)}`)) & MASK;
        this.count++;
    }
    digest(): ObjectsDigest {
        return { count: this.count, checksum: this.sum.toString(16).padStart(64, "0") };
    }
}

/** Runs `task` on every item with at most `limit` running at once; rejects with the first failure. */
export async function eachLimited<T>(
    items: readonly T[],
    limit: number,
    task: (item: T) => Promise<void>,
): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) await task(items[next++] as T);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Count and checksum of the tenant's current objects in `bucket`, every body read back (`concurrency` at once). */
export async function digestObjects(
    client: S3Client,
    bucket: string,
    tenantId: TenantId,
    pageSize?: number,
    concurrency = 1,
): Promise<ObjectsDigest> {
    const digester = new ObjectsDigester();
    for await (const keys of keyPages(client, bucket, tenantId, { pageSize })) {
        await eachLimited(keys, concurrency, async (key) =>
            digester.add(key, await readObject(client, bucket, key)),
        );
    }
    return digester.digest();
}

/** One version or delete marker of a key. */
export interface ObjectVersion {
    readonly key: string;
    readonly versionId: string;
}

/**
 * Pages of every version and delete marker under the tenant's prefix. An unversioned bucket
 * reports the version id "null", which DeleteObjects accepts.
 */
export async function* versionPages(
    client: S3Client,
    bucket: string,
    tenantId: TenantId,
    pageSize?: number,
): AsyncGenerator<ObjectVersion[]> {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
        const out = await client.send(
            new ListObjectVersionsCommand({
                Bucket: bucket,
                Prefix: tenantPrefix(tenantId),
                KeyMarker: keyMarker,
                VersionIdMarker: versionIdMarker,
                MaxKeys: pageSize ?? S3_PAGE_LIMIT,
            }),
        );
        const entries = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].map((v) => ({
            key: checkKey(tenantId, bucket, v.Key),
            versionId: v.VersionId ?? "null",
        }));
        yield entries;
        if (out.IsTruncated !== true) return;
        keyMarker = out.NextKeyMarker;
        versionIdMarker = out.NextVersionIdMarker;
    }
}

/** Deletes the given versions (at most {@link S3_PAGE_LIMIT}); throws if S3 reports any error. */
export async function deleteVersions(
    client: S3Client,
    bucket: string,
    versions: readonly ObjectVersion[],
): Promise<void> {
    if (versions.length === 0) return;
    const out = await client.send(
        new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: versions.map((v) => ({ Key: v.key, VersionId: v.versionId })), Quiet: true },
        }),
    );
    const errors = out.Errors ?? [];
    if (errors.length > 0) {
        throw new ObjectDeleteError(
            bucket,
            errors.map((e) => ({ key: String(e.Key), versionId: e.VersionId, code: e.Code })),
        );
    }
}
