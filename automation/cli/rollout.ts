/** `tenant rollout -e <env> [--waves 10,50,100] [--pause 30s] [--parallel 4] [--dry-run]` */
import { Command } from "commander";
import { rollout, type RolloutReport } from "../rollout/fleetRollout";
import { DEFAULT_WAVES, parseWaves } from "../rollout/waves";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import { parseCount, Problems } from "./problems";
import {
    type CliDeps,
    commandLine,
    commonArgs,
    type CommonOptions,
    type EngineSettings,
    resolveSettings,
    withCommonOptions,
} from "./settings";

interface RolloutOptions extends CommonOptions {
    readonly waves: string;
    readonly pause: string;
    readonly parallel: string;
}

const PAUSE = /^(\d+)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** `30s`, `2m`, `500ms` or plain seconds, as milliseconds; at most an hour. */
export function parsePause(problems: Problems, value: string): number | undefined {
    const match = PAUSE.exec(value);
    const ms = match === null ? NaN : Number(match[1]) * UNIT_MS[(match[2] ?? "s") as keyof typeof UNIT_MS];
    if (!Number.isFinite(ms) || ms > 3_600_000) {
        problems.add("--pause", value, "expected a duration up to an hour: 30s, 2m, 500ms or whole seconds");
        return undefined;
    }
    return ms;
}

/** The human report: one line per tenant, then the outcome. */
export function rolloutText(report: RolloutReport): string {
    const lines = report.tenants.map(
        (t) =>
            `  wave ${t.wave === 0 ? "0 (canary)" : String(t.wave).padEnd(10)}  ${t.tenantId.padEnd(33)}${t.outcome}${t.error === undefined ? "" : `: ${t.error}`}`,
    );
    const end =
        report.outcome === "stopped"
            ? `rollout of ${report.environment} stopped at wave ${report.failedWave}: later waves were not started; fix the failure and run it again (updated tenants are left as they are)`
            : `rollout of ${report.environment} ${report.outcome}: ${report.tenants.length} tenant(s) in ${report.waves.length} wave(s)`;
    return `${lines.join("\n")}${lines.length > 0 ? "\n" : ""}${end}\n`;
}

export function rolloutCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withCommonOptions(new Command("rollout"))
        .description(
            "Update every tenant stack of an environment to the current tenant program, in waves: one canary tenant, then cumulative percentages of the fleet, pausing between waves and stopping at the first wave with a failure. Each tenant keeps its tier and state.",
        )
        .option(
            "--waves <percentages>",
            "cumulative percentages after the canary, ending at 100",
            DEFAULT_WAVES.join(","),
        )
        .option("--pause <duration>", "pause between waves (30s, 2m, 500ms)", "30s")
        .option("--parallel <n>", "tenants updated at once within a wave", "4")
        .option("--dry-run", "preview every tenant: show what would change, change nothing")
        .addHelpText(
            "after",
            "\nExample:\n  npm run tenant -- rollout -e prod --waves 10,50,100 --pause 5m\n",
        )
        .action(async (options: RolloutOptions & { dryRun?: boolean }) => {
            const problems = new Problems();
            const settings = resolveSettings(options, deps, problems);
            const waves = problems.check("--waves", () => parseWaves(options.waves));
            const pauseMs = parsePause(problems, options.pause);
            const parallel = parseCount(problems, "--parallel", options.parallel, 1, 32);
            problems.throwIfAny();
            const valid = settings as EngineSettings;
            let stopped = false;
            const code = await execute(deps, valid, {
                operation: "rollout",
                json: jsonOutput(options),
                resume: commandLine([
                    "rollout",
                    "--waves",
                    options.waves,
                    "--pause",
                    options.pause,
                    ...commonArgs(options, valid),
                ]),
                run: async (lifecycle) => {
                    const report = await rollout(
                        {
                            environment: valid.environment,
                            waves: waves as readonly number[],
                            pauseMs: pauseMs ?? 0,
                            parallel,
                            dryRun: options.dryRun === true,
                        },
                        lifecycle,
                        {
                            onWave: (wave, ids, state) =>
                                deps.io.err(
                                    `wave ${wave}${wave === 0 ? " (canary)" : ""} ${state}: ${ids.join(", ")}\n`,
                                ),
                            onTenant: (t) => deps.io.err(`  ${t.tenantId}: ${t.outcome}\n`),
                        },
                    );
                    stopped = report.outcome === "stopped";
                    return report;
                },
                summary: rolloutText,
            });
            exit(code === 0 && stopped ? 1 : code);
        });
}
