/**
 * Tier-change data migration: moves one tenant's partition between the pooled table and its
 * premium table (either way). Steps, each recorded in the caller's progress store so that a re-run
 * after a crash anywhere finishes the job:
 *
 * 1. `copying`: page through the source partition (Query `tenantId = :t`, consistent reads) and
 *    BatchWriteItem each page to the target; after each page record the last sort key copied.
 *    Re-copying an item is a PutRequest of the same item, so resuming from an earlier key is harmless.
 * 2. `verified`: the target partition has the same count and checksum as the source. Before the
 *    switch the target must equal the source: an extra target item fails verification.
 * 3. `switched`: the caller's `switchRegistry()` resolved. From here the live app writes to the
 *    target, so the target is no longer compared (extra or changed target items are expected).
 * 4. `cleaning`: the source partition still has the verified count and checksum (nobody wrote to it
 *    after verification), so it is deleted, page by page, by key.
 * 5. `done`: the source partition is empty.
 */
import { parseTenantId } from "../../tiers/tenantId";
import type { BatchRetryPolicy } from "./dynamo";
import {
    InvalidMigrationSpecError,
    MigrationInterruptedError,
    type MigrationPhase,
    TenantDataMigrationError,
} from "./errors";
import { resumableRecord } from "./record";
import {
    checkSourceEmpty,
    checkSourceUnchanged,
    checkTargetReconcilable,
    clean,
    copy,
    identity,
    type Run,
    verify,
} from "./steps";
import {
    type CopyingRecord,
    MIGRATION_DIRECTIONS,
    type MigrationDeps,
    type MigrationRecord,
    type MigrationResult,
    type MigrationSpec,
    type ValidMigrationSpec,
} from "./types";

export * from "./checksum";
export * from "./errors";
export * from "./types";
export { backoffDelay, BATCH_WRITE_LIMIT } from "./dynamo";

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const ACCOUNT = /^\d{12}$/;
const TABLE_RULE = "use the table name: 3-255 letters, digits, underscores, hyphens or dots";

/** Validates a spec without any call; throws `InvalidTenantIdError` or {@link InvalidMigrationSpecError}. */
export function validateMigrationSpec(spec: MigrationSpec): ValidMigrationSpec {
    const tenantId = parseTenantId(spec.tenantId);
    if (!(MIGRATION_DIRECTIONS as readonly unknown[]).includes(spec.direction)) {
        throw new InvalidMigrationSpecError(
            "direction",
            spec.direction,
            `use ${MIGRATION_DIRECTIONS.slice(0, -1).join(", ")} or ${MIGRATION_DIRECTIONS.at(-1)}`,
        );
    }
    for (const field of ["sourceTable", "targetTable"] as const) {
        const table: unknown = spec[field];
        if (typeof table !== "string" || !TABLE_NAME.test(table)) {
            throw new InvalidMigrationSpecError(field, table, TABLE_RULE);
        }
    }
    for (const field of ["sourceAccount", "targetAccount"] as const) {
        const account: unknown = spec[field];
        if (account !== undefined && (typeof account !== "string" || !ACCOUNT.test(account))) {
            throw new InvalidMigrationSpecError(field, account, "use a 12-digit AWS account id");
        }
    }
    if (spec.sourceTable === spec.targetTable && spec.sourceAccount === spec.targetAccount) {
        throw new InvalidMigrationSpecError(
            "targetTable",
            spec.targetTable,
            "it is the source table; name another table (or another account)",
        );
    }
    return {
        tenantId,
        sourceTable: spec.sourceTable,
        targetTable: spec.targetTable,
        direction: spec.direction,
        ...(spec.sourceAccount === undefined ? {} : { sourceAccount: spec.sourceAccount }),
        ...(spec.targetAccount === undefined ? {} : { targetAccount: spec.targetAccount }),
    };
}

function option(name: string, value: number | undefined, fallback: number, min: number): number {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) {
        throw new InvalidMigrationSpecError(name, value, `use an integer of at least ${min}`);
    }
    return v;
}

function createRun(input: MigrationSpec, deps: MigrationDeps): Run {
    const spec = validateMigrationSpec(input);
    const policy: BatchRetryPolicy = {
        maxAttempts: option("maxAttempts", deps.maxAttempts, 8, 1),
        baseDelayMs: option("baseDelayMs", deps.baseDelayMs, 100, 0),
        maxDelayMs: option("maxDelayMs", deps.maxDelayMs, 5000, 0),
        sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    const limit = deps.pageSize === undefined ? undefined : option("pageSize", deps.pageSize, 0, 1);
    const now = deps.now ?? (() => new Date());
    return {
        spec,
        source: deps.client,
        target: deps.targetClient ?? deps.client,
        policy,
        limit,
        emit: (event) => deps.onProgress?.(event),
        save: async (record) => {
            const next = { ...record, updatedAt: now().toISOString() };
            await deps.progress.put(next);
            return next;
        },
    };
}

/**
 * Moves `spec.tenantId`'s partition from `sourceTable` to `targetTable`, or resumes the migration
 * recorded in `deps.progress`. Invalid input throws before any call; a stop anywhere throws a named
 * error (a {@link MigrationInterruptedError} wraps foreign ones) and re-running resumes.
 */
export async function migrateTenantPartition(
    spec: MigrationSpec,
    deps: MigrationDeps,
): Promise<MigrationResult> {
    const run = createRun(spec, deps);
    let phase: MigrationPhase = "starting";
    try {
        const resumable = resumableRecord(await deps.progress.get(), run.spec);
        const resumedFrom = resumable?.step;
        let record: MigrationRecord;
        if (resumable === undefined) {
            await checkTargetReconcilable(run);
            record = await run.save<CopyingRecord>({
                ...identity(run.spec),
                step: "copying",
                copied: 0,
                deleted: 0,
                updatedAt: "",
            });
        } else {
            record = resumable;
            if (resumable.step !== "done") run.emit({ type: "resuming", step: resumable.step });
        }
        for (;;) {
            switch (record.step) {
                case "copying":
                    phase = "copying";
                    record = await copy(run, record);
                    phase = "verifying";
                    record = await verify(run, record);
                    break;
                case "verified":
                    phase = "switching";
                    run.emit({ type: "switching" });
                    await deps.switchRegistry();
                    record = await run.save({ ...record, step: "switched" });
                    run.emit({ type: "switched" });
                    break;
                case "switched":
                    phase = "checking-source";
                    await checkSourceUnchanged(run, record);
                    record = await run.save({ ...record, step: "cleaning" });
                    break;
                case "cleaning":
                    phase = "cleaning";
                    record = await clean(run, record);
                    phase = "finishing";
                    await checkSourceEmpty(run);
                    record = await run.save({ ...record, step: "done" });
                    break;
                case "done": {
                    const { count, checksum } = record.verified;
                    run.emit({
                        type: "done",
                        count,
                        checksum,
                        copied: record.copied,
                        deleted: record.deleted,
                    });
                    return {
                        ...identity(run.spec),
                        count,
                        checksum,
                        copied: record.copied,
                        deleted: record.deleted,
                        resumedFrom,
                    };
                }
                default:
                    return assertNever(record);
            }
        }
    } catch (error) {
        if (error instanceof TenantDataMigrationError) throw error;
        throw new MigrationInterruptedError(run.spec.tenantId, phase, error);
    }
}

function assertNever(value: never): never {
    throw new TypeError(`unknown migration step in ${JSON.stringify(value)}`);
}
