/** `tenant offboard <tenant-id> [--archive <dir|s3://bucket/prefix>] [--purge --confirm <tenant-id>]` */
import { Command } from "commander";
import { parseArchiveLocation } from "../lifecycle/archive";
import { offboard } from "../lifecycle/offboard";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import type { Problems } from "./problems";
import { summaryText } from "./render";
import { type CliDeps, commandLine, commonArgs, type CommonOptions, withEngineOptions } from "./settings";
import { validateTenantCommand } from "./tenantCommand";

export interface OffboardOptions extends CommonOptions {
    readonly archive: string;
    readonly purge?: boolean;
    readonly confirm?: string;
}

/** The offboard options' own rules (archive location, purge confirmation), recorded into `problems`. */
export function offboardProblems(
    tenantId: string,
    options: Pick<OffboardOptions, "archive" | "purge" | "confirm">,
    problems: Problems,
): void {
    problems.check("--archive", () => parseArchiveLocation(options.archive));
    if (options.purge === true && options.confirm !== tenantId) {
        problems.add(
            "--confirm",
            options.confirm,
            `--purge deletes the tenant's data: type the tenant id again, --confirm ${tenantId}`,
        );
    }
    if (options.purge !== true && options.confirm !== undefined)
        problems.add("--confirm", options.confirm, "belongs to --purge");
}

export function offboardCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withEngineOptions(new Command("offboard"))
        .description(
            "Offboard a tenant: mark it offboarded (up), back up its data (premium: on-demand table backup; pooled: export of its partition and objects), destroy its stack with the data stores retained, remove the stack. --purge also deletes the data.",
        )
        .argument("<tenant-id>", "the tenant")
        .option(
            "--archive <location>",
            "where a pooled tenant's export goes: a directory or s3://bucket/prefix",
            "tenant-archives",
        )
        .option("--purge", "delete the tenant's data after the backup (needs --confirm <tenant-id>)")
        .option("--confirm <tenant-id>", "the tenant id typed again, to confirm --purge")
        .addHelpText(
            "after",
            "\nExamples:\n  npm run tenant -- offboard acme -e prod --archive s3://acme-corp-archives/tenants\n  npm run tenant -- offboard acme -e prod --purge --confirm acme\n",
        )
        .action(async (tenantId: string, options: OffboardOptions) => {
            const { settings } = validateTenantCommand(tenantId, options, deps, (problems) =>
                offboardProblems(tenantId, options, problems),
            );
            const purge = options.purge === true ? ["--purge", "--confirm", tenantId] : [];
            exit(
                await execute(deps, settings, {
                    operation: "offboard",
                    json: jsonOutput(options),
                    resume: commandLine([
                        "offboard",
                        tenantId,
                        "--archive",
                        options.archive,
                        ...purge,
                        ...commonArgs(options, settings),
                    ]),
                    run: (lifecycle) =>
                        offboard(
                            {
                                tenantId,
                                environment: settings.environment,
                                archive: options.archive,
                                dryRun: options.dryRun === true,
                                ...(options.purge === true
                                    ? { purge: { confirmTenantId: options.confirm ?? "" } }
                                    : {}),
                            },
                            lifecycle,
                        ),
                    summary: summaryText,
                }),
            );
        });
}
