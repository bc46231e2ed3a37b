/** Silo hops: a silo data role is assumed only by the tenant access session of that silo's tenant. */
import { MOCK_ORGANIZATION_ID } from "../mockRuntime";
import type { AccessSetup, PlannedRole } from "./access";
import { accountOf, type Attempt, attemptName, sessionArn, TENANT_VARIABLE } from "./attempt";
import type { SimulationContext } from "./simulation";

/** A silo data role of the plan and the tenant its trust is pinned to. */
export interface SiloRole {
    readonly role: PlannedRole;
    readonly owner: string;
}

/** The tenant a silo role's trust is pinned to (`aws:PrincipalTag/TenantId` = one tenant), if any. */
function siloTenantOf(role: PlannedRole): string | undefined {
    for (const statement of role.trust?.statements ?? []) {
        const block = statement.conditions.StringEquals ?? {};
        const key = Object.keys(block).find((k) => k.toLowerCase() === "aws:principaltag/tenantid");
        const values = key === undefined ? undefined : block[key];
        if (values?.length === 1 && values[0] !== TENANT_VARIABLE) return values[0];
    }
    return undefined;
}

/** The silo data roles among `roles`, in plan order. */
export function siloRoles(roles: readonly PlannedRole[]): SiloRole[] {
    return roles.flatMap((role) => {
        const owner = siloTenantOf(role);
        return owner === undefined ? [] : [{ role, owner }];
    });
}

/**
 * `caller`'s tenant access session (of `setup`) assuming the silo data roles of `owner`: allowed
 * when the caller is the owner, denied otherwise.
 */
export function siloAttempts(
    setup: AccessSetup,
    silos: readonly SiloRole[],
    caller: string,
    owner: string,
): Attempt[] {
    const identityPolicies = setup.role.policies.map((p) => p.json);
    return silos
        .filter((silo) => silo.owner === owner)
        .map(({ role }) => {
            // The silo role is tagged with its tenant and lives in the caller's organization.
            const context: SimulationContext = {
                "aws:PrincipalTag/TenantId": caller,
                "aws:PrincipalOrgID": MOCK_ORGANIZATION_ID,
                "aws:ResourceTag/TenantId": owner,
                "aws:ResourceOrgID": MOCK_ORGANIZATION_ID,
            };
            return {
                tenant: caller,
                name: attemptName("sts:AssumeRole", role.arn, context),
                principal: sessionArn(setup.role.arn, caller),
                identityPolicies,
                resourcePolicy: role.trust?.json,
                action: "sts:AssumeRole",
                resource: role.arn,
                resourceAccountId: accountOf(role.arn),
                context,
                expected: caller === owner ? "allow" : "deny",
            };
        });
}
