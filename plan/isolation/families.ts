/**
 * The attempts of the proof, by the parties they involve: a tenant alone (its own data, its tagless
 * twin, its trust), a tenant against one other id (the other's data and what the other owns), an
 * intruder id against a tenant's owned resources, and the attempts no tenant id appears in.
 */
import type { PlannedStack } from "../mockRuntime";
import { type AccessSetup, bucketPolicyFor, type PlannedRole } from "./access";
import {
    accountOf,
    type AddAttempt,
    type Attempt,
    attemptName,
    sessionArn,
    TENANT_VARIABLE,
} from "./attempt";
import { deputyAttempts } from "./deputies";
import { foreignKeyAttempts, ownKeyAttempts, reservedKeyAttempts, taglessKeyAttempts } from "./keys";
import {
    foreignObjectAttempts,
    ownedBucketAttempts,
    ownObjectAttempts,
    taglessObjectAttempts,
} from "./objects";
import { type SiloRole, siloAttempts } from "./silo";
import type { SimulationContext } from "./simulation";
import { foreignTableAttempts, ownTableAttempts, taglessTableAttempts } from "./tables";
import { reservedTrustAttempts, taglessTrustAttempts, trustAttempts } from "./trusts";

/** Everything the attempts of one tenant access role are built from. */
export interface ProofScope {
    readonly stacks: readonly PlannedStack[];
    readonly setup: AccessSetup;
    readonly roles: readonly PlannedRole[];
    readonly silos: readonly SiloRole[];
}

function collect(scope: ProofScope, build: (add: AddAttempt) => void): Attempt[] {
    const identityPolicies = scope.setup.role.policies.map((p) => p.json);
    const attempts: Attempt[] = [];
    build((tenant, action, resource, context, expected, resourcePolicy) => {
        const tags: SimulationContext = tenant === undefined ? {} : { "aws:PrincipalTag/TenantId": tenant };
        attempts.push({
            tenant: tenant ?? "(none)",
            name: attemptName(action, resource, context),
            principal: sessionArn(scope.setup.role.arn, tenant ?? "tagless"),
            identityPolicies,
            resourcePolicy,
            action,
            resource,
            resourceAccountId: accountOf(resource),
            context: { ...tags, ...context },
            expected,
        });
    });
    return attempts;
}

/** `tenant`'s own requests, the same requests by a session without the tag, its trust and its silo. */
export function ownAttempts(scope: ProofScope, tenant: string): Attempt[] {
    const { stacks, setup } = scope;
    return [
        ...collect(scope, (add) => {
            ownTableAttempts(setup, tenant, add);
            ownObjectAttempts(stacks, setup, tenant, add);
            ownKeyAttempts(setup, tenant, add);
            taglessTableAttempts(setup, tenant, add);
            taglessObjectAttempts(setup, tenant, add);
            taglessKeyAttempts(setup, tenant, add);
        }),
        ...trustAttempts(setup.role, scope.roles, tenant),
        ...siloAttempts(setup, scope.silos, tenant, tenant),
    ];
}

/** `tenant`'s session after `other`'s data and after what `other` owns (its buckets, its silo role). */
export function foreignAttempts(scope: ProofScope, tenant: string, other: string): Attempt[] {
    const { stacks, setup } = scope;
    return [
        ...collect(scope, (add) => {
            foreignTableAttempts(setup, tenant, other, add);
            foreignObjectAttempts(stacks, setup, tenant, other, add);
            foreignKeyAttempts(setup, tenant, other, add);
            ownedBucketAttempts(setup, tenant, other, add);
        }),
        ...siloAttempts(setup, scope.silos, tenant, other),
    ];
}

/** A session of `intruder` (an id next to `owner`'s, not a planned tenant) after what `owner` owns. */
export function intruderAttempts(scope: ProofScope, intruder: string, owner: string): Attempt[] {
    return [
        ...collect(scope, (add) => ownedBucketAttempts(scope.setup, intruder, owner, add)),
        ...siloAttempts(scope.setup, scope.silos, intruder, owner),
    ];
}

/**
 * Attempts that name no tenant: assuming the access role without the tag or with a reserved id, keys
 * chosen by a reserved tag; silos of unplanned owners; AWS services invoking our functions for a
 * source that is not ours (confused deputies, ./deputies.ts).
 */
export function fixedAttempts(scope: ProofScope, unplannedOwners: readonly string[]): Attempt[] {
    return [
        ...taglessTrustAttempts(scope.setup.role, scope.roles),
        ...reservedTrustAttempts(scope.setup.role, scope.roles),
        ...collect(scope, (add) => reservedKeyAttempts(scope.setup, add)),
        ...unplannedOwners.flatMap((owner) => siloAttempts(scope.setup, scope.silos, owner, owner)),
        ...deputyAttempts(scope.stacks),
    ];
}

/**
 * What `id` owns in `scope`, as text: its tenant-owned buckets with their policies, its silo data
 * roles with their trust, the policies of the buckets named after it. Empty for an id that owns nothing.
 */
export function ownerMaterial(scope: ProofScope, id: string): string {
    const { setup, stacks } = scope;
    const buckets = setup.ownedBuckets.filter((b) => b.owner === id);
    const silos = scope.silos
        .filter((s) => s.owner === id)
        .map((s) => ({ arn: s.role.arn, trust: s.role.trust?.json }));
    const named = setup.tenantBuckets
        .map((pattern) => bucketPolicyFor(stacks, pattern.replaceAll(TENANT_VARIABLE, id)))
        .filter((p) => p !== undefined);
    return buckets.length + silos.length + named.length === 0
        ? ""
        : JSON.stringify({ buckets, silos, named });
}
