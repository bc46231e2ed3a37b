/**
 * `tenant cost --log <file> | --insights <file>`: per-tenant cost of the pooled function, from its
 * JSON logs (the `platform.report` lines Lambda writes with `tenantId`) or from the result of the
 * saved Logs Insights query (`aws logs get-query-results` output, or its `results` array). Reads
 * files only: no Pulumi or AWS call.
 */
import * as fs from "node:fs";
import { Command } from "commander";
import {
    type CostReport,
    costReport,
    CostInputError,
    DEFAULT_PRICES,
    type InsightsRow,
    usageFromInsightsRows,
    usageFromLogLines,
} from "../tenantCost";
import { checkOutFile, jsonOutput, writeDocument } from "./output";
import { CliInputError, Problems } from "./problems";
import type { CliDeps } from "./settings";

interface CostOptions {
    readonly log?: string;
    readonly insights?: string;
    readonly arch: string;
    readonly json?: boolean;
    readonly out?: string;
}

const usd = (n: number) => `$${n.toFixed(6)}`;

/** A log file without a single `platform.report` line: nothing to price (exit code 1). */
export class NoReportLinesError extends Error {
    override readonly name = "NoReportLinesError";
    constructor(
        readonly file: string,
        readonly lines: number,
    ) {
        super(
            `no REPORT lines found in ${file} (${lines} line(s) read): expected the pooled function's JSON log ` +
                `lines with "type": "platform.report" (its log group, logFormat JSON), e.g. from aws logs filter-log-events ` +
                `--log-group-name /aws/lambda/tenant-tiers-<env>-pooled --query 'events[].message' --output text`,
        );
    }
}

function reportText(report: CostReport, source: string): string {
    const header = `  ${"TENANT".padEnd(33)}${"INVOCATIONS".padStart(12)}${"COLD".padStart(6)}${"GB-S".padStart(12)}${"COMPUTE".padStart(12)}${"REQUESTS".padStart(12)}${"TOTAL".padStart(12)}`;
    const rows = report.tenants.map(
        (t) =>
            `  ${t.tenantId.padEnd(33)}${String(t.invocations).padStart(12)}${String(t.coldStarts).padStart(6)}${t.gbSeconds.toFixed(3).padStart(12)}${usd(t.computeUsd).padStart(12)}${usd(t.requestUsd).padStart(12)}${usd(t.totalUsd).padStart(12)}`,
    );
    const extra =
        report.unattributedReports > 0
            ? `\n  ${report.unattributedReports} report(s) without a tenant id (not a PER_TENANT function?)`
            : "";
    return `cost by tenant from ${source}\n${header}\n${rows.join("\n")}\n  total ${usd(report.totalUsd)}${extra}\n`;
}

function readRows(text: string): InsightsRow[] {
    const parsed: unknown = JSON.parse(text);
    const rows = Array.isArray(parsed) ? parsed : (parsed as { results?: unknown } | null)?.results;
    if (!Array.isArray(rows))
        throw new CostInputError(
            'expected the JSON of "aws logs get-query-results" (an object with "results") or its results array',
        );
    return rows as InsightsRow[];
}

/** Validates the options, reads and parses the file; throws `CliInputError` (exit 2) for anything wrong. */
export function costOf(options: CostOptions): { report: CostReport; source: string } {
    const problems = new Problems();
    const given = [options.log, options.insights].filter((f) => f !== undefined);
    if (given.length !== 1)
        problems.add(
            "--log/--insights",
            given.length === 0 ? undefined : given,
            "give exactly one: --log <json log file> or --insights <query result file>",
        );
    if (options.arch !== "arm64" && options.arch !== "x86_64")
        problems.add("--arch", options.arch, "expected arm64 or x86_64");
    checkOutFile(problems, options.out);
    problems.throwIfAny();
    const field = options.log !== undefined ? "--log" : "--insights";
    const file = (options.log ?? options.insights) as string;
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new CliInputError([
            {
                field,
                value: file,
                rule: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): give an existing file`,
            },
        ]);
    }
    const prices = DEFAULT_PRICES[options.arch as "arm64" | "x86_64"];
    try {
        if (options.log !== undefined) {
            const { usage, unattributedReports, ignoredLines } = usageFromLogLines(text.split("\n"));
            if (usage.length === 0 && unattributedReports === 0)
                throw new NoReportLinesError(file, ignoredLines);
            return {
                report: costReport(usage, prices, new Map(), { unattributedReports, ignoredLines }),
                source: file,
            };
        }
        return { report: costReport(usageFromInsightsRows(readRows(text)), prices), source: file };
    } catch (error) {
        if (!(error instanceof CostInputError) && !(error instanceof SyntaxError)) throw error;
        throw new CliInputError([{ field, value: file, rule: error.message }]);
    }
}

export function costCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return new Command("cost")
        .description(
            "Per-tenant cost of the pooled function from its JSON logs or the saved Logs Insights query's result (us-east-1 list prices). Reads files only.",
        )
        .option(
            "--log <file>",
            "JSON log lines of the pooled function (platform.report events carry tenantId)",
        )
        .option(
            "--insights <file>",
            "output of aws logs get-query-results for the saved pooled-cost-by-tenant query",
        )
        .option("--arch <arch>", "function architecture, for the price: arm64 or x86_64", "arm64")
        .option("--json", "print the report as JSON")
        .option("--out <file>", "write the JSON report to <file> instead of stdout (implies --json)")
        .addHelpText("after", "\nExample:\n  npm run tenant -- cost --log pooled-function.log\n")
        .action((options: CostOptions) => {
            const json = jsonOutput(options);
            let cost: ReturnType<typeof costOf>;
            try {
                cost = costOf(options);
            } catch (error) {
                if (!(error instanceof NoReportLinesError)) throw error;
                if (json === undefined) deps.io.err(`error: ${error.message}\n`);
                else
                    writeDocument(deps.io, json, {
                        ok: false,
                        exitCode: 1,
                        error: { name: error.name, message: error.message },
                    });
                exit(1);
                return;
            }
            const { report, source } = cost;
            if (json === undefined) deps.io.out(reportText(report, source));
            else writeDocument(deps.io, json, { ok: true, result: report });
            exit(0);
        });
}
