/** `tenant purge <tenant-id> --confirm <tenant-id>` */
import { Command } from "commander";
import { purge, type PurgeResult } from "../lifecycle/purgeOffboarded";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import { type CliDeps, commandLine, commonArgs, type CommonOptions, withCommonOptions } from "./settings";
import { validateTenantCommand } from "./tenantCommand";

interface PurgeOptions extends CommonOptions {
    readonly confirm?: string;
}

function purgeText(result: PurgeResult): string {
    const head =
        result.outcome === "purged"
            ? `purged tenant ${result.tenantId} (${result.environment}, ${result.tier}, offboarded at ${result.offboardedAt})`
            : `tenant ${result.tenantId} (${result.environment}) was purged before; nothing of it is left`;
    return `${[head, ...result.notes.map((n) => `  ${n}`)].join("\n")}\n`;
}

export function purgeCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withCommonOptions(new Command("purge"))
        .description(
            "Delete everything an offboarded tenant left (partition or table, every object version, table backups, its Cognito users; its KMS key untagged and scheduled for deletion in 7 days), check it is gone and record the purge on its tombstone. Only then may the id be signed up again, with --reuse-purged-id.",
        )
        .argument("<tenant-id>", "the offboarded tenant")
        .option("--confirm <tenant-id>", "the tenant id typed again: a purge cannot be undone")
        .addHelpText("after", "\nExample:\n  npm run tenant -- purge acme --confirm acme -e prod\n")
        .action(async (tenantId: string, options: PurgeOptions) => {
            const { settings } = validateTenantCommand(tenantId, options, deps, (problems) => {
                if (options.confirm !== tenantId) {
                    problems.add(
                        "--confirm",
                        options.confirm,
                        `a purge cannot be undone: type the tenant id again, --confirm ${tenantId}`,
                    );
                }
            });
            exit(
                await execute(deps, settings, {
                    operation: "purge",
                    json: jsonOutput(options),
                    resume: commandLine([
                        "purge",
                        tenantId,
                        "--confirm",
                        tenantId,
                        ...commonArgs(options, settings),
                    ]),
                    commandOptions: commonArgs(options, settings),
                    run: (lifecycle) =>
                        purge(
                            {
                                tenantId,
                                environment: settings.environment,
                                confirmTenantId: options.confirm ?? "",
                            },
                            lifecycle,
                        ),
                    summary: purgeText,
                }),
            );
        });
}
