/**
 * The tenant-id rule, copied from the program's `tiers/tenantId.ts` so the pack stays a folder of its
 * own when it is published. A test asserts that both implementations agree on a table of ids.
 */

const TENANT_ID_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$/;

/** Ids that name something other than a tenant (`platform` is the tag value of shared resources). */
export const RESERVED_TENANT_IDS: readonly string[] = Object.freeze([
    "platform",
    "shared",
    "pooled",
    "premium",
    "admin",
    "root",
    "system",
    "tenant",
    "tenants",
    "default",
    "all",
    "none",
    "null",
    "undefined",
    "aws",
    "amazon",
]);

export const TENANT_ID_RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";

/** Why `value` is not a tenant id, or `undefined` when it is one. */
export function tenantIdProblem(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return `expected a string, ${TENANT_ID_RULE}`;
    }
    if (value.length === 0) {
        return `it is empty; ${TENANT_ID_RULE}`;
    }
    if (!TENANT_ID_PATTERN.test(value)) {
        return TENANT_ID_RULE;
    }
    if (RESERVED_TENANT_IDS.includes(value)) {
        return `"${value}" is reserved (reserved ids: ${RESERVED_TENANT_IDS.join(", ")})`;
    }
    return undefined;
}
