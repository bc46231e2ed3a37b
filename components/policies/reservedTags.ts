import { RESERVED_TENANT_IDS } from "../../tiers/tenantId";

/**
 * A condition refusing the reserved tenant ids (`platform`, the tag every shared resource carries,
 * among them) as the value of a `TenantId` tag at `key` (`aws:RequestTag/TenantId` when a session
 * is tagged, `aws:ResourceTag/TenantId` when a key is chosen by its tag). A session tagged
 * `platform` could otherwise reach the platform's own key as if it were a tenant's.
 */
export function notReservedTenant(key: string): { StringNotEquals: Record<string, string[]> } {
    return { StringNotEquals: { [key]: [...RESERVED_TENANT_IDS] } };
}
