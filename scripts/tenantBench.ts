/**
 * Tenant half of `npm run bench`: resources per tenant stack by tier, offline evaluation time per
 * tenant stack, and the platform's resource count with 1 and with N tenants planned (equal: the
 * platform program never reads the tenants, which is what keeps it from growing with them).
 */
import type { PlannedStack } from "../plan/mockRuntime";
import { planPlatformStack } from "../plan/platform";
import type { TenantSpec } from "../tiers/tenantSpec";
import { plannedTenantSpec } from "../plan/sampleTenants";
import { planTenantStack } from "../plan/tenants";
import { median } from "./median";

const awsCount = (stack: PlannedStack) => stack.resources.filter((r) => r.type.startsWith("aws:")).length;
const componentCount = (stack: PlannedStack) => stack.resources.filter((r) => !r.custom).length;

/** Prints the tenant figures; `tenants` is how many pooled tenant stacks to plan for the growth check. */
export async function tenantBench(stackName: string, runs: number, tenants: number): Promise<void> {
    const platform = await planPlatformStack(stackName);
    const environment = String(platform.outputs.environment);
    const kinds: [string, (i: number) => TenantSpec][] = [
        ["pooled", (i) => plannedTenantSpec(environment, `bench-pooled-${i}`, "pooled")],
        ["premium", (i) => plannedTenantSpec(environment, `bench-premium-${i}`, "premium")],
        [
            "premium + silo",
            (i) => plannedTenantSpec(environment, `bench-silo-${i}`, "premium", "111122223333"),
        ],
    ];
    console.log(`tenant stacks (environment ${environment})`);
    for (const [label, spec] of kinds) {
        const times: number[] = [];
        let stack: PlannedStack | undefined;
        for (let i = 0; i < runs; i++) {
            const start = performance.now();
            stack = await planTenantStack(spec(i), platform.outputs);
            times.push(performance.now() - start);
        }
        if (stack === undefined) continue;
        console.log(
            `  ${`${label}:`.padEnd(22)}${awsCount(stack)} AWS resources (+${componentCount(stack)} components), median ${median(times).toFixed(1)} ms per stack`,
        );
    }

    let elapsed = 0;
    const planPooled = async (i: number) => {
        const start = performance.now();
        await planTenantStack(plannedTenantSpec(environment, `bench-${i}`, "pooled"), platform.outputs);
        elapsed += performance.now() - start;
    };
    await planPooled(0);
    const withOne = awsCount(await planPlatformStack(stackName));
    for (let i = 1; i < tenants; i++) await planPooled(i);
    const withMany = awsCount(await planPlatformStack(stackName));
    console.log(
        `  platform resources:   ${withOne} with 1 tenant planned, ${withMany} with ${tenants} (${withOne === withMany ? "equal" : "NOT EQUAL"})`,
    );
    console.log(
        `  ${tenants} pooled tenant stacks planned in ${(elapsed / 1000).toFixed(1)} s (${(elapsed / tenants).toFixed(1)} ms each, one process)`,
    );
    if (withOne !== withMany) process.exitCode = 1;
}
