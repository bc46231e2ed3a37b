/** `tenant signup-batch <file> [--concurrency N]` */
import { Command } from "commander";
import { parsePlatformConfig } from "../../config";
import { readStackConfig } from "../../plan/stackConfig";
import { readBatchFile } from "./batchFile";
import { checkBatchQuotas } from "./batchQuotas";
import { jsonOutput, writeDocument } from "./output";
import { type BatchOutcome, runBatch } from "./batchRunner";
import { Problems, parseCount } from "./problems";
import { eventLine, reportFailure } from "./render";
import {
    type CliDeps,
    commandLine,
    commonArgs,
    type CommonOptions,
    type EngineSettings,
    resolveSettings,
    withEngineOptions,
} from "./settings";
import { signupArgs } from "./signup";

/**
 * Cognito sends every new admin a temporary password by email; a batch bigger than the sender's
 * daily limit (`tenant-tiers:dailyEmailLimit`, 50 for Cognito's own sender) leaves the rest without
 * one. A warning, not a refusal: re-running a batch re-runs finished signups, which send nothing.
 */
export function emailLimitWarning(file: string, signups: number, environment: string): string | undefined {
    let limit = 50;
    let source = "Cognito's built-in sender";
    try {
        limit = parsePlatformConfig(readStackConfig(environment).values).email.dailyLimit;
        source = `tenant-tiers:dailyEmailLimit of Pulumi.${environment}.yaml`;
    } catch {
        // No readable platform config here: assume Cognito's own sender.
    }
    if (signups <= limit) return undefined;
    return (
        `${file} has ${signups} signups, more than the ${limit} invitation emails a day the user pool can send (${source}): ` +
        `admins past the limit get no temporary password today; send through SES (tenant-tiers:emailFrom and sesIdentityArn) ` +
        `or split the file (finished signups re-run as no-ops and send nothing)`
    );
}

interface BatchCliOptions extends CommonOptions {
    readonly concurrency: string;
}

function outcomeLine(o: BatchOutcome): string {
    return o.result !== undefined
        ? `[${o.tenantId}] signup ${o.result.outcome} (worker ${o.pid ?? "?"})`
        : `[${o.tenantId}] signup FAILED (worker ${o.pid ?? "?"}): ${o.error?.message.split("\n")[0] ?? ""}`;
}

function summary(outcomes: readonly BatchOutcome[], resume: string): string {
    const ok = outcomes.filter((o) => o.result !== undefined);
    const failed = outcomes.filter((o) => o.error !== undefined);
    const byOutcome = new Map<string, number>();
    for (const o of ok)
        byOutcome.set(o.result?.outcome ?? "", (byOutcome.get(o.result?.outcome ?? "") ?? 0) + 1);
    const counts = [...byOutcome.entries()].map(([k, n]) => `${n} ${k}`).join(", ");
    const workers = new Set(outcomes.map((o) => o.pid)).size;
    const lines = [
        `signup-batch: ${outcomes.length} tenant(s) in ${workers} worker process(es): ${ok.length} succeeded${counts === "" ? "" : ` (${counts})`}, ${failed.length} failed`,
    ];
    for (const o of failed) lines.push(`  failed: entry ${o.index} ${o.tenantId}: ${o.error?.message ?? ""}`);
    if (failed.length > 0)
        lines.push(`  finished signups are no-ops when re-run; resume the batch with:\n    ${resume}`);
    return `${lines.join("\n")}\n`;
}

export function signupBatchCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withEngineOptions(new Command("signup-batch"))
        .description(
            "Sign up many tenants from a JSON or YAML file, in parallel worker processes (one update per process). The file is validated before anything runs; re-running a batch resumes it.",
        )
        .argument(
            "<file>",
            "a list of { tenantId, tier, adminEmail, silo? } (or { tenants: [...] }); .json is read as JSON, anything else as YAML",
        )
        .option("--concurrency <n>", "worker processes (1-32)", "4")
        .addHelpText(
            "after",
            "\nExample file (tenants.yaml):\n  - { tenantId: acme, tier: pooled, adminEmail: ops@acme.example }\n  - { tenantId: globex, tier: premium, adminEmail: it@globex.example, silo: { create: { email: aws+globex@example.com } } }\n\n  npm run tenant -- signup-batch tenants.yaml --concurrency 8 -e prod\n",
        )
        .action(async (file: string, options: BatchCliOptions) => {
            const problems = new Problems();
            const settings = resolveSettings(options, deps, problems);
            const concurrency = parseCount(problems, "--concurrency", options.concurrency, 1, 32);
            problems.throwIfAny();
            const valid = settings as EngineSettings;
            const jobs = readBatchFile(file, valid.environment, deps.now());
            const warning = emailLimitWarning(file, jobs.length, valid.environment);
            if (warning !== undefined) deps.io.err(`warning: ${warning}\n`);
            const json = jsonOutput(options);
            const resume = commandLine([
                "signup-batch",
                file,
                "--concurrency",
                String(concurrency),
                ...commonArgs(options, valid),
            ]);
            if (options.dryRun !== true) {
                try {
                    await checkBatchQuotas(file, jobs, valid, deps);
                } catch (error) {
                    exit(reportFailure(deps.io, error, json, "signup-batch", resume));
                    return;
                }
            }
            const outcomes = await runBatch(jobs, {
                concurrency: concurrency as number,
                workerModule: deps.batchWorker,
                settings: valid,
                dryRun: options.dryRun === true,
                commandOptions: commonArgs(options, valid),
                resumeCommand: (job) =>
                    commandLine([...signupArgs(job.spec, job.silo), ...commonArgs(options, valid)]),
                onEvent: (event) => {
                    const line = eventLine(event);
                    if (line !== undefined) deps.io.err(`${line}\n`);
                },
                onOutcome: (outcome) => deps.io.err(`${outcomeLine(outcome)}\n`),
            });
            const failed = outcomes.filter((o) => o.error !== undefined).length;
            if (json === undefined) deps.io.out(summary(outcomes, resume));
            else
                writeDocument(deps.io, json, {
                    ok: failed === 0,
                    result: { outcomes, succeeded: outcomes.length - failed, failed },
                    ...(failed > 0 ? { resume } : {}),
                });
            exit(failed === 0 ? 0 : 1);
        });
}
