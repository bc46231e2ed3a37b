/**
 * The lifecycle's side of the quota pre-checks (automation/quotas): when the caller gave a
 * {@link LifecycleDeps.quotas} guard, a signup or a tier change is checked before anything is
 * created. A tenant whose stack exists already is a re-run (unchanged, or resuming a signup that
 * created part of its resources): its use is in the account's figures, so it is not checked again.
 */
import type { TenantSpec } from "../../tiers/tenantSpec";
import type { TierName } from "../../tiers/tier";
import type { LifecycleDeps } from "./context";
import type { SiloRequest } from "./silo";
import { stackNameOf } from "./tenant";

/** Checks the quotas a new signup of `spec` consumes; no-op without a guard, in a dry run or for an existing stack. */
export async function preCheckSignupQuotas(
    input: { readonly spec: TenantSpec; readonly silo?: SiloRequest; readonly dryRun?: boolean },
    deps: LifecycleDeps,
): Promise<void> {
    const guard = deps.quotas;
    if (guard === undefined || input.dryRun === true) return;
    const { spec } = input;
    const name = stackNameOf({ environment: spec.environment, tenantId: spec.tenantId });
    if ((await deps.workspaces.listStacks()).some((stack) => stack.name === name)) return;
    await guard.check(
        { kind: "signup", tier: spec.tier, vendsAccount: input.silo !== undefined && "create" in input.silo },
        { tenantId: spec.tenantId, environment: spec.environment },
    );
}

/** Checks the quotas a tier change from `from` to `to` consumes; no-op without a guard or in a dry run. */
export async function preCheckTierChangeQuotas(
    tenant: { readonly tenantId: string; readonly environment: string },
    from: TierName,
    to: TierName,
    deps: LifecycleDeps,
    dryRun: boolean | undefined,
): Promise<void> {
    if (deps.quotas === undefined || dryRun === true) return;
    await deps.quotas.check({ kind: "change-tier", from, to }, tenant);
}
