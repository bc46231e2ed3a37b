/**
 * One tenant of a rollout: an `up` of its stack with the spec it already has, so it gets the
 * current tenant program (and the current tenant-guard pack) and nothing else changes. A tenant
 * with an unfinished lifecycle operation is refused: that operation must be finished first.
 */
import type { LifecycleDeps } from "../lifecycle/context";
import { LifecycleStateError } from "../lifecycle/errors";
import { fromEngineEvent } from "../lifecycle/events";
import { isFinished } from "../lifecycle/record";
import { requireSpec } from "../lifecycle/statusChange";
import { openTenant, parseTenantRef } from "../lifecycle/tenant";
import type { ResourceChanges } from "../lifecycle/workspace";

export interface TenantUpdate {
    readonly outcome: "updated" | "unchanged" | "previewed";
    readonly changes: ResourceChanges;
}

/** Changes that are not `same`: what an update actually did. */
const changed = (changes: ResourceChanges): number =>
    Object.entries(changes).reduce((sum, [op, n]) => (op === "same" ? sum : sum + n), 0);

export async function updateTenant(
    input: { readonly environment: string; readonly tenantId: string; readonly dryRun?: boolean },
    deps: LifecycleDeps,
): Promise<TenantUpdate> {
    const ref = parseTenantRef(input.tenantId, input.environment);
    const { ws, state } = await openTenant(deps, ref, "select");
    const spec = requireSpec(state, ws, ref.tenantId);
    if (!isFinished(state.record)) {
        const record = state.record;
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" has an unfinished ${record?.operation ?? "operation"} (at step ${record?.step ?? "?"}): ` +
                "finish it (re-run that operation) before a rollout updates the tenant",
        );
    }
    const onEvent = deps.onEvent;
    const options =
        onEvent === undefined
            ? {}
            : {
                  onEvent: (event: Parameters<typeof fromEngineEvent>[1]) => {
                      const mapped = fromEngineEvent(ref.tenantId, event);
                      if (mapped !== undefined) onEvent(mapped);
                  },
              };
    if (input.dryRun === true) {
        const { changes } = await ws.preview(spec, options);
        return { outcome: "previewed", changes };
    }
    const { changes } = await ws.up(spec, options);
    return { outcome: changed(changes) === 0 ? "unchanged" : "updated", changes };
}
