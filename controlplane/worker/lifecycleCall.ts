/**
 * An operation request run on the lifecycle library: the same functions the CLI runs, given the
 * same validated input (the CLI's validators check the request again here, so a message that did
 * not come through the API is held to the same rules). A signup, change-tier or offboard that was
 * interrupted resumes from its progress record in the tenant's stack: the lifecycle sees to that.
 */
import { placementProblems, settleProblems } from "../../automation/cli/changeTier";
import { Problems } from "../../automation/cli/problems";
import { validateSignup } from "../../automation/cli/signup";
import type { CliDeps } from "../../automation/cli/settings";
import { changeTier } from "../../automation/lifecycle/changeTier";
import type { LifecycleDeps } from "../../automation/lifecycle/context";
import { offboard } from "../../automation/lifecycle/offboard";
import { resume } from "../../automation/lifecycle/resume";
import { signup } from "../../automation/lifecycle/signup";
import { suspend } from "../../automation/lifecycle/suspend";
import type { LifecycleResult } from "../../automation/lifecycle/tenant";
import { rollout, type RolloutReport } from "../../automation/rollout/fleetRollout";
import type { OperationRequest } from "../operations/request";

export interface LifecycleCallContext {
    readonly environment: string;
    readonly region: string;
    /** The CLI's dependencies, for its validators (they read `env` and `now`). */
    readonly cli: CliDeps;
}

export type LifecycleCall = (
    request: OperationRequest,
    deps: LifecycleDeps,
) => Promise<LifecycleResult | RolloutReport>;

/** The lifecycle function of each request kind. */
export function lifecycleCall(context: LifecycleCallContext): LifecycleCall {
    const { environment } = context;
    return async (request, deps) => {
        switch (request.kind) {
            case "signup": {
                const { spec, silo } = validateSignup(
                    request.tenantId,
                    { ...request.options, environment, region: context.region },
                    context.cli,
                );
                return signup({ spec, ...(silo === undefined ? {} : { silo }) }, deps);
            }
            case "change-tier": {
                const options = request.options ?? {};
                const problems = new Problems();
                const silo = placementProblems({ ...options, tier: request.tier }, problems);
                const settleMs = settleProblems(
                    options.settleSeconds === undefined ? undefined : String(options.settleSeconds),
                    problems,
                );
                problems.throwIfAny();
                return changeTier(
                    {
                        tenantId: request.tenantId,
                        environment,
                        tier: request.tier,
                        ...(silo === undefined ? {} : { silo }),
                        ...(options.platformAccount === true ? { platformAccount: true } : {}),
                        settleMs,
                    },
                    deps,
                );
            }
            case "suspend":
                return suspend({ tenantId: request.tenantId, environment }, deps);
            case "resume":
                return resume({ tenantId: request.tenantId, environment }, deps);
            case "offboard":
                return offboard(
                    {
                        tenantId: request.tenantId,
                        environment,
                        archive: request.archive,
                        ...(request.purge === undefined
                            ? {}
                            : { purge: { confirmTenantId: request.purge.confirm } }),
                    },
                    deps,
                );
            case "rollout":
                return rollout(
                    { environment, waves: request.waves, pauseMs: request.pauseSeconds * 1000 },
                    deps,
                );
            default: {
                const unknown: never = request;
                throw new Error(`unknown operation ${JSON.stringify(unknown)}`);
            }
        }
    };
}
