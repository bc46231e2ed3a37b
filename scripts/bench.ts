/**
 * `npm run bench`: how big the platform stack is and how long the offline evaluation takes, the
 * runtime, lifecycle and policy figures, and the real plan command at fleet scale
 * (`--only <section>` runs one section, e.g. `npm run bench -- --only plan-scale`).
 * Prints figures; asserts nothing (timings belong in benchmarks, not in tests).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { controlPlaneBench } from "./controlPlaneBench";
import { engineBench } from "./engineBench";
import { lifecycleBench } from "./lifecycleBench";
import { objectMoveBench } from "./objectMoveBench";
import { planPlatformStack } from "../plan/platform";
import { runPolicyBench } from "./policyBench";
import { runtimeBench } from "./runtimeBench";
import { tenantBench } from "./tenantBench";
import { median } from "./median";
import { planScaleBench } from "./planScaleBench";

/** The sections of the bench, in the order they run. */
type Section =
    | "platform"
    | "tenants"
    | "runtime"
    | "lifecycle"
    | "object-move"
    | "policy"
    | "plan-scale"
    | "engine"
    | "controlplane";

function positiveInt(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
        throw new InvalidArgumentError(`expected 1-1000, got "${value}"`);
    return n;
}

async function main(): Promise<void> {
    const opts = new Command("bench")
        .description("Benchmark the offline plan, the runtime, the tenant lifecycle and the policies")
        .option("-s, --stack <name>", "stack config to evaluate", "dev")
        .option("-r, --runs <n>", "timed runs after one warm-up", positiveInt, 7)
        .option(
            "-t, --tenants <n>",
            "pooled tenant stacks to plan for the platform growth check",
            positiveInt,
            1000,
        )
        .addOption(
            new Option("--only <section>", "run one section only").choices([
                "platform",
                "tenants",
                "runtime",
                "lifecycle",
                "object-move",
                "policy",
                "plan-scale",
                "engine",
                "controlplane",
            ] satisfies Section[]),
        )
        .option("--engine-batch <n>", "pooled tenants per signup-batch on the real engine", positiveInt, 20)
        .option("--no-engine", "skip the real-engine sections (they take several minutes)")
        .option(
            "--cp-tenants <n>",
            "pooled signups per worker count in the controlplane section",
            positiveInt,
            8,
        )
        .parse(process.argv)
        .opts<{
            stack: string;
            runs: number;
            tenants: number;
            only?: Section;
            engineBatch: number;
            engine: boolean;
            cpTenants: number;
        }>();
    const run = (section: Section) => opts.only === undefined || opts.only === section;

    if (run("platform")) await platformBench(opts.stack, opts.runs);
    if (run("tenants")) await tenantBench(opts.stack, opts.runs, opts.tenants);
    if (run("runtime")) await runtimeBench(200);
    if (run("lifecycle")) await lifecycleBench(50, 5000);
    if (run("object-move"))
        await objectMoveBench([
            { objects: 200, bytes: 1024 },
            { objects: 1000, bytes: 1024 },
            { objects: 100, bytes: 1_000_000 },
            { objects: 1000, bytes: 1024, crossAccount: true },
            { objects: 100, bytes: 1_000_000, crossAccount: true },
        ]);
    if (run("policy")) console.log((await runPolicyBench(opts.runs, opts.tenants)).join("\n"));
    if (run("plan-scale")) await planScaleBench(opts.stack);
    if (run("engine") && opts.engine) await engineBench(opts.engineBatch, [1, 2, 4]);
    if (run("controlplane")) await controlPlaneBench(200, opts.cpTenants, opts.engine ? [1, 2, 4] : []);
}

/** Evaluation time of the platform stack alone, cold and warm. */
async function platformBench(stack: string, runs: number): Promise<void> {
    const coldStart = performance.now();
    const first = await planPlatformStack(stack);
    const cold = performance.now() - coldStart;
    const times: number[] = [];
    let count = first.resources.length;
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        const planned = await planPlatformStack(stack);
        times.push(performance.now() - start);
        count = planned.resources.length;
        process.stderr.write(`run ${i + 1}/${runs}: ${(times[i] as number).toFixed(1)} ms\n`);
    }
    const custom = first.resources.filter((r) => r.custom).length;
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`platform plan (stack ${stack})`);
    console.log(
        `  resources:            ${custom} (+${count - custom} components), independent of tenant count`,
    );
    console.log(`  first evaluation:     ${fmt(cold)} (includes esbuild bundling and module loading)`);
    console.log(`  median of ${runs} runs:     ${fmt(median(times))}`);
    console.log(`  min / max:            ${fmt(Math.min(...times))} / ${fmt(Math.max(...times))}`);
}

main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
