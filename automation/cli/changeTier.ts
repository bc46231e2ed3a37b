/**
 * `tenant change-tier <tenant-id> --tier <tier> [--silo create --email ... [--ou ...] | --silo-account <id> | --platform-account] [--settle <seconds>]`
 */
import { Command } from "commander";
import { TENANT_SPEC_RULES } from "../../tiers/tenantSpec";
import { isTierName } from "../../tiers/tier";
import { changeTier } from "../lifecycle/changeTier";
import type { SiloRequest } from "../lifecycle/silo";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import type { Problems } from "./problems";
import { summaryText } from "./render";
import { type CliDeps, commandLine, commonArgs, type CommonOptions, withEngineOptions } from "./settings";
import { siloRequestOf } from "./signup";
import { validateTenantCommand } from "./tenantCommand";

export interface ChangeTierOptions extends CommonOptions {
    readonly tier?: string;
    readonly silo?: string;
    readonly email?: string;
    readonly ou?: string;
    readonly siloAccount?: string;
    readonly platformAccount?: boolean;
    readonly settle?: string;
}

/** Past the authorizer's caches: the registry entry (20 s) and API Gateway's authorizer result (30 s). */
export const DEFAULT_SETTLE_SECONDS = 60;
const SETTLE_RULE =
    "expected whole seconds from 0 to 900: the wait after suspending, so the authorizer's caches (20 s + 30 s) stop the tenant's writes before the copy";

/** `--settle <seconds>` into milliseconds, or a problem. */
export function settleProblems(value: string | undefined, problems: Problems): number {
    if (value === undefined) return DEFAULT_SETTLE_SECONDS * 1000;
    const seconds = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
    if (!(seconds <= 900)) {
        problems.add("--settle", value, SETTLE_RULE);
        return DEFAULT_SETTLE_SECONDS * 1000;
    }
    return seconds * 1000;
}

/** The `--tier` rule of change-tier, recorded into `problems`. */
export function tierProblems(tier: unknown, problems: Problems): void {
    if (!isTierName(tier)) problems.add("--tier", tier, TENANT_SPEC_RULES.tier);
}

/** The account options of change-tier (signup's silo options plus `--platform-account`), into `problems`. */
export function placementProblems(options: ChangeTierOptions, problems: Problems): SiloRequest | undefined {
    const silo = siloRequestOf(problems, options, options.tier);
    if (options.platformAccount === true) {
        if (options.silo !== undefined || options.siloAccount !== undefined) {
            problems.add(
                "--platform-account",
                true,
                "the data goes either into a silo account or into the platform account: give one of the two",
            );
        }
        if (options.tier !== "premium") {
            problems.add(
                "--tier",
                options.tier,
                "--platform-account is a premium option (pooled data is always in the platform account)",
            );
        }
    }
    return silo;
}

/** The account arguments, as they must be repeated to resume. */
function placementArgs(silo: SiloRequest | undefined, platformAccount: boolean): string[] {
    if (platformAccount) return ["--platform-account"];
    if (silo === undefined) return [];
    if ("accountId" in silo) return ["--silo-account", silo.accountId];
    const ou = silo.create.organizationalUnitId;
    return ["--silo", "create", "--email", silo.create.email, ...(ou === undefined ? [] : ["--ou", ou])];
}

export function changeTierCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withEngineOptions(new Command("change-tier"))
        .description(
            "Move a tenant to another tier or account: suspend, deploy the premium stores where the data goes, move and verify its objects and partition, switch the registry and reactivate (up), remove the source. Into or out of a silo account the data goes through the tenant's role chain. Every step is recorded; re-run to resume.",
        )
        .argument("<tenant-id>", "the tenant")
        .option("--tier <tier>", "the new tier: pooled or premium")
        .option(
            "--silo <mode>",
            'premium only: "create" vends an AWS account for the tenant\'s data (needs --email)',
        )
        .option("--email <email>", "root email of the account --silo create vends")
        .option("--ou <ou-id>", "organizational unit the vended account moves into (default: the root)")
        .option(
            "--silo-account <account-id>",
            "premium only: move the data into this member account of the organization (checked first)",
        )
        .option(
            "--platform-account",
            "premium only: move a silo tenant's data back into the platform account",
        )
        .option(
            "--settle <seconds>",
            `wait after suspending, so the authorizer's caches stop the tenant's writes before the copy (default ${DEFAULT_SETTLE_SECONDS}; less only for a tenant without traffic)`,
        )
        .addHelpText(
            "after",
            "\nExamples:\n  npm run tenant -- change-tier acme --tier premium -e prod\n  npm run tenant -- change-tier acme --tier premium --silo-account 111122223333 -e prod\n  npm run tenant -- change-tier acme --tier premium --platform-account -e prod\n",
        )
        .action(async (tenantId: string, options: ChangeTierOptions) => {
            let silo: SiloRequest | undefined;
            let settleMs = DEFAULT_SETTLE_SECONDS * 1000;
            const { settings } = validateTenantCommand(tenantId, options, deps, (problems) => {
                tierProblems(options.tier, problems);
                silo = placementProblems(options, problems);
                settleMs = settleProblems(options.settle, problems);
            });
            const tier = options.tier as string;
            const platformAccount = options.platformAccount === true;
            exit(
                await execute(deps, settings, {
                    operation: "change-tier",
                    json: jsonOutput(options),
                    resume: commandLine([
                        "change-tier",
                        tenantId,
                        "--tier",
                        tier,
                        ...placementArgs(silo, platformAccount),
                        ...(options.settle === undefined ? [] : ["--settle", options.settle]),
                        ...commonArgs(options, settings),
                    ]),
                    run: (lifecycle) =>
                        changeTier(
                            {
                                tenantId,
                                environment: settings.environment,
                                tier,
                                ...(silo === undefined ? {} : { silo }),
                                ...(platformAccount ? { platformAccount } : {}),
                                settleMs,
                                dryRun: options.dryRun === true,
                            },
                            lifecycle,
                        ),
                    summary: summaryText,
                }),
            );
        });
}
