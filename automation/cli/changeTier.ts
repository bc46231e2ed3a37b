/** `tenant change-tier <tenant-id> --tier <tier>` */
import { Command } from "commander";
import { TENANT_SPEC_RULES } from "../../tiers/tenantSpec";
import { isTierName } from "../../tiers/tier";
import { changeTier } from "../lifecycle/changeTier";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import type { Problems } from "./problems";
import { summaryText } from "./render";
import { type CliDeps, commandLine, commonArgs, type CommonOptions, withEngineOptions } from "./settings";
import { validateTenantCommand } from "./tenantCommand";

/** The `--tier` rule of change-tier, recorded into `problems`. */
export function tierProblems(tier: unknown, problems: Problems): void {
    if (!isTierName(tier)) problems.add("--tier", tier, TENANT_SPEC_RULES.tier);
}

export function changeTierCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withEngineOptions(new Command("change-tier"))
        .description(
            "Move a tenant to another tier: suspend, deploy the premium stores, copy and verify its partition, switch the registry and reactivate (up), remove the source partition. Every step is recorded; re-run to resume.",
        )
        .argument("<tenant-id>", "the tenant")
        .option("--tier <tier>", "the new tier: pooled or premium")
        .addHelpText("after", "\nExample:\n  npm run tenant -- change-tier acme --tier premium -e prod\n")
        .action(async (tenantId: string, options: CommonOptions & { tier?: string }) => {
            const { settings } = validateTenantCommand(tenantId, options, deps, (problems) =>
                tierProblems(options.tier, problems),
            );
            const tier = options.tier as string;
            exit(
                await execute(deps, settings, {
                    operation: "change-tier",
                    json: jsonOutput(options),
                    resume: commandLine([
                        "change-tier",
                        tenantId,
                        "--tier",
                        tier,
                        ...commonArgs(options, settings),
                    ]),
                    run: (lifecycle) =>
                        changeTier(
                            {
                                tenantId,
                                environment: settings.environment,
                                tier,
                                dryRun: options.dryRun === true,
                            },
                            lifecycle,
                        ),
                    summary: summaryText,
                }),
            );
        });
}
