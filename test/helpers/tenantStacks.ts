/** Plans tenant stacks under mocks against the planned dev platform, for the tenant stack tests. */
import { planPlatformStack } from "../../plan/platform";
import { MOCK_ORGANIZATION_ID } from "../../plan/mockRuntime";
import { PLAN_CREATED_AT } from "../../plan/sampleTenants";
import { type PlannedTenantStack, planTenantStack } from "../../plan/tenants";
import { parseTenantSpec } from "../../tiers/tenantSpec";
import { PlannedResources } from "./plannedStack";
import { isTaggable } from "./taggable";

export const SILO_ACCOUNT = "111122223333";

/** A valid spec input of the dev environment; `overrides` replace or add fields. */
export function specInput(tenantId: string, tier: string, overrides: Record<string, unknown> = {}) {
    return {
        tenantId,
        tier,
        environment: "dev",
        adminEmail: `admin@${tenantId}.example.com`,
        createdAt: PLAN_CREATED_AT,
        ...overrides,
    };
}

/** The silo section of a spec in the mock organization. */
export function siloInput(accountId = SILO_ACCOUNT) {
    return { accountId, organizationId: MOCK_ORGANIZATION_ID };
}

let platform: Promise<Record<string, unknown>> | undefined;

/** The dev platform's planned outputs (planned once per test file). */
export function platformOutputs(): Promise<Record<string, unknown>> {
    platform ??= planPlatformStack("dev").then((stack) => stack.outputs);
    return platform;
}

/** A planned tenant stack, with the lookups of {@link PlannedResources}. */
export class PlannedTenant extends PlannedResources {
    constructor(override readonly stack: PlannedTenantStack) {
        super(stack);
    }

    /** Provider resources (AWS), without components, the stack reference and explicit providers. */
    get aws() {
        return this.stack.resources.filter((r) => r.type.startsWith("aws:"));
    }

    /** AWS resources that take tags, read from the installed `@pulumi/aws`. */
    get taggable() {
        return this.aws.filter((r) => isTaggable(r.type));
    }
}

/** Validates `input` and plans its tenant stack against the dev platform. */
export async function planTenant(input: unknown): Promise<PlannedTenant> {
    return new PlannedTenant(await planTenantStack(parseTenantSpec(input), await platformOutputs()));
}
