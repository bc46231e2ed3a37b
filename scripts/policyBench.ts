/**
 * Policy evaluation time per resource: tenant-guard side by side with `@pulumi/awsguard`, over the
 * same planned resources (the dev platform and the sample tenants) in the same process. Prints
 * figures; asserts nothing.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies as tenantGuardPolicies } from "../policypacks/tenant-guard/policies";
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

export async function runPolicyBench(runs = 7): Promise<string[]> {
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
    return lines;
}
