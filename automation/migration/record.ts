/** Reading a migration's progress record back: resume it, start afresh, or refuse. */
import type { PartitionDigest } from "./checksum";
import { MigrationRecordConflictError } from "./errors";
import {
    MIGRATION_DIRECTIONS,
    MIGRATION_STEPS,
    type MigrationRecord,
    type ValidMigrationSpec,
} from "./types";

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function isDigest(value: unknown): value is PartitionDigest {
    const d = value as Partial<PartitionDigest> | undefined;
    return (
        typeof d === "object" && d !== null && isCount(d.count) && /^[0-9a-f]{64}$/.test(String(d.checksum))
    );
}

/** True when `record` has the shape this module writes (the store may be a hand-edited file). */
export function isMigrationRecord(record: unknown): record is MigrationRecord {
    if (typeof record !== "object" || record === null) return false;
    const r = record as Record<string, unknown>;
    const base =
        typeof r.tenantId === "string" &&
        typeof r.sourceTable === "string" &&
        typeof r.targetTable === "string" &&
        (MIGRATION_DIRECTIONS as readonly unknown[]).includes(r.direction) &&
        (MIGRATION_STEPS as readonly unknown[]).includes(r.step) &&
        isCount(r.copied) &&
        isCount(r.deleted) &&
        (r.sourceAccount === undefined || typeof r.sourceAccount === "string") &&
        (r.targetAccount === undefined || typeof r.targetAccount === "string");
    if (!base) return false;
    if (r.step === "copying") return r.lastCopiedSk === undefined || typeof r.lastCopiedSk === "string";
    return isDigest(r.verified);
}

const sameMigration = (record: MigrationRecord, spec: ValidMigrationSpec): boolean =>
    record.tenantId === spec.tenantId &&
    record.sourceTable === spec.sourceTable &&
    record.targetTable === spec.targetTable &&
    record.direction === spec.direction &&
    record.sourceAccount === spec.sourceAccount &&
    record.targetAccount === spec.targetAccount;

/**
 * The record to resume from: the stored one when it is this migration's (a `done` one included, so
 * a re-run is a no-op), `undefined` for a fresh start (no record, or another migration that is
 * done, such as the previous tier change). An unfinished other migration, or a record that cannot
 * be read, is refused: resuming it here would mix two migrations' progress.
 */
export function resumableRecord(stored: unknown, spec: ValidMigrationSpec): MigrationRecord | undefined {
    if (stored === undefined) return undefined;
    if (!isMigrationRecord(stored)) {
        throw new MigrationRecordConflictError(
            stored,
            `the progress record ${JSON.stringify(stored)} is not a migration record; nothing was written. ` +
                `Fix or remove the record`,
        );
    }
    if (sameMigration(stored, spec)) return stored;
    if (stored.step === "done") return undefined;
    throw new MigrationRecordConflictError(
        stored,
        `the progress store holds an unfinished migration (step "${stored.step}") of tenant "${stored.tenantId}" ` +
            `${stored.direction} from "${stored.sourceTable}" to "${stored.targetTable}", ` +
            `not tenant "${spec.tenantId}" ${spec.direction} from "${spec.sourceTable}" to "${spec.targetTable}"; ` +
            `nothing was written. Finish that migration first, or use another progress record`,
    );
}
