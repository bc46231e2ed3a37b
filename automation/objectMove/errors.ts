/** Named errors of the tenant object move; each names the values and what to do. */
import type { ObjectsDigest } from "./types";

export class ObjectMoveError extends Error {
    override readonly name: string = "ObjectMoveError";
}

/** The spec is invalid; nothing was read or written. */
export class InvalidObjectMoveSpecError extends ObjectMoveError {
    override readonly name = "InvalidObjectMoveSpecError";
    constructor(
        readonly field: string,
        readonly value: unknown,
        reason: string,
    ) {
        super(`object move ${field} ${JSON.stringify(value)} is invalid: ${reason}`);
    }
}

/** The progress store holds an unfinished move of another tenant or bucket pair. */
export class ObjectMoveRecordConflictError extends ObjectMoveError {
    override readonly name = "ObjectMoveRecordConflictError";
}

/** After the copy, the target's objects under the prefix differ from the source's. */
export class ObjectMoveVerificationError extends ObjectMoveError {
    override readonly name = "ObjectMoveVerificationError";
    constructor(
        readonly tenantId: string,
        readonly source: ObjectsDigest,
        readonly target: ObjectsDigest,
    ) {
        super(
            `tenant "${tenantId}" objects in the target bucket do not match the source: source ${source.count} objects ` +
                `(checksum ${source.checksum}), target ${target.count} objects (checksum ${target.checksum}). ` +
                `Nothing was deleted; a re-run copies every object again. If the target holds objects the source ` +
                `does not, remove them first`,
        );
    }
}

/** Between verification and cleaning the source objects changed: deleting them would lose those writes. */
export class SourceObjectsChangedError extends ObjectMoveError {
    override readonly name = "SourceObjectsChangedError";
    constructor(
        readonly tenantId: string,
        readonly sourceBucket: string,
        readonly verified: ObjectsDigest,
        readonly actual: ObjectsDigest,
    ) {
        super(
            `tenant "${tenantId}" objects in "${sourceBucket}" changed after they were verified (verified ` +
                `${verified.count} objects, checksum ${verified.checksum}; now ${actual.count}, checksum ` +
                `${actual.checksum}): something still writes there. Nothing was deleted; stop the writer and re-run`,
        );
    }
}

/** A listing under `<tenantId>/` returned a key outside that prefix (never copied or deleted). */
export class ForeignObjectError extends ObjectMoveError {
    override readonly name = "ForeignObjectError";
    constructor(
        readonly tenantId: string,
        readonly bucket: string,
        readonly key: string,
    ) {
        super(
            `a listing of tenant "${tenantId}" in "${bucket}" returned key ${JSON.stringify(key)}, outside "${tenantId}/"; stopped`,
        );
    }
}

/** DeleteObjects reported errors for some versions. */
export class ObjectDeleteError extends ObjectMoveError {
    override readonly name = "ObjectDeleteError";
    constructor(
        readonly bucket: string,
        readonly failures: readonly { key: string; versionId?: string; code?: string }[],
    ) {
        super(
            `${failures.length} version(s) in "${bucket}" could not be deleted (first: ${JSON.stringify(failures[0])}); ` +
                `re-run the move to retry the cleanup`,
        );
    }
}
