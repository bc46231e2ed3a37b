/** `tenant suspend <tenant-id>` and `tenant resume <tenant-id>` */
import { Command } from "commander";
import { resume } from "../lifecycle/resume";
import { suspend } from "../lifecycle/suspend";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import { summaryText } from "./render";
import { type CliDeps, commandLine, commonArgs, type CommonOptions, withEngineOptions } from "./settings";
import { validateTenantCommand } from "./tenantCommand";

const DESCRIPTIONS = {
    suspend:
        "Suspend a tenant: its registry entry says suspended (up), so the authorizer refuses its callers within a minute. Nothing is deleted.",
    resume: "Reactivate a suspended tenant: its registry entry says active again (up).",
} as const;

export function statusChangeCommand(
    operation: "suspend" | "resume",
    deps: CliDeps,
    exit: (code: number) => void,
): Command {
    return withEngineOptions(new Command(operation))
        .description(DESCRIPTIONS[operation])
        .argument("<tenant-id>", "the tenant")
        .addHelpText("after", `\nExample:\n  npm run tenant -- ${operation} acme -e prod\n`)
        .action(async (tenantId: string, options: CommonOptions) => {
            const { settings } = validateTenantCommand(tenantId, options, deps);
            const run = operation === "suspend" ? suspend : resume;
            exit(
                await execute(deps, settings, {
                    operation,
                    json: jsonOutput(options),
                    resume: commandLine([operation, tenantId, ...commonArgs(options, settings)]),
                    run: (lifecycle) =>
                        run(
                            { tenantId, environment: settings.environment, dryRun: options.dryRun === true },
                            lifecycle,
                        ),
                    summary: summaryText,
                }),
            );
        });
}
