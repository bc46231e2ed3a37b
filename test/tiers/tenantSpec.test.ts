import { describe, expect, it } from "vitest";
import {
    DEFAULT_BOOTSTRAP_ROLE_NAME,
    InvalidTenantSpecError,
    parseTenantSpec,
    TENANT_SPEC_RULES,
} from "../../tiers/tenantSpec";

const VALID = {
    tenantId: "acme",
    tier: "pooled",
    environment: "dev",
    adminEmail: "admin@acme.example.com",
    createdAt: "2026-01-31T12:00:00Z",
};
const SILO = { accountId: "111122223333", organizationId: "o-a1b2c3d4e5" };
const ID_RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";

/** The one problem a spec has, as `field = value: rule`. */
function problemOf(input: unknown): string {
    try {
        parseTenantSpec(input);
    } catch (err) {
        if (err instanceof InvalidTenantSpecError) {
            return err.problems
                .map((p) => `${p.field} = ${JSON.stringify(p.value)}: ${p.message}`)
                .join("\n");
        }
        throw err;
    }
    throw new Error("expected the spec to be rejected");
}

describe("parseTenantSpec", () => {
    it("accepts a pooled spec and fills in the defaults", () => {
        // Act
        const spec = parseTenantSpec(VALID);

        // Assert
        expect(spec).toEqual({ ...VALID, status: "active", silo: undefined });
        expect(Object.isFrozen(spec)).toBe(true);
    });

    it("accepts a premium spec with a silo account and the default bootstrap role", () => {
        // Act
        const spec = parseTenantSpec({ ...VALID, tier: "premium", status: "suspended", silo: SILO });

        // Assert
        expect(spec.silo).toEqual({ ...SILO, bootstrapRoleName: DEFAULT_BOOTSTRAP_ROLE_NAME });
        expect(spec.silo?.bootstrapRoleName).toBe("tenant-tiers-bootstrap");
        expect(spec.status).toBe("suspended");
    });

    it.each([["2026-01-31T12:00:00.123Z"], ["2024-02-29T00:00:00Z"]])(
        "accepts the signup time %s",
        (createdAt) => {
            expect(parseTenantSpec({ ...VALID, createdAt }).createdAt).toBe(createdAt);
        },
    );

    it.each<[string, Record<string, unknown>, string]>([
        ["an uppercase tenant id", { tenantId: "Acme" }, `tenantId = "Acme": ${ID_RULE}`],
        ["a tenant id with a slash", { tenantId: "a/b" }, `tenantId = "a/b": ${ID_RULE}`],
        ["a tenant id with a wildcard", { tenantId: "acme*" }, `tenantId = "acme*": ${ID_RULE}`],
        [
            "a reserved tenant id",
            { tenantId: "platform" },
            'tenantId = "platform": "platform" is reserved (reserved ids: platform, shared, pooled, premium, admin, root, system, tenant, tenants, default, all, none, null, undefined, aws, amazon)',
        ],
        [
            "a missing tenant id",
            { tenantId: undefined },
            `tenantId = undefined: expected a string, ${ID_RULE}`,
        ],
        ["an unknown tier", { tier: "gold" }, 'tier = "gold": expected one of pooled, premium'],
        ["a tier in capitals", { tier: "Premium" }, 'tier = "Premium": expected one of pooled, premium'],
        [
            "an environment with capitals",
            { environment: "Prod" },
            'environment = "Prod": expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)',
        ],
        [
            "an environment that is too long",
            { environment: "development1" },
            'environment = "development1": expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)',
        ],
        [
            "an admin email without a domain",
            { adminEmail: "admin@acme" },
            'adminEmail = "admin@acme": expected an email address such as admin@example.com (at most 254 characters)',
        ],
        [
            "an admin email with a space",
            { adminEmail: "ad min@acme.example.com" },
            'adminEmail = "ad min@acme.example.com": expected an email address such as admin@example.com (at most 254 characters)',
        ],
        [
            "a local signup time",
            { createdAt: "2026-01-31T12:00:00+01:00" },
            `createdAt = "2026-01-31T12:00:00+01:00": ${TENANT_SPEC_RULES.createdAt}`,
        ],
        [
            "a date that does not exist",
            { createdAt: "2026-02-30T00:00:00Z" },
            `createdAt = "2026-02-30T00:00:00Z": ${TENANT_SPEC_RULES.createdAt}`,
        ],
        [
            "a missing signup time",
            { createdAt: undefined },
            `createdAt = undefined: ${TENANT_SPEC_RULES.createdAt}`,
        ],
        [
            "an unknown status",
            { status: "paused" },
            'status = "paused": expected one of active, suspended, offboarded',
        ],
        [
            "a silo for a pooled tenant",
            { silo: SILO },
            `silo = ${JSON.stringify(SILO)}: this tier does not allow a silo account (a premium option): set tier to premium or remove silo`,
        ],
        [
            "a silo account id with 11 digits",
            { tier: "premium", silo: { ...SILO, accountId: "11112222333" } },
            'silo.accountId = "11112222333": expected a 12-digit AWS account id',
        ],
        [
            "a silo account id given as a number",
            { tier: "premium", silo: { ...SILO, accountId: 111122223333 } },
            "silo.accountId = 111122223333: expected a 12-digit AWS account id",
        ],
        [
            "an organization id without the o- prefix",
            { tier: "premium", silo: { ...SILO, organizationId: "a1b2c3d4e5" } },
            'silo.organizationId = "a1b2c3d4e5": expected an AWS Organizations id such as o-a1b2c3d4e5',
        ],
        [
            "a bootstrap role name with a colon",
            { tier: "premium", silo: { ...SILO, bootstrapRoleName: "role:x" } },
            'silo.bootstrapRoleName = "role:x": expected an IAM role name: 1-64 letters, digits or +=,.@_-',
        ],
        [
            "a silo that is not an object",
            { tier: "premium", silo: "111122223333" },
            'silo = "111122223333": expected an object with accountId, organizationId and optionally bootstrapRoleName',
        ],
        [
            "an unknown field",
            { teir: "premium" },
            'teir = "premium": unknown field; known fields: tenantId, tier, environment, adminEmail, createdAt, status, silo',
        ],
        [
            "an unknown silo field",
            { tier: "premium", silo: { ...SILO, externalId: "x" } },
            'silo.externalId = "x": unknown field; known fields: accountId, organizationId, bootstrapRoleName',
        ],
    ])("rejects %s, naming the field, the value and the rule", (_name, change, message) => {
        expect(problemOf({ ...VALID, ...change })).toBe(message);
    });

    it("lists every problem at once in the error message", () => {
        // Act
        const act = () => parseTenantSpec({ ...VALID, tenantId: "Acme", tier: "gold" });

        // Assert
        expect(act).toThrow(InvalidTenantSpecError);
        expect(act).toThrow(
            `tenant spec is invalid:\n  - tenantId = "Acme": ${ID_RULE}\n  - tier = "gold": expected one of pooled, premium`,
        );
    });

    it.each([[null], ["acme"], [["acme", "pooled"]]])("rejects %j, which is not an object", (input) => {
        expect(() => parseTenantSpec(input)).toThrow(
            `tenant spec is invalid:\n  - (spec) = ${JSON.stringify(input)}: expected an object with tenantId, tier, environment, adminEmail and createdAt`,
        );
    });
});
