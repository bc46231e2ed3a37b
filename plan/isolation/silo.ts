/** Silo hops: a silo data role is assumed only by the tenant access session of that silo's tenant. */
import { MOCK_ORGANIZATION_ID, type PlannedStack } from "../mockRuntime";
import { accessSetups, type PlannedRole } from "./access";
import { accountOf, type Attempt, attemptName, neighboursOf, sessionArn, TENANT_VARIABLE } from "./attempt";
import type { SimulationContext } from "./simulation";

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

/** Assuming a silo data role: only the tenant access session of that silo's tenant. */
export function siloAttempts(
    stacks: readonly PlannedStack[],
    roles: readonly PlannedRole[],
    tenants: readonly string[],
): Attempt[] {
    const attempts: Attempt[] = [];
    const setups = accessSetups(stacks, roles);
    for (const silo of roles) {
        const owner = siloTenantOf(silo);
        if (owner === undefined) continue;
        for (const setup of setups) {
            const identityPolicies = setup.role.policies.map((p) => p.json);
            const callers = [
                owner,
                ...new Set([...tenants.filter((t) => t !== owner), ...neighboursOf(owner)]),
            ];
            for (const caller of callers) {
                // The silo role is tagged with its tenant and lives in the caller's organization.
                const context: SimulationContext = {
                    "aws:PrincipalTag/TenantId": caller,
                    "aws:PrincipalOrgID": MOCK_ORGANIZATION_ID,
                    "aws:ResourceTag/TenantId": owner,
                    "aws:ResourceOrgID": MOCK_ORGANIZATION_ID,
                };
                attempts.push({
                    tenant: caller,
                    name: attemptName("sts:AssumeRole", silo.arn, context),
                    principal: sessionArn(setup.role.arn, caller),
                    identityPolicies,
                    resourcePolicy: silo.trust?.json,
                    action: "sts:AssumeRole",
                    resource: silo.arn,
                    resourceAccountId: accountOf(silo.arn),
                    context,
                    expected: caller === owner ? "allow" : "deny",
                });
            }
        }
    }
    return attempts;
}
