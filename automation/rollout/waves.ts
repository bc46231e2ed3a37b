/**
 * The waves of a fleet rollout: one canary tenant first, then the fleet in cumulative percentages
 * (`10,50,100`: after the second wave 10% of the tenants are updated, after the third half, after
 * the last all of them). Tenants are taken in id order, so the same fleet always splits the same way.
 */
import { InvalidLifecycleInputError } from "../lifecycle/errors";

export const DEFAULT_WAVES: readonly number[] = Object.freeze([10, 50, 100]);

export const WAVES_RULE =
    "expected ascending whole percentages from 1 to 100, comma-separated, ending at 100 (e.g. 10,50,100)";

/** `"10,50,100"` as percentages; throws `InvalidLifecycleInputError` naming the value and the rule. */
export function parseWaves(value: string): readonly number[] {
    const parts = value.split(",").map((p) => p.trim());
    const percents = parts.map(Number);
    const valid =
        parts.every((p) => /^\d+$/.test(p)) &&
        percents.every((p, i) => p >= 1 && p <= 100 && (i === 0 || p > (percents[i - 1] as number))) &&
        percents[percents.length - 1] === 100;
    if (!valid) throw new InvalidLifecycleInputError("waves", value, WAVES_RULE);
    return Object.freeze(percents);
}

/**
 * The tenants of each wave: `[canary]`, then for each percentage the tenants that bring the
 * updated share up to it (rounded up). Waves that would be empty are left out.
 */
export function planWaves(tenantIds: readonly string[], percents: readonly number[]): string[][] {
    const sorted = [...tenantIds].sort();
    if (sorted.length === 0) return [];
    const waves: string[][] = [sorted.slice(0, 1)];
    let reached = 1;
    for (const percent of percents) {
        const target = Math.ceil((sorted.length * percent) / 100);
        if (target > reached) {
            waves.push(sorted.slice(reached, target));
            reached = target;
        }
    }
    return waves;
}
