/**
 * The steps of the tenant data migration (orchestrated by `migrate.ts`). Each step
 * takes the record it resumes from and returns the record it saved last.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { itemChecksum } from "./checksum";
import {
    type BatchRetryPolicy,
    batchWrite,
    deleteRequests,
    digestPartition,
    partitionPages,
    putRequests,
    sortKeyOf,
} from "./dynamo";
import {
    MigrationVerificationError,
    SAMPLE_KEYS,
    SourceChangedAfterVerificationError,
    SourceNotEmptyError,
    TargetPartitionConflictError,
} from "./errors";
import type {
    CopyingRecord,
    MigrationEvent,
    MigrationRecord,
    ValidMigrationSpec,
    VerifiedRecord,
} from "./types";

/** One run's validated spec, clients and options. */
export interface Run {
    readonly spec: ValidMigrationSpec;
    readonly source: DynamoDBClient;
    readonly target: DynamoDBClient;
    readonly policy: BatchRetryPolicy;
    readonly limit?: number;
    emit(event: MigrationEvent): void;
    /** Stamps `updatedAt`, writes the record to the progress store and returns it. */
    save<R extends MigrationRecord>(record: R): Promise<R>;
}

/** The fields that identify a migration in its record. */
export function identity(spec: ValidMigrationSpec) {
    const { tenantId, sourceTable, targetTable, direction, sourceAccount, targetAccount } = spec;
    return {
        tenantId,
        sourceTable,
        targetTable,
        direction,
        ...(sourceAccount === undefined ? {} : { sourceAccount }),
        ...(targetAccount === undefined ? {} : { targetAccount }),
    };
}

/**
 * A fresh run may start only if every item already in the target partition is an identical copy of
 * a source item (a copy whose progress record was lost): anything else is someone else's data.
 */
export async function checkTargetReconcilable(run: Run): Promise<void> {
    const { tenantId, sourceTable, targetTable } = run.spec;
    const unmatched = new Map<string, string>();
    for await (const page of partitionPages(run.target, targetTable, tenantId, { limit: run.limit })) {
        for (const item of page.items)
            unmatched.set(sortKeyOf(tenantId, targetTable, item), itemChecksum(item));
    }
    if (unmatched.size === 0) return;
    const differing: string[] = [];
    for await (const page of partitionPages(run.source, sourceTable, tenantId, { limit: run.limit })) {
        for (const item of page.items) {
            const sk = sortKeyOf(tenantId, sourceTable, item);
            const targetChecksum = unmatched.get(sk);
            if (targetChecksum === undefined) continue;
            unmatched.delete(sk);
            if (targetChecksum !== itemChecksum(item)) differing.push(sk);
        }
    }
    if (unmatched.size > 0 || differing.length > 0) {
        const extra = [...unmatched.keys()];
        throw new TargetPartitionConflictError(
            tenantId,
            targetTable,
            extra.slice(0, SAMPLE_KEYS),
            differing.slice(0, SAMPLE_KEYS),
            extra.length,
            differing.length,
        );
    }
}

/** Copies source pages after `start.lastCopiedSk`, recording the last sort key after each page. */
export async function copy(run: Run, start: CopyingRecord): Promise<CopyingRecord> {
    const { tenantId, sourceTable, targetTable } = run.spec;
    let record = start;
    let page = 0;
    const pages = partitionPages(run.source, sourceTable, tenantId, {
        startAfterSk: start.lastCopiedSk,
        limit: run.limit,
    });
    for await (const { items } of pages) {
        const last = items[items.length - 1];
        if (last === undefined) continue;
        await batchWrite(run.target, targetTable, "put", putRequests(items), run.policy);
        record = await run.save({
            ...record,
            lastCopiedSk: sortKeyOf(tenantId, sourceTable, last),
            copied: record.copied + items.length,
        });
        run.emit({ type: "page-copied", page: ++page, items: items.length, copied: record.copied });
    }
    return record;
}

/** Compares count and checksum of source and target; on a mismatch, rewinds the copy to the start. */
export async function verify(run: Run, record: CopyingRecord): Promise<VerifiedRecord> {
    const { tenantId, sourceTable, targetTable } = run.spec;
    run.emit({ type: "verifying" });
    const source = await digestPartition(run.source, sourceTable, tenantId, run.limit);
    const target = await digestPartition(run.target, targetTable, tenantId, run.limit);
    if (source.count !== target.count || source.checksum !== target.checksum) {
        // Re-copy everything on the next run: an item changed behind the copy cursor is fixed that way.
        await run.save<CopyingRecord>({ ...record, lastCopiedSk: undefined });
        throw new MigrationVerificationError(tenantId, source, target);
    }
    const verified = await run.save<VerifiedRecord>({
        ...identity(run.spec),
        step: "verified",
        verified: source,
        copied: record.copied,
        deleted: record.deleted,
        updatedAt: record.updatedAt,
    });
    run.emit({ type: "verified", ...source });
    return verified;
}

/** Refuses to clean a source partition that no longer has the verified count and checksum. */
export async function checkSourceUnchanged(run: Run, record: VerifiedRecord): Promise<void> {
    const actual = await digestPartition(run.source, run.spec.sourceTable, run.spec.tenantId, run.limit);
    if (actual.count !== record.verified.count || actual.checksum !== record.verified.checksum) {
        throw new SourceChangedAfterVerificationError(
            run.spec.tenantId,
            run.spec.sourceTable,
            record.verified,
            actual,
        );
    }
}

/** Deletes the source partition page by page, keyed by the validated tenant id. */
export async function clean(run: Run, start: VerifiedRecord): Promise<VerifiedRecord> {
    const { tenantId, sourceTable } = run.spec;
    run.emit({ type: "cleaning" });
    let record = start;
    let page = 0;
    for await (const { items } of partitionPages(run.source, sourceTable, tenantId, { limit: run.limit })) {
        if (items.length === 0) continue;
        await batchWrite(
            run.source,
            sourceTable,
            "delete",
            deleteRequests(tenantId, sourceTable, items),
            run.policy,
        );
        record = await run.save({ ...record, deleted: record.deleted + items.length });
        run.emit({ type: "page-deleted", page: ++page, items: items.length, deleted: record.deleted });
    }
    return record;
}

/** Proves the source partition empty after cleaning. */
export async function checkSourceEmpty(run: Run): Promise<void> {
    const left = await digestPartition(run.source, run.spec.sourceTable, run.spec.tenantId, run.limit);
    if (left.count > 0) throw new SourceNotEmptyError(run.spec.tenantId, run.spec.sourceTable, left.count);
}
