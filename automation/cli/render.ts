/**
 * What the tenant CLI prints: one progress line per lifecycle event (stderr), a summary of the
 * result (stdout, or one JSON document with --json), and for a failure what was done, what was not
 * and the exact command that resumes.
 */
import type { MigrationEvent } from "../migration/migrate";
import { engineErrorText } from "../lifecycle/engineError";
import { LifecycleStepError } from "../lifecycle/errors";
import type { LifecycleEvent } from "../lifecycle/events";
import type { LifecycleResult } from "../lifecycle/tenant";
import type { VendingEvent } from "../vending/vend";
import { type JsonOutput, writeDocument } from "./output";
import { CliInputError } from "./problems";
import type { CliIo } from "./settings";

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function vendingLine(e: VendingEvent): string {
    switch (e.type) {
        case "resumed":
            return `resuming account request ${e.requestId} (${e.state})`;
        case "requested":
            return `CreateAccount requested (${e.requestId}, attempt ${e.attempt})`;
        case "retrying":
            return `${e.step} retry ${e.attempt} in ${seconds(e.delayMs)}: ${e.reason}`;
        case "polling":
            return `account ${e.requestId} still being created (${seconds(e.elapsedMs)})`;
        case "succeeded":
            return `account ${e.accountId} created`;
        case "moved":
            return `account ${e.accountId} moved to ${e.toOrganizationalUnitId}`;
    }
}

function migrationLine(e: MigrationEvent): string {
    switch (e.type) {
        case "resuming":
            return `resuming at ${e.step}`;
        case "page-copied":
            return `page ${e.page} copied (${e.items} items, ${e.copied} so far)`;
        case "verifying":
            return "verifying count and checksum";
        case "verified":
            return `verified ${e.count} items (checksum ${e.checksum.slice(0, 12)})`;
        case "switching":
            return "switching the registry";
        case "switched":
            return "registry switched";
        case "cleaning":
            return "removing the source partition";
        case "page-deleted":
            return `page ${e.page} deleted (${e.items} items, ${e.deleted} so far)`;
        case "done":
            return `done: ${e.count} items moved`;
    }
}

/** One progress line for `event`, or `undefined` for steps not worth one (unchanged resources). */
export function eventLine(event: LifecycleEvent): string | undefined {
    const prefix = `[${event.tenantId}]`;
    switch (event.type) {
        case "step":
            return `${prefix} ${event.operation} ${event.step}: ${event.state}${event.detail === undefined ? "" : ` (${event.detail})`}`;
        case "resource": {
            if (event.op === "same") return undefined;
            const mark = event.state === "started" ? "..." : event.state === "done" ? "ok " : "FAILED";
            return `${prefix}   ${mark} ${event.op} ${event.resourceType} ${event.name}`;
        }
        case "diagnostic":
            return `${prefix} ${event.severity}: ${event.message}`;
        case "policy":
            return `${prefix} policy ${event.policy} (${event.level}): ${event.message}`;
        case "summary": {
            const counts = Object.entries(event.changes)
                .map(([op, n]) => `${n} ${op}`)
                .join(", ");
            return `${prefix} engine: ${counts === "" ? "no changes" : counts} in ${event.durationSeconds} s`;
        }
        case "retry":
            return `${prefix} ${event.reason}: retry ${event.attempt} in ${seconds(event.delayMs)}`;
        case "vending":
            return `${prefix} silo account: ${vendingLine(event.event)}`;
        case "migration":
            return `${prefix} migration: ${migrationLine(event.event)}`;
        case "backup":
            return `${prefix} backup: ${event.what}${event.count === undefined ? "" : ` (${event.count})`}`;
    }
}

/** The human summary of a result. */
export function summaryText(result: LifecycleResult): string {
    const lines = [
        `${result.operation} ${result.tenantId} (${result.environment}, stack ${result.stackName}): ${result.outcome}${result.resumedFrom === undefined ? "" : ` (resumed from step ${result.resumedFrom})`}`,
        `  tier ${result.tier}, status ${result.status}`,
    ];
    for (const done of result.done) lines.push(`  done: ${done}`);
    const changes = Object.entries(result.changes).filter(([op]) => op !== "same");
    if (changes.length > 0) lines.push(`  resources: ${changes.map(([op, n]) => `${n} ${op}`).join(", ")}`);
    const url = result.outputs?.apiUrl;
    if (typeof url === "string") lines.push(`  api: ${url}`);
    if (result.siloAccountId !== undefined) lines.push(`  silo account: ${result.siloAccountId}`);
    for (const note of result.notes ?? []) lines.push(`  note: ${note}`);
    return `${lines.join("\n")}\n`;
}

/** Exit code of an error: 2 for invalid input, 1 for everything else. */
export const exitCodeOf = (error: unknown): 1 | 2 => (error instanceof CliInputError ? 2 : 1);

/**
 * Prints a failure: the error, what was done, what was not and the command that resumes. With
 * --json the same as a document on stdout (with --out, in the file).
 */
export function reportFailure(
    io: CliIo,
    error: unknown,
    json: JsonOutput | undefined,
    operation: string,
    resume: string | undefined,
): number {
    const code = exitCodeOf(error);
    const engine = engineErrorText(error);
    const message =
        engine !== undefined
            ? `the Pulumi CLI failed: ${engine}`
            : error instanceof Error
              ? error.message
              : String(error);
    const step = error instanceof LifecycleStepError ? error : undefined;
    if (json !== undefined) {
        const name = error instanceof Error ? error.name : "Error";
        const document = {
            ok: false,
            exitCode: code,
            error: { name, message },
            ...(step === undefined ? {} : { done: step.done, notDone: step.remaining }),
            ...(code === 1 && resume !== undefined ? { resume } : {}),
        };
        writeDocument(io, json, document);
        return code;
    }
    if (code === 2 || step !== undefined) {
        io.err(`error: ${message}\n`);
        return code;
    }
    io.err(
        `error: ${message}\n  done:     nothing (${operation} stopped before changing anything)\n  not done: ${operation}\n`,
    );
    if (resume !== undefined) io.err(`  re-run when fixed:\n    ${resume}\n`);
    return code;
}
