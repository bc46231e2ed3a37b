/**
 * Named errors of the tenant lifecycle. Each message says what was wrong, the value involved and
 * what to do, so the CLI prints it as is: {@link InvalidLifecycleInputError} maps to exit code 2
 * (nothing was called), every other one to exit code 1.
 */
import { engineErrorText } from "./engineError";
import type { LifecycleOperation } from "./operation";

/** Base class of the errors the lifecycle throws on purpose. */
export class LifecycleError extends Error {
    override readonly name: string = "LifecycleError";
}

/** Input that breaks a rule; thrown before any Pulumi or AWS call. */
export class InvalidLifecycleInputError extends LifecycleError {
    override readonly name = "InvalidLifecycleInputError";
    constructor(
        readonly field: string,
        readonly value: unknown,
        readonly rule: string,
    ) {
        super(`${field} ${value === undefined ? "(not set)" : JSON.stringify(value)} is invalid: ${rule}`);
    }
}

/** `select` of a tenant whose stack does not exist. */
export class TenantNotFoundError extends LifecycleError {
    override readonly name = "TenantNotFoundError";
    constructor(
        readonly stackName: string,
        readonly tenantId: string,
    ) {
        super(
            `tenant "${tenantId}" has no stack ${stackName}: check the tenant id and the environment ` +
                `(npm run tenant -- list shows the tenants); an offboarded tenant's stack is removed`,
        );
    }
}

/** Signup of a tenant that already exists with another spec, or in another state. */
export class TenantExistsError extends LifecycleError {
    override readonly name = "TenantExistsError";
    constructor(
        readonly tenantId: string,
        readonly differences: readonly string[],
        readonly command: string,
    ) {
        super(
            `tenant "${tenantId}" already exists with ${differences.join(", ")}; signup changes nothing ` +
                `of an existing tenant: ${command}`,
        );
    }
}

/**
 * Signup of an id an offboarded tenant used: its tombstone says when, what is retained, and the
 * two ways forward. After a verified purge the id is given again only on request.
 */
export class TenantIdRetiredError extends LifecycleError {
    override readonly name = "TenantIdRetiredError";
    constructor(
        readonly tenantId: string,
        readonly offboardedAt: string,
        readonly detail: string,
        readonly options: string,
    ) {
        super(
            `tenant id "${tenantId}" belonged to a tenant offboarded at ${offboardedAt}; ${detail}: ${options}`,
        );
    }
}

/** A purge that finds something of the tenant left after deleting; nothing is recorded as purged. */
export class PurgeNotVerifiedError extends LifecycleError {
    override readonly name = "PurgeNotVerifiedError";
    constructor(
        readonly tenantId: string,
        readonly remains: readonly string[],
    ) {
        super(
            `purge of tenant "${tenantId}" is not verified: still found ${remains.join("; ")}; ` +
                `nothing was recorded as purged: fix the cause and run the purge again (it deletes what is left)`,
        );
    }
}

/** Another operation on the tenant is unfinished; it must be finished (re-run) first. */
export class OperationInProgressError extends LifecycleError {
    override readonly name = "OperationInProgressError";
    constructor(
        readonly tenantId: string,
        readonly unfinished: LifecycleOperation,
        readonly step: string,
        readonly requested: LifecycleOperation,
    ) {
        super(
            `tenant "${tenantId}" has an unfinished ${unfinished} (stopped at step "${step}"), so ${requested} ` +
                `cannot start: re-run ${unfinished} for this tenant to finish it first`,
        );
    }
}

/** The stack's state does not allow the operation (for example a tier change of a suspended tenant). */
export class LifecycleStateError extends LifecycleError {
    override readonly name = "LifecycleStateError";
}

/** The Pulumi CLI is not installed (or not where it was said to be). */
export class PulumiCliNotFoundError extends LifecycleError {
    override readonly name = "PulumiCliNotFoundError";
    constructor(
        readonly command: string,
        options?: ErrorOptions,
    ) {
        super(
            `the Pulumi CLI was not found (running "${command} version" failed with ENOENT): install it with ` +
                `"curl -fsSL https://get.pulumi.com | sh" (see https://www.pulumi.com/docs/install/), open a new shell ` +
                `so that "pulumi" is on PATH, or pass --pulumi-root <dir> (the folder holding bin/pulumi); nothing was changed`,
            options,
        );
    }
}

/** A step of a multi-step operation failed; what was recorded so far is kept and a re-run resumes. */
export class LifecycleStepError extends LifecycleError {
    override readonly name = "LifecycleStepError";
    constructor(
        readonly operation: LifecycleOperation,
        readonly tenantId: string,
        readonly stackName: string,
        readonly step: string,
        readonly done: readonly string[],
        readonly remaining: readonly string[],
        readonly resumeCommand: string,
        cause: unknown,
    ) {
        const engine = engineErrorText(cause);
        const reason =
            engine !== undefined
                ? `the Pulumi CLI failed: ${engine}`
                : cause instanceof Error
                  ? `${cause.name}: ${firstLines(cause.message)}`
                  : String(cause);
        super(
            `${operation} of tenant "${tenantId}" failed at step "${step}": ${reason}\n` +
                `  done:     ${done.length === 0 ? "nothing" : done.join("; ")}\n` +
                `  not done: ${remaining.join("; ")}\n` +
                `  progress is recorded in the config of stack ${stackName}; fix the cause, then resume with:\n` +
                `    ${resumeCommand}`,
            { cause },
        );
    }
}

/** The first lines of a long message (CLI errors carry the whole command output). */
function firstLines(message: string, count = 6): string {
    const lines = message.trim().split("\n");
    return lines.length <= count ? lines.join("\n") : `${lines.slice(0, count).join("\n")}\n  ...`;
}
