import { describe, expect, it } from "vitest";
import {
    InvalidTenantIdError,
    isTenantId,
    parseTenantId,
    RESERVED_TENANT_IDS,
    TENANT_ID_RULE,
} from "../../tiers/tenantId";

const ID_32 = `a${"b".repeat(30)}9`;
const ID_33 = `a${"b".repeat(31)}9`;
const RESERVED = `(reserved ids: ${RESERVED_TENANT_IDS.join(", ")})`;

describe("valid tenant ids", () => {
    it.each([["acme"], ["a12"], ["acme-2"], ["a-b-c"], [ID_32], ["abc"]])("%j is accepted", (value) => {
        // Act
        const parsed = parseTenantId(value);

        // Assert
        expect(parsed).toBe(value);
        expect(isTenantId(value)).toBe(true);
    });

    it("the 32-character fixture really has 32 characters", () => {
        expect(ID_32).toHaveLength(32);
        expect(ID_33).toHaveLength(33);
    });
});

describe("invalid tenant ids", () => {
    it.each<[string, unknown, string]>([
        ["uppercase", "Acme", `tenant id "Acme" is invalid: ${TENANT_ID_RULE}`],
        ["IAM wildcard", "acme*", `tenant id "acme*" is invalid: ${TENANT_ID_RULE}`],
        ["S3 path separator", "a/b", `tenant id "a/b" is invalid: ${TENANT_ID_RULE}`],
        ["trailing hyphen", "acme-", `tenant id "acme-" is invalid: ${TENANT_ID_RULE}`],
        ["too short", "ac", `tenant id "ac" is invalid: ${TENANT_ID_RULE}`],
        ["double hyphen", "a--b", `tenant id "a--b" is invalid: ${TENANT_ID_RULE}`],
        ["33 characters", ID_33, `tenant id "${ID_33}" is invalid: ${TENANT_ID_RULE}`],
        [
            "reserved platform",
            "platform",
            `tenant id "platform" is invalid: "platform" is reserved ${RESERVED}`,
        ],
        ["reserved shared", "shared", `tenant id "shared" is invalid: "shared" is reserved ${RESERVED}`],
        ["Cyrillic a (U+0430)", "\u0430cme", `tenant id "\u0430cme" is invalid: ${TENANT_ID_RULE}`],
        ["fullwidth a (U+FF41)", "\uff41cme", `tenant id "\uff41cme" is invalid: ${TENANT_ID_RULE}`],
        ["accented e", "acm\u00e9", `tenant id "acm\u00e9" is invalid: ${TENANT_ID_RULE}`],
        ["empty string", "", `tenant id "" is invalid: it is empty; ${TENANT_ID_RULE}`],
        ["leading digit", "1acme", `tenant id "1acme" is invalid: ${TENANT_ID_RULE}`],
        ["leading hyphen", "-acme", `tenant id "-acme" is invalid: ${TENANT_ID_RULE}`],
        ["underscore", "acme_2", `tenant id "acme_2" is invalid: ${TENANT_ID_RULE}`],
        ["session-name colon", "acme:2", `tenant id "acme:2" is invalid: ${TENANT_ID_RULE}`],
        ["space", "acme 2", `tenant id "acme 2" is invalid: ${TENANT_ID_RULE}`],
        ["IAM variable dollar", "acme$", `tenant id "acme$" is invalid: ${TENANT_ID_RULE}`],
        [
            "IAM policy variable",
            "${aws:PrincipalTag/TenantId}",
            `tenant id "\${aws:PrincipalTag/TenantId}" is invalid: ${TENANT_ID_RULE}`,
        ],
        ["trailing newline", "acme\n", `tenant id "acme\\n" is invalid: ${TENANT_ID_RULE}`],
        ["undefined", undefined, `tenant id undefined is invalid: expected a string, ${TENANT_ID_RULE}`],
        ["number", 42, `tenant id 42 is invalid: expected a string, ${TENANT_ID_RULE}`],
        ["null", null, `tenant id null is invalid: expected a string, ${TENANT_ID_RULE}`],
    ])("%s (%j) is rejected", (_case, value, message) => {
        // Act
        let thrown: unknown;
        try {
            parseTenantId(value);
        } catch (err) {
            thrown = err;
        }

        // Assert
        expect(thrown).toBeInstanceOf(InvalidTenantIdError);
        const err = thrown as InvalidTenantIdError;
        expect(err.message).toBe(message);
        expect(err.name).toBe("InvalidTenantIdError");
        expect(err.value).toBe(value);
        expect(isTenantId(value)).toBe(false);
    });
});
