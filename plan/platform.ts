import { type PlannedStack, planStack } from "./mockRuntime";
import { PROJECT_NAME, readStackConfig } from "./stackConfig";
import type { PlannedTenantStack } from "./tenants";

/** Evaluates the platform program with the config of `Pulumi.<stack>.yaml`, under mocks. */
export async function planPlatformStack(stack: string, dir?: string): Promise<PlannedStack> {
    const { values } = readStackConfig(stack, dir);
    return planStack({
        project: PROJECT_NAME,
        stack,
        kind: "platform",
        config: values,
        // Imported inside the mocked stack, so no resource module loads before the mocks are set.
        program: async () => (await import("../components/platform/program")).platformProgram(),
    });
}

/** The JSON document `npm run plan -- --json` prints: the resources of every planned stack. */
export interface PlanDocument {
    stacks: {
        name: string;
        kind: PlannedStack["kind"];
        /** Tenant stacks only. */
        tenant?: string;
        /** Tenant stacks only. */
        tier?: string;
        resources: { type: string; name: string; parent: string | null; inputs: Record<string, unknown> }[];
    }[];
}

/** Orders resources by parent then name, so the plan is stable from run to run. */
export function toPlanDocument(stacks: readonly (PlannedStack | PlannedTenantStack)[]): PlanDocument {
    return {
        stacks: stacks.map((s) => ({
            name: s.name,
            kind: s.kind,
            ...("tenant" in s ? { tenant: s.tenant, tier: s.tier } : {}),
            resources: [...s.resources]
                .sort(
                    (a, b) => (a.parent ?? "").localeCompare(b.parent ?? "") || a.name.localeCompare(b.name),
                )
                .map((r) => ({ type: r.type, name: r.name, parent: r.parent, inputs: r.inputs })),
        })),
    };
}
