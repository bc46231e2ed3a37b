import type { LifecycleDeps } from "./context";
import { changeStatus, type TenantInput } from "./statusChange";
import type { LifecycleResult } from "./tenant";

/** Reactivates a suspended tenant: its registry entry says `active` again (an `up`). A no-op for an active tenant. */
export function resume(input: TenantInput, deps: LifecycleDeps): Promise<LifecycleResult> {
    return changeStatus("resume", input, deps);
}
