/**
 * Suspend and resume: the tenant's registry entry gets status `suspended` or `active` by an `up`
 * of its stack with that status in the spec (the registry item is a resource of the tenant
 * stack). The authorizer admits only `active` tenants, so API traffic stops within a minute of a
 * suspension (its 20 s registry cache plus API Gateway's 30 s authorizer cache). Messages already
 * on the ingestion queue are still delivered to the tenant's function: a suspension stops callers,
 * not the queue.
 */
import type { TenantStatus } from "../../tiers/registry";
import { parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import { checkDeps, type LifecycleDeps, OperationRun } from "./context";
import { LifecycleStateError, OperationInProgressError } from "./errors";
import { isFinished, type TenantState } from "./record";
import { type LifecycleResult, openTenant, parseTenantRef, stackNameOf } from "./tenant";
import type { TenantStackWorkspace } from "./workspace";

/** An operation on an existing tenant. */
export interface TenantInput {
    readonly environment: string;
    readonly tenantId: string;
    /** Preview only. */
    readonly dryRun?: boolean;
}

/** The stored spec of an existing tenant, or an error saying why there is none. */
export function requireSpec(state: TenantState, ws: TenantStackWorkspace, tenantId: string): TenantSpec {
    if (state.spec !== undefined) return state.spec;
    throw new LifecycleStateError(
        `stack ${ws.stackName} has no tenant spec in its config: tenant "${tenantId}" was never signed up ` +
            `(or its signup stopped before deploying): run signup for it first`,
    );
}

/** Sets the tenant's status to `target` by an `up`; a no-op when it already has it. */
export async function changeStatus(
    operation: "suspend" | "resume",
    input: TenantInput,
    deps: LifecycleDeps,
): Promise<LifecycleResult> {
    checkDeps(deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    const target: TenantStatus = operation === "suspend" ? "suspended" : "active";
    const { ws, state } = await openTenant(deps, ref, "select");
    const stored = requireSpec(state, ws, ref.tenantId);
    const record = state.record;
    const base = {
        operation,
        tenantId: ref.tenantId,
        environment: ref.environment,
        stackName: stackNameOf(ref),
    };
    if (!isFinished(record) && record?.operation !== operation) {
        throw new OperationInProgressError(
            ref.tenantId,
            record?.operation ?? operation,
            record?.step ?? "",
            operation,
        );
    }
    const resumedFrom = record?.operation === operation && record.step !== "done" ? record.step : undefined;
    if (resumedFrom === undefined && stored.status === target) {
        return { ...base, outcome: "unchanged", tier: stored.tier, status: target, done: [], changes: {} };
    }
    if (stored.status === "offboarded") {
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" is being offboarded: re-run offboard to finish it; it cannot be ${operation}d`,
        );
    }
    const spec = parseTenantSpec({ ...stored, status: target });
    const now = deps.now ?? (() => new Date());
    const run = new OperationRun(
        operation,
        ref.tenantId,
        ws,
        deps,
        resumedFrom === undefined || record === undefined
            ? OperationRun.newRecord(operation, "deploy", now)
            : record,
    );
    if (input.dryRun === true) {
        const { changes } = await run.preview(spec);
        return { ...base, outcome: "previewed", tier: spec.tier, status: target, done: [], changes };
    }
    try {
        run.step("deploy", "started");
        await run.save({ step: "deploy" }, spec);
        const up = await run.up(spec);
        run.done.push(`registry entry of "${ref.tenantId}" set to ${target} (up)`);
        await run.save({ step: "done" });
        run.step("deploy", "done");
        return {
            ...base,
            outcome: resumedFrom === undefined ? "updated" : "resumed",
            tier: spec.tier,
            status: target,
            ...(resumedFrom === undefined ? {} : { resumedFrom }),
            done: run.done,
            changes: run.changes,
            outputs: up.outputs,
        };
    } catch (error) {
        throw await run.fail("deploy", error);
    }
}
