/**
 * Named errors of the tenant data migration. Each says what was wrong, the values involved and what
 * to do; a CLI maps {@link InvalidMigrationSpecError} (and `InvalidTenantIdError`) to exit code 2
 * and every other one to exit code 1 with the resume command.
 */
import type { PartitionDigest } from "./checksum";

/** What the migration was doing when it stopped. */
export type MigrationPhase =
    "starting" | "copying" | "verifying" | "switching" | "checking-source" | "cleaning" | "finishing";

/** Base class of every error the migration throws on purpose (anything else is wrapped). */
export class TenantDataMigrationError extends Error {
    override readonly name: string = "TenantDataMigrationError";
}

/** The spec is invalid (tables or direction); nothing was read or written. */
export class InvalidMigrationSpecError extends TenantDataMigrationError {
    override readonly name = "InvalidMigrationSpecError";
    constructor(
        readonly field: string,
        readonly value: unknown,
        reason: string,
    ) {
        super(`migration ${field} ${JSON.stringify(value)} is invalid: ${reason}`);
    }
}

/** The progress store holds an unfinished migration of another spec (or an unreadable record). */
export class MigrationRecordConflictError extends TenantDataMigrationError {
    override readonly name = "MigrationRecordConflictError";
    constructor(
        readonly record: unknown,
        message: string,
    ) {
        super(message);
    }
}

/** Keys (sort keys) named in an error, at most this many. */
export const SAMPLE_KEYS = 10;

/** Before a fresh copy, the target partition holds items that are not identical copies of source items. */
export class TargetPartitionConflictError extends TenantDataMigrationError {
    override readonly name = "TargetPartitionConflictError";
    constructor(
        readonly tenantId: string,
        readonly targetTable: string,
        /** Sort keys of target items with no source item (first {@link SAMPLE_KEYS}). */
        readonly extraKeys: readonly string[],
        /** Sort keys of target items that differ from the source item (first {@link SAMPLE_KEYS}). */
        readonly differingKeys: readonly string[],
        readonly extraCount: number,
        readonly differingCount: number,
    ) {
        super(
            `table "${targetTable}" already holds tenant "${tenantId}" items that are not copies of the source: ` +
                `${extraCount} not in the source ${JSON.stringify(extraKeys)}, ` +
                `${differingCount} different from the source ${JSON.stringify(differingKeys)}; nothing was written. ` +
                `Back up and remove them (or point the migration at the right table), then re-run`,
        );
    }
}

/** BatchWriteItem kept returning UnprocessedItems after every allowed attempt. */
export class BatchRetriesExhaustedError extends TenantDataMigrationError {
    override readonly name = "BatchRetriesExhaustedError";
    constructor(
        readonly table: string,
        readonly operation: "put" | "delete",
        readonly attempts: number,
        readonly unprocessed: number,
    ) {
        super(
            `${unprocessed} ${operation} request(s) on table "${table}" were still unprocessed after ${attempts} attempts ` +
                `(the table is throttling); re-run the migration to resume, or raise maxAttempts`,
        );
    }
}

/** After the copy, the target partition is not identical to the source partition. */
export class MigrationVerificationError extends TenantDataMigrationError {
    override readonly name = "MigrationVerificationError";
    constructor(
        readonly tenantId: string,
        readonly source: PartitionDigest,
        readonly target: PartitionDigest,
    ) {
        super(
            `tenant "${tenantId}" target partition does not match its source: source ${source.count} items ` +
                `(checksum ${source.checksum}), target ${target.count} items (checksum ${target.checksum}). ` +
                `The registry was not switched and nothing was deleted; a re-run copies the whole partition again. ` +
                `If the target holds items the source does not, remove them first`,
        );
    }
}

/** Between verification and cleaning, the source partition changed: deleting it would lose those writes. */
export class SourceChangedAfterVerificationError extends TenantDataMigrationError {
    override readonly name = "SourceChangedAfterVerificationError";
    constructor(
        readonly tenantId: string,
        readonly sourceTable: string,
        readonly verified: PartitionDigest,
        readonly actual: PartitionDigest,
    ) {
        super(
            `tenant "${tenantId}" partition in "${sourceTable}" changed after it was verified ` +
                `(verified ${verified.count} items, checksum ${verified.checksum}; now ${actual.count} items, ` +
                `checksum ${actual.checksum}): something still writes to the old table. Nothing was deleted; ` +
                `stop the writer, copy the changed items to the target by hand, then remove the source partition`,
        );
    }
}

/** After cleaning, items of the tenant are still in the source partition (written during the cleanup). */
export class SourceNotEmptyError extends TenantDataMigrationError {
    override readonly name = "SourceNotEmptyError";
    constructor(
        readonly tenantId: string,
        readonly sourceTable: string,
        readonly remaining: number,
    ) {
        super(
            `tenant "${tenantId}" still has ${remaining} item(s) in "${sourceTable}" after cleaning: something wrote ` +
                `to the old table during the cleanup. Inspect them; re-running the migration deletes them`,
        );
    }
}

/** An item returned by a partition query does not carry the migrating tenant id (never written anywhere). */
export class ForeignItemError extends TenantDataMigrationError {
    override readonly name = "ForeignItemError";
    constructor(
        readonly tenantId: string,
        readonly table: string,
        readonly item: unknown,
    ) {
        super(
            `a query of tenant "${tenantId}" in "${table}" returned an item of another partition ` +
                `(${JSON.stringify(item)}); stopped without writing it`,
        );
    }
}

/** Anything else (DynamoDB, the progress store, the registry switch) stopped the run; re-run to resume. */
export class MigrationInterruptedError extends TenantDataMigrationError {
    override readonly name = "MigrationInterruptedError";
    constructor(
        readonly tenantId: string,
        readonly phase: MigrationPhase,
        cause: unknown,
    ) {
        const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        super(
            `migration of tenant "${tenantId}" stopped while ${phase}: ${reason}. ` +
                `Re-run the same migration to resume; nothing is lost or duplicated`,
            { cause },
        );
    }
}
