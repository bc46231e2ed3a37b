/**
 * `npm run bench`: how big the platform stack is and how long the offline evaluation takes.
 * Prints figures; asserts nothing (timings belong in benchmarks, not in tests).
 */
import { Command, InvalidArgumentError } from "commander";
import { lifecycleBench } from "./lifecycleBench";
import { planPlatformStack } from "../plan/platform";
import { runPolicyBench } from "./policyBench";
import { runtimeBench } from "./runtimeBench";
import { tenantBench } from "./tenantBench";
import { median } from "./median";

function positiveInt(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new InvalidArgumentError(`expected 1-1000, got "${value}"`);
    return n;
}

async function main(): Promise<void> {
    const opts = new Command("bench")
        .description("Benchmark the offline evaluation of the platform stack")
        .option("-s, --stack <name>", "stack config to evaluate", "dev")
        .option("-r, --runs <n>", "timed runs after one warm-up", positiveInt, 7)
        .option(
            "-t, --tenants <n>",
            "pooled tenant stacks to plan for the platform growth check",
            positiveInt,
            1000,
        )
        .parse(process.argv)
        .opts<{ stack: string; runs: number; tenants: number }>();

    const coldStart = performance.now();
    const first = await planPlatformStack(opts.stack);
    const cold = performance.now() - coldStart;
    const times: number[] = [];
    let count = first.resources.length;
    for (let i = 0; i < opts.runs; i++) {
        const start = performance.now();
        const stack = await planPlatformStack(opts.stack);
        times.push(performance.now() - start);
        count = stack.resources.length;
        process.stderr.write(`run ${i + 1}/${opts.runs}: ${(times[i] as number).toFixed(1)} ms\n`);
    }
    const custom = first.resources.filter((r) => r.custom).length;
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`platform plan (stack ${opts.stack})`);
    console.log(
        `  resources:            ${custom} (+${count - custom} components), independent of tenant count`,
    );
    console.log(`  first evaluation:     ${fmt(cold)} (includes esbuild bundling and module loading)`);
    console.log(`  median of ${opts.runs} runs:     ${fmt(median(times))}`);
    console.log(`  min / max:            ${fmt(Math.min(...times))} / ${fmt(Math.max(...times))}`);
    await tenantBench(opts.stack, opts.runs, opts.tenants);
    await runtimeBench(200);
    await lifecycleBench(50, 5000);
    console.log((await runPolicyBench(opts.runs, opts.tenants)).join("\n"));
}

main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
