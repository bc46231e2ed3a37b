/**
 * `status`: what a tenant's stack says about it: tier, state (the registry status it was deployed
 * with), the last operation and how far it got, and the stack outputs. Reads only.
 */
import type { TenantStatus } from "../../tiers/registry";
import type { TierName } from "../../tiers/tier";
import { checkDeps, type LifecycleDeps } from "./context";
import type { LifecycleRecord } from "./record";
import { requireSpec } from "./statusChange";
import { openTenant, parseTenantRef, stackNameOf } from "./tenant";

export interface TenantStatusReport {
    readonly tenantId: string;
    readonly environment: string;
    readonly stackName: string;
    readonly tier: TierName;
    readonly state: TenantStatus;
    readonly adminEmail: string;
    readonly createdAt: string;
    readonly siloAccountId?: string;
    /** The last operation; `finished` is false while it must be re-run to complete. */
    readonly lastOperation?: {
        readonly operation: LifecycleRecord["operation"];
        readonly step: string;
        readonly finished: boolean;
        readonly startedAt: string;
        readonly updatedAt: string;
        readonly lastError?: string;
    };
    readonly outputs: Readonly<Record<string, unknown>>;
}

export async function status(
    input: { readonly environment: string; readonly tenantId: string },
    deps: LifecycleDeps,
): Promise<TenantStatusReport> {
    checkDeps(deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    const { ws, state } = await openTenant(deps, ref, "select");
    const spec = requireSpec(state, ws, ref.tenantId);
    const record = state.record;
    return {
        tenantId: ref.tenantId,
        environment: ref.environment,
        stackName: stackNameOf(ref),
        tier: spec.tier,
        state: spec.status,
        adminEmail: spec.adminEmail,
        createdAt: spec.createdAt,
        ...(spec.silo === undefined ? {} : { siloAccountId: spec.silo.accountId }),
        ...(record === undefined
            ? {}
            : {
                  lastOperation: {
                      operation: record.operation,
                      step: record.step,
                      finished: record.step === "done",
                      startedAt: record.startedAt,
                      updatedAt: record.updatedAt,
                      ...(record.lastError === undefined ? {} : { lastError: record.lastError }),
                  },
              }),
        outputs: await ws.outputs(),
    };
}
