/**
 * The offline plan at fleet scale, measured on the real command: `npx tsx plan/cli.ts --stack <s>
 * --json --tenant ...` run as a child process for the platform with 10, 100 and 1,000 pooled
 * tenants and with 1,000 pooled + 50 premium + 10 silo tenants. Prints wall time, the requests the
 * isolation proof simulated, the pairs it covered (from the plan document) and the child's peak
 * memory (maximum resident set size, from GNU time when `/usr/bin/time` exists). Asserts nothing.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** One plan to run: a label and its `--tenant` values. */
export interface PlanScaleCase {
    readonly label: string;
    readonly tenants: readonly string[];
}

const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, "0")}x`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The cases of the section: ids like `t0001x` (pooled), `p0001x` (premium), `s0001x` (silo). */
export function planScaleCases(): PlanScaleCase[] {
    const pooled = (n: number) => range(n).map((i) => `${id("t", i)}:pooled`);
    return [
        { label: "10 pooled", tenants: pooled(10) },
        { label: "100 pooled", tenants: pooled(100) },
        { label: "1,000 pooled", tenants: pooled(1000) },
        {
            label: "1,000 pooled + 50 premium + 10 silo",
            tenants: [
                ...pooled(1000),
                ...range(50).map((i) => `${id("p", i)}:premium`),
                // One silo account (12 digits) each.
                ...range(10).map((i) => `${id("s", i)}:premium:silo=${200000000000 + i}`),
            ],
        },
    ];
}

/** What one run of the command gave. */
export interface PlanScaleRun {
    readonly seconds: number;
    readonly exitCode: number | null;
    readonly simulatedRequests: number | undefined;
    readonly pairs: number | undefined;
    readonly pairsCovered: number | undefined;
    readonly failures: number | undefined;
    /** Peak resident set size of the command's processes, in MB, when GNU time is there to say. */
    readonly peakMb: number | undefined;
}

const GNU_TIME = "/usr/bin/time";

/** Runs the real plan command for `planCase` and reads its figures. */
export async function runPlanScaleCase(stack: string, planCase: PlanScaleCase): Promise<PlanScaleRun> {
    const dir = mkdtempSync(path.join(tmpdir(), "plan-scale-"));
    const rssFile = path.join(dir, "rss");
    const command = [
        "npx",
        "tsx",
        "plan/cli.ts",
        "--stack",
        stack,
        "--json",
        ...planCase.tenants.flatMap((t) => ["--tenant", t]),
    ];
    const withTime = existsSync(GNU_TIME) ? [GNU_TIME, "-f", "%M", "-o", rssFile, ...command] : command;
    const started = performance.now();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(withTime[0] as string, withTime.slice(1), {
            cwd: path.resolve(__dirname, ".."),
            stdio: ["ignore", "pipe", "inherit"],
        });
        const chunks: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
        child.on("error", reject);
        child.on("close", (exit) => resolve({ code: exit, stdout: Buffer.concat(chunks).toString("utf8") }));
    });
    const seconds = (performance.now() - started) / 1000;
    let peakMb: number | undefined;
    if (existsSync(rssFile)) {
        const kb = Number(readFileSync(rssFile, "utf8").trim().split("\n").pop());
        peakMb = Number.isFinite(kb) ? kb / 1024 : undefined;
    }
    rmSync(dir, { recursive: true, force: true });
    let isolation: { failures?: unknown[]; coverage?: Record<string, number> } = {};
    try {
        isolation = (JSON.parse(stdout) as { isolation: typeof isolation }).isolation;
    } catch {
        // A failed plan prints no document: its figures stay unknown.
    }
    return {
        seconds,
        exitCode: code,
        simulatedRequests: isolation.coverage?.simulatedRequests,
        pairs: isolation.coverage?.pairs,
        pairsCovered: isolation.coverage?.pairsCovered,
        failures: isolation.failures?.length,
        peakMb,
    };
}

const n = (value: number | undefined) => (value === undefined ? "?" : value.toLocaleString("en-US"));

/** Prints the section: one line per case, each from one run of the real command. */
export async function planScaleBench(stack: string): Promise<void> {
    console.log(
        `offline plan at scale (npx tsx plan/cli.ts --stack ${stack} --json --tenant ..., one run each)`,
    );
    console.log(
        `  ${"tenants".padEnd(37)}${"wall".padStart(8)}  ${"simulated".padStart(9)}  ${"pairs covered".padEnd(26)}${"peak RSS".padStart(9)}`,
    );
    for (const planCase of planScaleCases()) {
        const run = await runPlanScaleCase(stack, planCase);
        const covered = `${n(run.pairsCovered)} of ${n(run.pairs)}`;
        const peak = run.peakMb === undefined ? "n/a" : `${run.peakMb.toFixed(0)} MB`;
        const problem =
            run.exitCode === 0
                ? ""
                : `  (exit ${String(run.exitCode)}, ${n(run.failures)} isolation failures)`;
        console.log(
            `  ${planCase.label.padEnd(37)}${`${run.seconds.toFixed(1)} s`.padStart(8)}  ${n(run.simulatedRequests).padStart(9)}  ${covered.padEnd(26)}${peak.padStart(9)}${problem}`,
        );
        if (run.exitCode !== 0) process.exitCode = 1;
    }
}
