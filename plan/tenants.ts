/** Evaluates tenant stacks under mocks, reading the platform stack's planned outputs. */
import { platformStackReference, TENANT_PROJECT, tenantStackName } from "../components/shared/tenantNaming";
import type { TierName } from "../tiers/tier";
import type { TenantSpec } from "../tiers/tenantSpec";
import { type PlannedStack, planStack } from "./mockRuntime";
import { PLAN_ORGANIZATION } from "./sampleTenants";

/** A planned tenant stack: which tenant, which tier. */
export interface PlannedTenantStack extends PlannedStack {
    readonly kind: "tenant";
    readonly tenant: string;
    readonly tier: TierName;
}

/**
 * Plans one tenant stack (`<env>-<tenantId>` in project `tenant-tiers-tenants`). Its
 * `StackReference` to the platform resolves to `platformOutputs`, the outputs of the planned
 * platform stack of the same environment.
 */
export async function planTenantStack(
    spec: TenantSpec,
    platformOutputs: Readonly<Record<string, unknown>>,
): Promise<PlannedTenantStack> {
    const reference = platformStackReference(PLAN_ORGANIZATION, spec.environment);
    const region = platformOutputs.region;
    const stack = await planStack({
        project: TENANT_PROJECT,
        stack: tenantStackName(spec.environment, spec.tenantId),
        kind: "tenant",
        config: typeof region === "string" ? { "aws:region": region } : {},
        stackReferences: { [reference]: platformOutputs },
        // Imported inside the mocked stack, so no resource module loads before the mocks are set.
        program: async () =>
            (await import("../components/tenant/program")).tenantProgram(spec, {
                organization: PLAN_ORGANIZATION,
            })(),
    });
    return { ...stack, kind: "tenant", tenant: spec.tenantId, tier: spec.tier };
}

/** Plans tenant stacks one after the other (the mock runtime is process-global). */
export async function planTenantStacks(
    specs: readonly TenantSpec[],
    platformOutputs: Readonly<Record<string, unknown>>,
): Promise<PlannedTenantStack[]> {
    const stacks: PlannedTenantStack[] = [];
    for (const spec of specs) stacks.push(await planTenantStack(spec, platformOutputs));
    return stacks;
}
