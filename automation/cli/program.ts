/**
 * The tenant CLI's commands on commander, and how a run ends: exit code 0 on success, 2 on invalid
 * input (commander's own parse errors included; nothing was called), 1 on a failure.
 */
import { Command, CommanderError } from "commander";
import { changeTierCommand } from "./changeTier";
import { costCommand } from "./cost";
import { offboardCommand } from "./offboard";
import { purgeCommand } from "./purge";
import { quotasCommand } from "./quotas";
import { type JsonOutput, outFileOf, writeDocument } from "./output";
import { engineErrorText } from "../lifecycle/engineError";
import { CliInputError } from "./problems";
import type { CliDeps } from "./settings";
import { rolloutCommand } from "./rollout";
import { signupCommand } from "./signup";
import { signupBatchCommand } from "./signupBatch";
import { listCommand, statusCommand } from "./status";
import { statusChangeCommand } from "./statusChange";
import { tokenCommand } from "./token";

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
    let code = 0;
    const exit = (value: number) => {
        code = value;
    };
    const program = new Command("tenant")
        .description(
            "Tenant lifecycle on the Pulumi Automation API: one stack <env>-<tenant-id> per tenant in project tenant-tiers-tenants.\nExit codes: 0 success, 1 failure (the message says what was done and how to resume), 2 invalid input (nothing was called).",
        )
        .showHelpAfterError("(add --help for usage)")
        .configureOutput({ writeOut: (text) => deps.io.out(text), writeErr: (text) => deps.io.err(text) })
        .exitOverride();
    const commands = [
        signupCommand(deps, exit),
        changeTierCommand(deps, exit),
        statusChangeCommand("suspend", deps, exit),
        statusChangeCommand("resume", deps, exit),
        offboardCommand(deps, exit),
        purgeCommand(deps, exit),
        statusCommand(deps, exit),
        listCommand(deps, exit),
        signupBatchCommand(deps, exit),
        costCommand(deps, exit),
        rolloutCommand(deps, exit),
        tokenCommand(deps, exit),
        quotasCommand(deps, exit),
    ];
    for (const command of commands) {
        program.addCommand(
            command
                .configureOutput({
                    writeOut: (text) => deps.io.out(text),
                    writeErr: (text) => deps.io.err(text),
                })
                .showHelpAfterError("(add --help for usage)")
                .exitOverride(),
        );
    }
    try {
        await program.parseAsync([...argv], { from: "user" });
        return code;
    } catch (error) {
        if (error instanceof CommanderError) {
            const help = ["commander.helpDisplayed", "commander.help", "commander.version"].includes(
                error.code,
            );
            return help || error.exitCode === 0 ? 0 : 2;
        }
        if (error instanceof CliInputError) {
            // An --out file that cannot be written is itself one of the problems: then stdout.
            const file = outFileOf(argv);
            const json: JsonOutput | undefined =
                file !== undefined && !error.problems.some((p) => p.field === "--out")
                    ? { file }
                    : argv.includes("--json")
                      ? {}
                      : undefined;
            if (json !== undefined) {
                const document = {
                    ok: false,
                    exitCode: 2,
                    error: { name: error.name, message: error.message, problems: error.problems },
                };
                writeDocument(deps.io, json, document);
            } else {
                deps.io.err(`error: ${error.message}\n`);
            }
            return 2;
        }
        // A failed Pulumi CLI call is the user's to fix: its message, not a stack trace.
        const engine = engineErrorText(error);
        deps.io.err(
            `error: ${engine !== undefined ? `the Pulumi CLI failed: ${engine}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        return 1;
    }
}
