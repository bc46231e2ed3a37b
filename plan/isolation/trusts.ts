/** Trusts: the tenant access role is assumed by its trusted callers only with a TenantId session tag. */
import { type PlannedRole, trustedRoles } from "./access";
import { accountOf, type Attempt, attemptName, sessionArn } from "./attempt";
import type { SimulationContext } from "./simulation";

/** Assuming the tenant access role: its trusted callers only with a TenantId tag. */
export function trustAttempts(
    role: PlannedRole,
    roles: readonly PlannedRole[],
    tenants: readonly string[],
): Attempt[] {
    const attempts: Attempt[] = [];
    for (const callerArn of trustedRoles(role.trust)) {
        const caller = roles.find((r) => r.arn === callerArn);
        const base = {
            principal: sessionArn(callerArn, "tenant-function"),
            identityPolicies: (caller?.policies ?? []).map((p) => p.json),
            resourcePolicy: role.trust?.json,
            resource: role.arn,
            resourceAccountId: accountOf(role.arn),
        };
        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
            for (const tenant of tenants) {
                const context: SimulationContext = {
                    "aws:RequestTag/TenantId": tenant,
                    "aws:TagKeys": ["TenantId"],
                    "sts:TransitiveTagKeys": ["TenantId"],
                };
                attempts.push({
                    ...base,
                    tenant,
                    name: attemptName(action, role.arn, context),
                    action,
                    context,
                    expected: "allow",
                });
            }
            attempts.push({
                ...base,
                tenant: "(none)",
                name: attemptName(action, role.arn, {}),
                action,
                context: {},
                expected: "deny",
            });
        }
    }
    return attempts;
}
