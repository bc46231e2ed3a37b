import { type PlannedStack, planStack } from "./mockRuntime";
import { isAccountWide } from "./render";
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

/** One resource of the plan document. */
export interface PlanDocumentResource {
    readonly type: string;
    readonly name: string;
    /** The parent component, or `null` for children of the stack. */
    readonly parent: string | null;
    /** The explicit provider resource it is created with; `null` for the stack's default provider. */
    readonly provider: string | null;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** What it waits for through `dependsOn` (see `PlannedResource.dependsOn`). */
    readonly dependsOn: readonly string[];
    /** A setting of the whole account, shared with every other stack there (see `ACCOUNT_WIDE`). */
    readonly accountWide: boolean;
    readonly inputs: Record<string, unknown>;
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
        resources: PlanDocumentResource[];
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
                .map((r): PlanDocumentResource => ({
                    type: r.type,
                    name: r.name,
                    parent: r.parent,
                    provider: r.provider ?? null,
                    protect: r.protect,
                    retainOnDelete: r.retainOnDelete,
                    dependsOn: r.dependsOn,
                    accountWide: isAccountWide(r),
                    inputs: r.inputs,
                })),
        })),
    };
}
