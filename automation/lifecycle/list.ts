/**
 * `list`: the tenant stacks of an environment (`<env>-*` in the tenant project), with the tenant
 * id each name carries. Stacks whose names do not end in a valid tenant id are skipped.
 */
import { isTenantId } from "../../tiers/tenantId";
import { checkDeps, type LifecycleDeps } from "./context";
import { InvalidLifecycleInputError } from "./errors";
import { ENVIRONMENT_RULE } from "./tenant";
import type { TenantStackSummary } from "./workspace";

export interface TenantListEntry extends TenantStackSummary {
    readonly tenantId: string;
}

const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;

export async function list(
    input: { readonly environment: string },
    deps: LifecycleDeps,
): Promise<TenantListEntry[]> {
    checkDeps(deps);
    const { environment } = input;
    if (!ENVIRONMENT.test(environment))
        throw new InvalidLifecycleInputError("environment", environment, ENVIRONMENT_RULE);
    const prefix = `${environment}-`;
    const entries: TenantListEntry[] = [];
    for (const stack of await deps.workspaces.listStacks()) {
        // The backend may qualify names (`org/project/stack`); the tenant is in the last part.
        const name = stack.name.split("/").pop() ?? stack.name;
        const tenantId = name.slice(prefix.length);
        if (name.startsWith(prefix) && isTenantId(tenantId)) entries.push({ ...stack, name, tenantId });
    }
    return entries.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}
