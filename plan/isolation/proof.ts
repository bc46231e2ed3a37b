/**
 * The isolation proof of the offline plan: for the tenants in the planned stacks and adversarial
 * neighbours of their ids, asks the IAM simulator for every cross-tenant attempt the deployed
 * documents could allow, and for every same-tenant action that must work. The documents are the
 * ones IN THE PLAN (role trust and role policy inputs), not rebuilt from the pure functions, so the
 * proof covers what `pulumi up` would deploy.
 *
 * Tenants and pairs of tenants fall into classes that the simulator cannot tell apart (./classes.ts):
 * the proof simulates one tenant or pair per class and counts the decision for every member, so
 * the requests simulated grow with the number of classes, not with the square of the tenants.
 */
import type { PlannedStack } from "../mockRuntime";
import { accessSetups, plannedRoles, plannedTenants } from "./access";
import type { Attempt, IsolationFailure, IsolationReport } from "./attempt";
import { Decider, type Outcome, type Parties } from "./decisions";
import { fixedAttempts, foreignAttempts, intruderAttempts, ownAttempts, type ProofScope } from "./families";
import { type Family, pairCount, pairIds, visitPairs } from "./pairs";
import { ScopeClasses } from "./scopeClasses";
import { siloRoles } from "./silo";

export {
    type Attempt,
    type Expectation,
    type IsolationCoverage,
    type IsolationFailure,
    type IsolationReport,
    neighboursOf,
    SAMPLE_TENANTS,
    TENANT_TAG_KEY,
} from "./attempt";
export { plannedTenants } from "./access";

/** Failures listed at most; beyond, the report counts them in `unlistedFailures`. */
export const FAILURE_LIST_LIMIT = 10_000;

function scopesOf(stacks: readonly PlannedStack[]): ProofScope[] {
    const roles = plannedRoles(stacks);
    const silos = siloRoles(roles);
    return accessSetups(stacks, roles).map((setup) => ({ stacks, setup, roles, silos }));
}

function unplannedOwnersOf(scope: ProofScope, tenants: readonly string[]): string[] {
    const owners = [...scope.setup.ownedBuckets.map((b) => b.owner), ...scope.silos.map((s) => s.owner)];
    return [...new Set(owners)].filter((o) => !tenants.includes(o));
}

function attemptsOf(scope: ProofScope, family: Family, self: string, other: string | undefined): Attempt[] {
    if (family === "own") return ownAttempts(scope, self);
    if (family === "foreign") return foreignAttempts(scope, self, other as string);
    return intruderAttempts(scope, self, other as string);
}

/** Every attempt of the proof, one by one, in a stable order (quadratic: for small plans and tests). */
export function isolationAttempts(stacks: readonly PlannedStack[]): Attempt[] {
    const tenants = plannedTenants(stacks);
    const attempts: Attempt[] = [];
    for (const scope of scopesOf(stacks)) {
        const owners = unplannedOwnersOf(scope, tenants);
        visitPairs(tenants, owners, (family, self, other) =>
            attempts.push(...attemptsOf(scope, family, self, other)),
        );
        attempts.push(...fixedAttempts(scope, owners));
    }
    return attempts;
}

interface VisitClass {
    readonly family: Family;
    readonly self: string;
    readonly other: string | undefined;
    readonly parties: Parties;
    size: number;
    outcomes?: Outcome[];
    attemptCount?: number;
    /** How many of the class's attempts fail. */
    failing?: number;
}

function failureOf(attempt: Attempt, outcome: Outcome): IsolationFailure | undefined {
    const base = {
        tenant: attempt.tenant,
        attempt: attempt.name,
        action: attempt.action,
        resource: attempt.resource,
        expected: attempt.expected,
    };
    if (outcome.result === "error") return { ...base, result: "error", detail: outcome.detail ?? "" };
    if (outcome.ignoredContextKeys.length > 0) {
        return {
            ...base,
            result: outcome.result,
            detail: `the simulator ignored ${outcome.ignoredContextKeys.join(", ")}, so the request was not the one described`,
        };
    }
    return (outcome.result === "Allowed") !== (attempt.expected === "allow")
        ? { ...base, result: outcome.result }
        : undefined;
}

