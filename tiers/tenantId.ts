/**
 * The one tenant-id rule. Every edge (stack config, CLI, library) validates with this module, so
 * the id that reaches S3 prefixes, IAM policy variables, session names and stack names is always
 * one that none of them can misread.
 */

/** Lowercase letters, digits and single hyphens; 3-32 characters; starts with a letter; no trailing hyphen. */
const TENANT_ID_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$/;

/** Shortest and longest tenant ids. */
export const TENANT_ID_MIN_LENGTH = 3;
export const TENANT_ID_MAX_LENGTH = 32;

/**
 * Ids that name something other than a tenant. `platform` is the `TenantId` tag value of shared
 * resources; the others are path or stack words an operator could confuse with a tenant.
 */
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

/** The rule, in the words every error message uses. */
export const TENANT_ID_RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";

/** A validated tenant id (a branded string, so unvalidated strings do not type-check where one is needed). */
export type TenantId = string & { readonly __brand: "TenantId" };

/** Thrown for an id that breaks the rule; the message names the value and the rule. */
export class InvalidTenantIdError extends Error {
    override readonly name = "InvalidTenantIdError";
    constructor(
        readonly value: unknown,
        readonly reason: string,
    ) {
        super(`tenant id ${JSON.stringify(value)} is invalid: ${reason}`);
    }
}

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

/** True when `value` is a valid tenant id. */
export function isTenantId(value: unknown): value is TenantId {
    return tenantIdProblem(value) === undefined;
}

/** Returns `value` as a {@link TenantId}, or throws {@link InvalidTenantIdError} naming the rule. */
export function parseTenantId(value: unknown): TenantId {
    const problem = tenantIdProblem(value);
    if (problem !== undefined) {
        throw new InvalidTenantIdError(value, problem);
    }
    return value as TenantId;
}
