/** `tenant status <tenant-id>` and `tenant list` */
import { Command } from "commander";
import { list, type TenantListEntry } from "../lifecycle/list";
import { status, type TenantStatusReport } from "../lifecycle/status";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import { Problems } from "./problems";
import {
    type CliDeps,
    commandLine,
    commonArgs,
    type CommonOptions,
    type EngineSettings,
    resolveSettings,
    withCommonOptions,
} from "./settings";
import { validateTenantCommand } from "./tenantCommand";

function statusText(report: TenantStatusReport): string {
    const last = report.lastOperation;
    const lines = [
        `tenant ${report.tenantId} (${report.environment}, stack ${report.stackName})`,
        `  tier:           ${report.tier}`,
        `  state:          ${report.state}`,
        `  admin:          ${report.adminEmail}`,
        `  created:        ${report.createdAt}`,
        ...(report.siloAccountId === undefined ? [] : [`  silo account:   ${report.siloAccountId}`]),
        `  last operation: ${last === undefined ? "none recorded" : `${last.operation}, ${last.finished ? "finished" : `UNFINISHED at step ${last.step} (re-run ${last.operation} to finish it)`}, ${last.updatedAt}`}`,
        ...(last?.lastError === undefined ? [] : [`  last error:     ${last.lastError}`]),
        ...Object.entries(report.outputs).map(
            ([key, value]) =>
                `  ${`${key}:`.padEnd(16)}${typeof value === "string" ? value : JSON.stringify(value)}`,
        ),
    ];
    return `${lines.join("\n")}\n`;
}

function listText(entries: readonly TenantListEntry[], environment: string): string {
    if (entries.length === 0) return `no tenant stacks in ${environment}\n`;
    const lines = entries.map(
        (e) =>
            `  ${e.tenantId.padEnd(33)}${e.name.padEnd(44)}${String(e.resourceCount ?? "-").padStart(9)}  ${e.lastUpdate ?? "never updated"}${e.updateInProgress === true ? "  (update in progress)" : ""}`,
    );
    return `${`  ${"TENANT".padEnd(33)}${"STACK".padEnd(44)}${"RESOURCES".padStart(9)}  LAST UPDATE`}\n${lines.join("\n")}\n${entries.length} tenant(s) in ${environment}\n`;
}

export function statusCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withCommonOptions(new Command("status"))
        .description(
            "Show a tenant's tier, state, last operation (and whether it is unfinished) and stack outputs. Changes nothing.",
        )
        .argument("<tenant-id>", "the tenant")
        .action(async (tenantId: string, options: CommonOptions) => {
            const { settings } = validateTenantCommand(tenantId, options, deps);
            exit(
                await execute(deps, settings, {
                    operation: "status",
                    json: jsonOutput(options),
                    resume: commandLine(["status", tenantId, ...commonArgs(options, settings)]),
                    run: (lifecycle) => status({ tenantId, environment: settings.environment }, lifecycle),
                    summary: statusText,
                }),
            );
        });
}

export function listCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withCommonOptions(new Command("list"))
        .description("List the tenant stacks (<env>-<tenant-id>) of an environment. Changes nothing.")
        .action(async (options: CommonOptions) => {
            const problems = new Problems();
            const settings = resolveSettings(options, deps, problems);
            problems.throwIfAny();
            const valid = settings as EngineSettings;
            exit(
                await execute(deps, valid, {
                    operation: "list",
                    json: jsonOutput(options),
                    resume: commandLine(["list", ...commonArgs(options, valid)]),
                    run: (lifecycle) => list({ environment: valid.environment }, lifecycle),
                    summary: (entries) => listText(entries, valid.environment),
                }),
            );
        });
}
