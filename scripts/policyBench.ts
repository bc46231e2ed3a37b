/**
 * Policy evaluation time per resource: tenant-guard's resource policies side by side with
 * `@pulumi/awsguard`, over the same planned resources (the dev platform and the sample tenants) in
 * the same process; then the cost of the stack-level analysis and the stack policies, for that plan
 * and for the platform with 1,000 pooled tenant stacks. Prints figures; asserts nothing.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { PlannedStack } from "../plan/mockRuntime";
import { resourcePolicies as tenantGuardPolicies, stackPolicies } from "../policypacks/tenant-guard/policies";
import { analyzeStack } from "../policypacks/tenant-guard/lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS } from "../policypacks/tenant-guard/lib/stackConfig";
import { plannedTenantSpec } from "../plan/sampleTenants";
import { planTenantStack } from "../plan/tenants";
import { planPlatformStack } from "../plan/platform";
import { sampleTenantSpecs } from "../plan/sampleTenants";
import { planTenantStacks } from "../plan/tenants";
import { checkPolicies } from "../plan/policyCheck";
import { median } from "./median";

/** awsguard registers its policies as the exports of these area modules. */
const AWSGUARD_AREAS = [
    "apiGateway",
    "compute",
    "database",
    "elasticsearch",
    "network",
    "security",
    "storage",
];

function isPolicy(value: unknown): value is ResourceValidationPolicy {
    return (
        typeof value === "object" &&
        value !== null &&
        typeof (value as { name?: unknown }).name === "string" &&
        "validateResource" in value
    );
}

/** Every resource policy awsguard ships, loaded without constructing its PolicyPack. */
export function loadAwsGuardPolicies(): ResourceValidationPolicy[] {
    return AWSGUARD_AREAS.flatMap((area) =>
        Object.values(require(`@pulumi/awsguard/${area}`) as Record<string, unknown>).filter(isPolicy),
    );
}

/**
 * `count` pooled tenant stacks: one planned, the others renamed from it (a pooled stack depends on
 * its tenant id only through names and tags, and planning 1,000 takes half a minute on its own).
 */
function pooledStacks(template: PlannedStack, tenant: string, count: number): PlannedStack[] {
    const text = JSON.stringify(template);
    return Array.from({ length: count }, (_, i) => {
        const id = `bench-${String(i).padStart(4, "0")}`;
        return JSON.parse(text.replaceAll(tenant, id)) as PlannedStack;
    });
}

/** Median time of the shared analysis alone and of all stack policies, over `stacks`. */
async function stackCost(stacks: readonly PlannedStack[], runs: number): Promise<[number, number, number]> {
    const analysisTimes: number[] = [];
    const policyTimes: number[] = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
        // Fresh resource lists each run, so the analysis cache (per list) does not hide the cost.
        const lists = stacks.map((s) =>
            s.resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: `urn:pulumi:${s.name}::tenant-tiers::${r.type}::${r.name}`,
                props: { ...r.inputs, ...r.outputs },
            })),
        );
        const start = performance.now();
        for (const list of lists) analyzeStack(list, STACK_ANALYSIS_DEFAULTS);
        analysisTimes.push(performance.now() - start);
        const policyStart = performance.now();
        findings = (await checkPolicies(stacks, { policies: stackPolicies })).length;
        policyTimes.push(performance.now() - policyStart);
    }
    return [median(analysisTimes), median(policyTimes), findings];
}

export async function runPolicyBench(runs = 7, tenants = 1000): Promise<string[]> {
    const platform = await planPlatformStack("dev");
    const stacks = [platform, ...(await planTenantStacks(sampleTenantSpecs("dev"), platform.outputs))];
    const resources = stacks.reduce((n, s) => n + s.resources.length, 0);
    const packs: [string, ResourceValidationPolicy[]][] = [
        ["tenant-guard", [...tenantGuardPolicies]],
        ["@pulumi/awsguard", loadAwsGuardPolicies()],
    ];
    const lines = [
        `policy evaluation (${resources} planned resources in ${stacks.length} stacks, ${runs} runs)`,
    ];
    for (const [name, policies] of packs) {
        const violations = (await checkPolicies(stacks, { policies })).length;
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
            const start = performance.now();
            await checkPolicies(stacks, { policies });
            times.push(performance.now() - start);
        }
        const total = median(times);
        lines.push(
            `  ${name.padEnd(18)}${String(policies.length).padStart(3)} policies  ${total.toFixed(1).padStart(7)} ms per plan  ` +
                `${((total * 1000) / resources).toFixed(1).padStart(6)} µs per resource  ` +
                `${((total * 1000) / resources / policies.length).toFixed(2)} µs per resource and policy  ` +
                `(${violations} findings)`,
        );
    }
    const pooledTenant = "bench-template";
    const template = await planTenantStack(
        plannedTenantSpec(String(platform.outputs.environment), pooledTenant, "pooled"),
        platform.outputs,
    );
    const many = [platform, ...pooledStacks(template, pooledTenant, tenants)];
    lines.push(`stack analysis and ${stackPolicies.length} stack policies (medians of ${runs} runs)`);
    for (const [label, set] of [
        [`this plan (${stacks.length} stacks)`, stacks],
        [`platform + ${tenants} pooled tenant stacks`, many],
    ] as const) {
        const [analysis, policies, findings] = await stackCost(set, runs);
        const count = set.reduce((n, s) => n + s.resources.length, 0);
        lines.push(
            `  ${label.padEnd(38)}analysis ${analysis.toFixed(1).padStart(7)} ms (${((analysis * 1000) / set.length).toFixed(0)} µs per stack)  ` +
                `stack policies ${policies.toFixed(1).padStart(7)} ms (${((policies * 1000) / count).toFixed(1)} µs per resource, ${count} resources)  (${findings} findings)`,
        );
    }
    return lines;
}
