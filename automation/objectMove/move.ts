/**
 * Moves one tenant's objects (every key under `<tenantId>/`) between the shared bucket and the
 * tenant's bucket, either way, re-encrypting each with the target's KMS key. Steps, each recorded in
 * the caller's progress store so a re-run after a crash anywhere finishes the job:
 *
 * 1. `copying`: list the source's current objects page by page in key order; stream each into the
 *    target under SSE-KMS with `targetKmsKeyId`; after each page record the last key copied.
 *    Rewriting an object is harmless, so resuming from an earlier key is too.
 * 2. `verified`: the target's objects under the prefix have the same count and content checksum as
 *    the source's (every body is read back from both buckets).
 * 3. `cleaning`: the source still has the verified digest (nothing wrote after verification), so
 *    every version and delete marker under the prefix is deleted with DeleteObjects by version id
 *    (the shared bucket is versioned: deleting by key alone would leave the data in old versions).
 * 4. `done`: no version is left under the prefix.
 *
 * The copy streams each object from source to target (GetObject's body into PutObject); source and
 * target may be clients of different accounts (a silo tier change). Verification reads every body
 * back whole to hash it: tenant objects are documents, not media (docs/tier-changes.md).
 */
import { parseTenantId } from "../../tiers/tenantId";
import {
    copyObject,
    deleteVersions,
    eachLimited,
    digestObjects,
    keyPages,
    S3_PAGE_LIMIT,
    versionPages,
} from "./bucket";
import {
    InvalidObjectMoveSpecError,
    ObjectMoveRecordConflictError,
    ObjectMoveVerificationError,
    SourceObjectsChangedError,
} from "./errors";
import type {
    ObjectCopyingRecord,
    ObjectMoveDeps,
    ObjectMoveRecord,
    ObjectMoveResult,
    ObjectMoveSpec,
    ObjectVerifiedRecord,
    ValidObjectMoveSpec,
} from "./types";

export * from "./errors";
export * from "./types";
export { digestObjects, objectChecksum, tenantPrefix } from "./bucket";

// S3 bucket naming rules (general purpose buckets): 3-63 lowercase letters, digits, dots, hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Validates a spec without any call. */
export function validateObjectMoveSpec(spec: ObjectMoveSpec): ValidObjectMoveSpec {
    const tenantId = parseTenantId(spec.tenantId);
    for (const field of ["sourceBucket", "targetBucket"] as const) {
        const bucket: unknown = spec[field];
        if (typeof bucket !== "string" || !BUCKET.test(bucket)) {
            throw new InvalidObjectMoveSpecError(
                field,
                bucket,
                "use the bucket name: 3-63 lowercase letters, digits, dots or hyphens",
            );
        }
    }
    if (spec.sourceBucket === spec.targetBucket) {
        throw new InvalidObjectMoveSpecError(
            "targetBucket",
            spec.targetBucket,
            "it is the source bucket; name another bucket",
        );
    }
    if (typeof spec.targetKmsKeyId !== "string" || spec.targetKmsKeyId.trim() === "") {
        throw new InvalidObjectMoveSpecError(
            "targetKmsKeyId",
            spec.targetKmsKeyId,
            "pass the id or ARN of the KMS key the target's objects are encrypted with",
        );
    }
    return { ...spec, tenantId };
}

const sameMove = (r: ObjectMoveRecord, s: ValidObjectMoveSpec) =>
    r.tenantId === s.tenantId && r.sourceBucket === s.sourceBucket && r.targetBucket === s.targetBucket;

function resumable(
    stored: ObjectMoveRecord | undefined,
    spec: ValidObjectMoveSpec,
): ObjectMoveRecord | undefined {
    if (stored === undefined) return undefined;
    if (sameMove(stored, spec)) return stored;
    if (stored.step === "done") return undefined;
    throw new ObjectMoveRecordConflictError(
        `the progress store holds an unfinished object move (step "${stored.step}") of tenant "${stored.tenantId}" ` +
            `from "${stored.sourceBucket}" to "${stored.targetBucket}", not tenant "${spec.tenantId}" from ` +
            `"${spec.sourceBucket}" to "${spec.targetBucket}"; nothing was written. Finish that move first`,
    );
}