const NO_ACCESS_ROLE: IsolationFailure = {
    tenant: "(none)",
    attempt: "find a tenant access role (a role policy pinned to ${aws:PrincipalTag/TenantId}) in the plan",
    action: "",
    resource: "",
    expected: "deny",
    result: "error",
    detail: "the plan has no tenant access role, so there is nothing to prove",
};

/** Runs the proof over the planned stacks. */
export async function proveIsolation(stacks: readonly PlannedStack[]): Promise<IsolationReport> {
    const tenants = plannedTenants(stacks);
    const scopes = scopesOf(stacks);
    const failures: IsolationFailure[] = [];
    let attempts = 0;
    let denied = 0;
    let allowed = 0;
    let unlisted = 0;
    let simulatedRequests = 0;
    let documentClasses = 0;
    let pairs = pairCount(tenants, []);
    let pairsCovered = scopes.length === 0 ? 0 : Number.POSITIVE_INFINITY;
    const list = (failure: IsolationFailure) => {
        if (failures.length < FAILURE_LIST_LIMIT) failures.push(failure);
        else unlisted++;
    };
    if (scopes.length === 0) failures.push(NO_ACCESS_ROLE);

    for (const scope of scopes) {
        const owners = unplannedOwnersOf(scope, tenants);
        pairs = pairCount(tenants, owners);
        const classes = new ScopeClasses(scope, pairIds(tenants, owners));
        const decider = new Decider((text) => classes.ids.check(text));
        const byKey = new Map<string, VisitClass>();
        visitPairs(tenants, owners, (family, self, other) => {
            const key = classes.keyOf(family, self, other);
            const known = byKey.get(key);
            if (known === undefined) {
                byKey.set(key, { family, self, other, parties: classes.partiesOf(self, other), size: 1 });
            } else known.size++;
        });

        let covered = 0;
        for (const visit of byKey.values()) {
            const tried = attemptsOf(scope, visit.family, visit.self, visit.other);
            const outcomes = await Promise.all(tried.map((a) => decider.decide(a, visit.parties)));
            visit.outcomes = outcomes;
            visit.attemptCount = tried.length;
            visit.failing = tried.filter((a, i) => failureOf(a, outcomes[i] as Outcome) !== undefined).length;
            attempts += visit.size * tried.length;
            for (const outcome of visit.outcomes) {
                if (outcome.result === "Allowed") allowed += visit.size;
                else if (outcome.result !== "error") denied += visit.size;
            }
            if (visit.family !== "own" && visit.outcomes.every((o) => o.result !== "error"))
                covered += visit.size;
        }
        const failing = [...byKey.entries()].filter(([, v]) => (v.failing ?? 0) > 0);
        if (failing.length > 0) {
            const failingKeys = new Map(failing);
            visitPairs(tenants, owners, (family, self, other) => {
                const visit = failingKeys.get(classes.keyOf(family, self, other));
                if (visit === undefined) return;
                if (failures.length >= FAILURE_LIST_LIMIT) {
                    // Counted, not listed: no need to build the member's attempts.
                    unlisted += visit.failing ?? 0;
                    return;
                }
                const tried = attemptsOf(scope, family, self, other);
                if (tried.length !== visit.attemptCount) {
                    throw new Error(
                        `the isolation proof's class of ${self}/${other ?? "-"} has ${tried.length} attempts, its representative ${visit.attemptCount}`,
                    );
                }
                tried.forEach((attempt, i) => {
                    const failure = failureOf(attempt, visit.outcomes?.[i] as Outcome);
                    if (failure !== undefined) list(failure);
                });
            });
        }
        for (const attempt of fixedAttempts(scope, owners)) {
            const outcome = await decider.decide(attempt, { classKey: "fixed" });
            attempts++;
            if (outcome.result === "Allowed") allowed++;
            else if (outcome.result !== "error") denied++;
            const failure = failureOf(attempt, outcome);
            if (failure !== undefined) list(failure);
        }
        simulatedRequests += decider.simulated;
        documentClasses += byKey.size;
        pairsCovered = Math.min(pairsCovered, covered);
    }
    return {
        attempts,
        denied,
        allowed,
        failures,
        coverage: { pairs, pairsCovered, simulatedRequests, documentClasses },
        ...(unlisted > 0 ? { unlistedFailures: unlisted } : {}),
    };
}
