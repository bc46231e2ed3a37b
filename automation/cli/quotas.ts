/** `tenant quotas`: each account quota a tenant takes, its limit, use and headroom. Changes nothing. */
import { Command } from "commander";
import { QUOTAS } from "../quotas/catalog";
import { quotaLabel } from "../quotas/errors";
import { quotaReport, type QuotaRow } from "../quotas/report";
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

type Report = Awaited<ReturnType<typeof quotaReport>>;

const fits = (value: number | null) => (value === null ? "-" : String(value));

/** The fewest signups of a tier any quota allows; `null` when none limits it. */
function tightest(rows: readonly QuotaRow[], tier: "pooled" | "premium"): number | null {
    const counts = rows.map((row) => row.fits[tier]).filter((n): n is number => n !== null);
    return counts.length === 0 ? null : Math.min(...counts);
}

export function quotasText(report: Report, environment: string, region: string): string {
    const header = [
        "QUOTA",
        "CODE",
        "SCOPE",
        "LIMIT",
        "SOURCE",
        "IN USE",
        "KEPT",
        "HEADROOM",
        "POOLED",
        "PREMIUM",
    ];
    const table = report.rows.map((row) => [
        row.name,
        `${row.serviceCode} ${row.quotaCode ?? "-"}`,
        QUOTAS[row.id].scope === "user pool" ? "user pool" : row.scope,
        String(row.limit),
        row.source,
        String(row.inUse),
        String(row.kept),
        String(row.headroom),
        fits(row.fits.pooled),
        fits(row.fits.premium),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => (cells[i] ?? "").length)));
    const line = (cells: readonly string[]) =>
        `  ${cells.map((c, i) => (i <= 2 || i === 4 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd();
    const pooled = tightest(report.rows, "pooled");
    const premium = tightest(
        report.rows.filter((r) => r.id !== "organizationAccounts"),
        "premium",
    );
    const silo = report.rows.find((r) => r.id === "organizationAccounts");
    const pool = report.rows.find((r) => QUOTAS[r.id].scope === "user pool")?.scope;
    return [
        `quotas for tenants of ${environment} in ${region}${pool === undefined ? "" : `, user pool ${pool}`} ` +
            "(POOLED, PREMIUM: how many more signups of the tier fit)",
        line(header),
        ...table.map(line),
        `room for ${fits(pooled)} more pooled and ${fits(premium)} more premium signups` +
            (silo === undefined ? "" : `, ${fits(silo.fits.premium)} of them with --silo create`),
        ...report.skipped.map((s) => `not read: ${s.id} (${s.reason})`),
        ...report.rows.flatMap((r) =>
            (["pooled", "premium"] as const)
                .filter((tier) => r.fits[tier] === 0)
                .map(
                    (tier) =>
                        `no room for a ${tier} signup: ${quotaLabel(r)} has ${Math.max(0, r.headroom)} left, a ${tier} signup needs ${r.perSignup[tier]}`,
                ),
        ),
        "",
    ].join("\n");
}

export function quotasCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withCommonOptions(new Command("quotas"))
        .description(
            "Show each account quota tenants consume (API keys, usage plans and REST APIs, user pool groups and users, reserved Lambda concurrency, organization accounts): the limit and whether it was read from Service Quotas (applied, aws-default) or is AWS's documented default, the use, the headroom, and how many more pooled and premium signups fit. Changes nothing.",
        )
        .action(async (options: CommonOptions) => {
            const problems = new Problems();
            const settings = resolveSettings(options, deps, problems);
            problems.throwIfAny();
            const valid = settings as EngineSettings;
            const makeSources = deps.quotaSources;
            exit(
                await execute(deps, valid, {
                    operation: "quotas",
                    json: jsonOutput(options),
                    resume: commandLine(["quotas", ...commonArgs(options, valid)]),
                    run: async (lifecycle) => {
                        if (makeSources === undefined)
                            throw new Error("this CLI was built without quota sources");
                        return quotaReport(makeSources(valid, lifecycle.workspaces), valid.environment);
                    },
                    summary: (report) => quotasText(report, valid.environment, valid.region),
                }),
            );
        });
}