/** Moves the tenant's objects, or resumes the move recorded in `deps.progress`. See the module comment. */
export async function moveTenantObjects(
    spec: ObjectMoveSpec,
    deps: ObjectMoveDeps,
): Promise<ObjectMoveResult> {
    const s = validateObjectMoveSpec(spec);
    const pageSize = deps.pageSize ?? S3_PAGE_LIMIT;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > S3_PAGE_LIMIT) {
        throw new InvalidObjectMoveSpecError(
            "pageSize",
            deps.pageSize,
            `use an integer from 1 to ${S3_PAGE_LIMIT}`,
        );
    }
    const concurrency = deps.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new InvalidObjectMoveSpecError("concurrency", deps.concurrency, "use an integer of at least 1");
    }
    const source = deps.client;
    const target = deps.targetClient ?? deps.client;
    const now = deps.now ?? (() => new Date());
    const emit = deps.onProgress ?? (() => undefined);
    const save = async <R extends ObjectMoveRecord>(record: R): Promise<R> => {
        const next = { ...record, updatedAt: now().toISOString() };
        await deps.progress.put(next);
        return next;
    };
    const identity = { tenantId: s.tenantId, sourceBucket: s.sourceBucket, targetBucket: s.targetBucket };

    const stored = resumable(await deps.progress.get(), s);
    const resumedFrom = stored?.step;
    let record: ObjectMoveRecord =
        stored ??
        (await save<ObjectCopyingRecord>({
            ...identity,
            step: "copying",
            copied: 0,
            deleted: 0,
            updatedAt: "",
        }));
    for (;;) {
        switch (record.step) {
            case "copying": {
                let copying: ObjectCopyingRecord = record;
                for await (const keys of keyPages(source, s.sourceBucket, s.tenantId, {
                    startAfter: copying.lastCopiedKey,
                    pageSize,
                })) {
                    const last = keys[keys.length - 1];
                    if (last === undefined) continue;
                    await eachLimited(keys, concurrency, (key) =>
                        copyObject(
                            { client: source, bucket: s.sourceBucket },
                            { client: target, bucket: s.targetBucket, kmsKeyId: s.targetKmsKeyId },
                            key,
                        ),
                    );
                    copying = await save({
                        ...copying,
                        lastCopiedKey: last,
                        copied: copying.copied + keys.length,
                    });
                    emit({ type: "page-copied", objects: keys.length, copied: copying.copied });
                }
                const from = await digestObjects(source, s.sourceBucket, s.tenantId, pageSize, concurrency);
                const to = await digestObjects(target, s.targetBucket, s.tenantId, pageSize, concurrency);
                if (from.count !== to.count || from.checksum !== to.checksum) {
                    await save<ObjectCopyingRecord>({ ...copying, lastCopiedKey: undefined });
                    throw new ObjectMoveVerificationError(s.tenantId, from, to);
                }
                record = await save<ObjectVerifiedRecord>({
                    ...identity,
                    step: "verified",
                    verified: from,
                    copied: copying.copied,
                    deleted: copying.deleted,
                    updatedAt: "",
                });
                emit({ type: "verified", ...from });
                break;
            }
            case "verified": {
                const actual = await digestObjects(source, s.sourceBucket, s.tenantId, pageSize, concurrency);
                if (actual.count !== record.verified.count || actual.checksum !== record.verified.checksum) {
                    throw new SourceObjectsChangedError(s.tenantId, s.sourceBucket, record.verified, actual);
                }
                record = await save({ ...record, step: "cleaning" });
                break;
            }
            case "cleaning": {
                let cleaning: ObjectVerifiedRecord = record;
                // Always list from the start: every page deleted shrinks the listing, so no marker is kept.
                for (;;) {
                    const first = await versionPages(source, s.sourceBucket, s.tenantId, pageSize).next();
                    const versions = first.done === true ? [] : first.value;
                    if (versions.length === 0) break;
                    await deleteVersions(source, s.sourceBucket, versions);
                    cleaning = await save({ ...cleaning, deleted: cleaning.deleted + versions.length });
                    emit({ type: "page-deleted", versions: versions.length, deleted: cleaning.deleted });
                }
                record = await save({ ...cleaning, step: "done" });
                break;
            }
            case "done":
                emit({ type: "done", count: record.verified.count });
                return {
                    tenantId: s.tenantId,
                    count: record.verified.count,
                    checksum: record.verified.checksum,
                    copied: record.copied,
                    deleted: record.deleted,
                    ...(resumedFrom === undefined ? {} : { resumedFrom }),
                };
        }
    }
}
