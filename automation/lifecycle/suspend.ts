import type { LifecycleDeps } from "./context";
import { changeStatus, type TenantInput } from "./statusChange";
import type { LifecycleResult } from "./tenant";

/**
 * Suspends a tenant: its registry entry says `suspended` (an `up`), so the authorizer refuses its
 * callers within a minute. Its resources and data stay. A no-op for a suspended tenant.
 */
export function suspend(input: TenantInput, deps: LifecycleDeps): Promise<LifecycleResult> {
    return changeStatus("suspend", input, deps);
}
