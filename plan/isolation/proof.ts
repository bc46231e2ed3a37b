/**
 * The isolation proof of the offline plan: for the tenants in the planned stacks and adversarial
 * neighbours of their ids, asks the IAM simulator for every cross-tenant attempt the deployed
 * documents could allow, and for every same-tenant action that must work. The documents are the
 * ones IN THE PLAN (role trust and role policy inputs), not rebuilt from the pure functions, so the
 * proof covers what `pulumi up` would deploy.
 */
import type { PlannedStack } from "../mockRuntime";
import { accessSetups, plannedRoles, plannedTenants } from "./access";
import {
    accountOf,
    type AddAttempt,
    type Attempt,
    attemptName,
    type IsolationFailure,
    type IsolationReport,
    neighboursOf,
    sessionArn,
} from "./attempt";
import { keyAttempts, taglessKeyAttempts } from "./keys";
import {
    ownedBucketAttempts,
    sharedObjectAttempts,
    taglessObjectAttempts,
    tenantBucketAttempts,
} from "./objects";
import { siloAttempts } from "./silo";
import { type SimulationContext, simulate } from "./simulation";
import { sharedTableAttempts, taglessTableAttempts, tenantTableAttempts } from "./tables";
import { trustAttempts } from "./trusts";

export {
    type Attempt,
    type Expectation,
    type IsolationFailure,
    type IsolationReport,
    neighboursOf,
    SAMPLE_TENANTS,
    TENANT_TAG_KEY,
} from "./attempt";
export { plannedTenants } from "./access";

/** Every attempt of the proof, in a stable order. */
export function isolationAttempts(stacks: readonly PlannedStack[]): Attempt[] {
    const tenants = plannedTenants(stacks);
    const roles = plannedRoles(stacks);
    const attempts: Attempt[] = [];
    for (const setup of accessSetups(stacks, roles)) {
        const identityPolicies = setup.role.policies.map((p) => p.json);
        const add: AddAttempt = (tenant, action, resource, context, expected, resourcePolicy) => {
            const tags: SimulationContext =
                tenant === undefined ? {} : { "aws:PrincipalTag/TenantId": tenant };
            attempts.push({
                tenant: tenant ?? "(none)",
                name: attemptName(action, resource, context),
                principal: sessionArn(setup.role.arn, tenant ?? "tagless"),
                identityPolicies,
                resourcePolicy,
                action,
                resource,
                resourceAccountId: accountOf(resource),
                context: { ...tags, ...context },
                expected,
            });
        };

        for (const tenant of tenants) {
            const foreign = [...new Set([...tenants.filter((t) => t !== tenant), ...neighboursOf(tenant)])];
            sharedTableAttempts(setup, tenant, foreign, add);
            sharedObjectAttempts(setup, tenant, foreign, add);
            tenantTableAttempts(setup, tenant, foreign, add);
            tenantBucketAttempts(stacks, setup, tenant, foreign, add);
            keyAttempts(setup, tenant, foreign, add);
            taglessTableAttempts(setup, tenant, add);
            taglessObjectAttempts(setup, tenant, add);
            taglessKeyAttempts(setup, tenant, add);
        }
        ownedBucketAttempts(setup, tenants, add);
        attempts.push(...trustAttempts(setup.role, roles, tenants));
    }
    attempts.push(...siloAttempts(stacks, roles, tenants));
    return attempts;
}

/** Runs the proof over the planned stacks. */
export async function proveIsolation(stacks: readonly PlannedStack[]): Promise<IsolationReport> {
    const attempts = isolationAttempts(stacks);
    const failures: IsolationFailure[] = [];
    let denied = 0;
    let allowed = 0;
    if (attempts.length === 0) {
        failures.push({
            tenant: "(none)",
            attempt:
                "find a tenant access role (a role policy pinned to ${aws:PrincipalTag/TenantId}) in the plan",
            action: "",
            resource: "",
            expected: "deny",
            result: "error",
            detail: "the plan has no tenant access role, so there is nothing to prove",
        });
    }
    for (const attempt of attempts) {
        const base = {
            tenant: attempt.tenant,
            attempt: attempt.name,
            action: attempt.action,
            resource: attempt.resource,
            expected: attempt.expected,
        };
        try {
            const outcome = await simulate({
                identityPolicies: attempt.identityPolicies,
                resourcePolicy: attempt.resourcePolicy,
                action: attempt.action,
                resource: attempt.resource,
                principal: attempt.principal,
                context: attempt.context,
                resourceAccountId: attempt.resourceAccountId,
            });
            const isAllowed = outcome.result === "Allowed";
            if (isAllowed) allowed++;
            else denied++;
            if (outcome.ignoredContextKeys.length > 0) {
                failures.push({
                    ...base,
                    result: outcome.result,
                    detail: `the simulator ignored ${outcome.ignoredContextKeys.join(", ")}, so the request was not the one described`,
                });
            } else if (isAllowed !== (attempt.expected === "allow")) {
                failures.push({ ...base, result: outcome.result });
            }
        } catch (err) {
            failures.push({
                ...base,
                result: "error",
                detail: err instanceof Error ? err.message : String(err),
            });
        }
    }
    return { attempts: attempts.length, denied, allowed, failures };
}
