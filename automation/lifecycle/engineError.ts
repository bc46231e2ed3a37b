/**
 * What a failed Pulumi CLI call (the Automation API's `CommandError`) means, in one message. Its own
 * message is `code: N\n stdout: ...\n stderr: ...\n err?: ...`, and when the CLI could not be run to
 * completion (code -2) the same text appears twice, once as stderr and once as the error; users
 * get the CLI's `error:` lines once instead, with a hint for the usual causes.
 */

const COMMAND_ERROR = /^code: (-?\d+)\n stdout: ([\s\S]*?)\n stderr: ([\s\S]*?)(?:\n err\?: [\s\S]*)?$/;
const COMMAND_FAILED = /^Command failed with exit code -?\d+: /;

/** The hints, first match wins; the last one names the usual causes when nothing matched. */
const HINTS: readonly { readonly when: RegExp; readonly hint: string }[] = [
    {
        when: /passphrase/i,
        hint: "the stack's secrets are encrypted with a passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and re-run",
    },
    {
        when: /currently locked|another update is currently in progress|\[409\] Conflict/i,
        hint: "the stack is locked by another update: wait for it to finish, or if it crashed run pulumi cancel --stack <stack> (self-managed backends: pulumi cancel removes the lock), then re-run",
    },
    {
        when: /pulumi login|not logged in|PULUMI_ACCESS_TOKEN|\b401\b|unauthorized|invalid access token/i,
        hint: "the Pulumi CLI is not logged in to this backend: run pulumi login (or set PULUMI_ACCESS_TOKEN, or PULUMI_BACKEND_URL for a self-managed backend) and re-run",
    },
];

const USUAL_CAUSES =
    "usual causes: not logged in (pulumi login), PULUMI_CONFIG_PASSPHRASE not set, the stack locked by a crashed update (pulumi cancel)";

/** `true` when `error` is a failed Pulumi CLI call of the Automation API. */
export function isEngineError(error: unknown): error is Error {
    return error instanceof Error && COMMAND_ERROR.test(error.message);
}

/**
 * The message of a failed Pulumi CLI call: the CLI's `error:` lines (without the prefix and
 * without execa's `Command failed ...` line), else its other output; then a hint when the cause
 * is a usual one, or the usual causes when the CLI printed no error of its own. `undefined` when
 * `error` is not such a failure.
 */
export function engineErrorText(error: unknown): string | undefined {
    if (!isEngineError(error)) return undefined;
    const [, code, stdout = "", stderr = ""] = COMMAND_ERROR.exec(error.message) ?? [];
    const lines = `${stderr}\n${stdout}`
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !COMMAND_FAILED.test(l));
    const errors = lines.filter((l) => l.startsWith("error: ")).map((l) => l.slice("error: ".length));
    const chosen = [...new Set(errors.length > 0 ? errors : lines)].slice(0, 6);
    const what = chosen.length > 0 ? chosen.join("; ") : `the Pulumi CLI exited with code ${code}`;
    // The engine's own errors (a policy violation, an AWS error) speak for themselves; anything
    // else gets the usual causes of a CLI that could not do its work.
    const hint =
        HINTS.find((h) => h.when.test(error.message))?.hint ?? (errors.length > 0 ? undefined : USUAL_CAUSES);
    return hint === undefined ? what : `${what} (${hint})`;
}

/** `name: message` of an error, with a failed Pulumi CLI call described by {@link engineErrorText}. */
export function errorText(error: unknown): string {
    const engine = engineErrorText(error);
    if (engine !== undefined) return `the Pulumi CLI failed: ${engine}`;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
