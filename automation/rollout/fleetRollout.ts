/**
 * A fleet rollout: every tenant stack of an environment updated to the current tenant program,
 * in waves (a canary, then cumulative percentages), the tenants of a wave in parallel up to a
 * limit, a pause between waves, and a stop at the first wave in which any tenant failed: later
 * waves are not started. The report names every tenant and what happened to it.
 */
import type { LifecycleDeps } from "../lifecycle/context";
import { InvalidLifecycleInputError } from "../lifecycle/errors";
import { list } from "../lifecycle/list";
import type { ResourceChanges } from "../lifecycle/workspace";
import { type TenantUpdate, updateTenant } from "./tenantUpdate";
import { planWaves, WAVES_RULE } from "./waves";

export interface RolloutInput {
    readonly environment: string;
    /** Cumulative percentages after the canary (`parseWaves`). */
    readonly waves: readonly number[];
    /** Pause between waves. */
    readonly pauseMs: number;
    /** Tenants updated at once within a wave. @default 4 */
    readonly parallel?: number;
    /** Preview every tenant instead of updating it (no pause, no stop). */
    readonly dryRun?: boolean;
}

export type TenantRolloutOutcome = TenantUpdate["outcome"] | "failed" | "not-started";

export interface TenantRolloutReport {
    readonly tenantId: string;
    /** 0 is the canary. */
    readonly wave: number;
    readonly outcome: TenantRolloutOutcome;
    readonly changes?: ResourceChanges;
    readonly error?: string;
}

export interface RolloutReport {
    readonly environment: string;
    readonly outcome: "completed" | "stopped" | "previewed";
    /** The wave that failed, when stopped. */
    readonly failedWave?: number;
    readonly waves: readonly (readonly string[])[];
    readonly tenants: readonly TenantRolloutReport[];
}

export interface RolloutProgress {
    /** Called when a wave starts and when it ends. */
    readonly onWave?: (
        wave: number,
        tenants: readonly string[],
        state: "started" | "done" | "failed",
    ) => void;
    readonly onTenant?: (report: TenantRolloutReport) => void;
}

async function inParallel<T, R>(
    items: readonly T[],
    limit: number,
    run: (item: T) => Promise<R>,
): Promise<R[]> {
    const results: R[] = new Array<R>(items.length);
    let next = 0;
    const lane = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await run(items[index] as T);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
    return results;
}

export async function rollout(
    input: RolloutInput,
    deps: LifecycleDeps,
    progress: RolloutProgress = {},
): Promise<RolloutReport> {
    if (input.waves.length === 0 || input.waves[input.waves.length - 1] !== 100)
        throw new InvalidLifecycleInputError("waves", input.waves.join(","), WAVES_RULE);
    const parallel = input.parallel ?? 4;
    if (!Number.isInteger(parallel) || parallel < 1)
        throw new InvalidLifecycleInputError("parallel", parallel, "expected a whole number of 1 or more");
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const tenants = (await list({ environment: input.environment }, deps)).map((t) => t.tenantId);
    const waves = planWaves(tenants, input.waves);
    const reports: TenantRolloutReport[] = [];
    let failedWave: number | undefined;
    for (const [wave, ids] of waves.entries()) {
        if (failedWave !== undefined) {
            for (const tenantId of ids) reports.push({ tenantId, wave, outcome: "not-started" });
            continue;
        }
        if (wave > 0 && input.dryRun !== true && input.pauseMs > 0) await sleep(input.pauseMs);
        progress.onWave?.(wave, ids, "started");
        const results = await inParallel(ids, parallel, async (tenantId): Promise<TenantRolloutReport> => {
            let report: TenantRolloutReport;
            try {
                const update = await updateTenant(
                    { environment: input.environment, tenantId, dryRun: input.dryRun === true },
                    deps,
                );
                report = { tenantId, wave, outcome: update.outcome, changes: update.changes };
            } catch (error) {
                report = { tenantId, wave, outcome: "failed", error: (error as Error).message };
            }
            progress.onTenant?.(report);
            return report;
        });
        reports.push(...results);
        const failed = results.some((r) => r.outcome === "failed");
        progress.onWave?.(wave, ids, failed ? "failed" : "done");
        if (failed && input.dryRun !== true) failedWave = wave;
    }
    return {
        environment: input.environment,
        outcome: input.dryRun === true ? "previewed" : failedWave === undefined ? "completed" : "stopped",
        ...(failedWave === undefined ? {} : { failedWave }),
        waves,
        tenants: reports,
    };
}
