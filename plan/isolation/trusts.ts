/** Trusts: the tenant access role is assumed by its trusted callers only with a TenantId session tag. */
import { type PlannedRole, trustedRoles } from "./access";
import { accountOf, type Attempt, attemptName, sessionArn } from "./attempt";
import { RESERVED_TENANT_IDS } from "../../tiers/tenantId";
import type { SimulationContext } from "./simulation";

function attemptsOfCallers(
    role: PlannedRole,
    roles: readonly PlannedRole[],
    tenant: string | undefined,
    expected: "allow" | "deny" = tenant === undefined ? "deny" : "allow",
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
            const context: SimulationContext =
                tenant === undefined
                    ? {}
                    : {
                          "aws:RequestTag/TenantId": tenant,
                          "aws:TagKeys": ["TenantId"],
                          "sts:TransitiveTagKeys": ["TenantId"],
                      };
            attempts.push({
                ...base,
                tenant: tenant ?? "(none)",
                name: attemptName(action, role.arn, context),
                action,
                context,
                expected,
            });
        }
    }
    return attempts;
}

/** Assuming the tenant access role for `tenant`: allowed to its trusted callers with the TenantId tag. */
export function trustAttempts(role: PlannedRole, roles: readonly PlannedRole[], tenant: string): Attempt[] {
    return attemptsOfCallers(role, roles, tenant);
}

/** Assuming the tenant access role without a TenantId tag: denied to every trusted caller. */
export function taglessTrustAttempts(role: PlannedRole, roles: readonly PlannedRole[]): Attempt[] {
    return attemptsOfCallers(role, roles, undefined);
}

/**
 * Assuming the tenant access role with a reserved id as the tag (`platform`, the tag of every shared
 * resource, among them): denied to every trusted caller.
 */
export function reservedTrustAttempts(role: PlannedRole, roles: readonly PlannedRole[]): Attempt[] {
    return RESERVED_TENANT_IDS.flatMap((reserved) => attemptsOfCallers(role, roles, reserved, "deny"));
}
