import { describe, expect, it } from "vitest";
import { isTierName, type TierName, tierSpec } from "../../tiers";

describe("tierSpec", () => {
    it("pooled shares everything and has a daily quota", () => {
        // Act
        const spec = tierSpec("pooled");

        // Assert
        expect(spec).toStrictEqual({
            name: "pooled",
            throttle: { rateLimit: 50, burstLimit: 100 },
            dailyQuota: 100_000,
            dedicatedFunction: false,
            reservedConcurrency: undefined,
            dedicatedKey: false,
            siloAllowed: false,
        });
    });

    it("premium gets a dedicated function, key and silo option, and no quota", () => {
        // Act
        const spec = tierSpec("premium");

        // Assert
        expect(spec).toStrictEqual({
            name: "premium",
            throttle: { rateLimit: 500, burstLimit: 1_000 },
            dailyQuota: undefined,
            dedicatedFunction: true,
            reservedConcurrency: 20,
            dedicatedKey: true,
            siloAllowed: true,
        });
    });

    it.each<[TierName]>([["pooled"], ["premium"]])("the %s spec and its throttle are frozen", (tier) => {
        // Act
        const spec = tierSpec(tier);

        // Assert
        expect(Object.isFrozen(spec)).toBe(true);
        expect(Object.isFrozen(spec.throttle)).toBe(true);
    });

    it("throws naming the tier and the allowed tiers for an unknown tier", () => {
        // Act / Assert
        expect(() => tierSpec("gold" as TierName)).toThrow(
            new Error('unknown tier "gold": expected one of pooled, premium'),
        );
    });
});

describe("isTierName", () => {
    it.each<[unknown, boolean]>([
        ["pooled", true],
        ["premium", true],
        ["platform", false],
        ["Pooled", false],
        ["pooled ", false],
        ["", false],
        ["toString", false],
        [undefined, false],
        [null, false],
        [1, false],
        [["pooled"], false],
    ])("isTierName(%j) is %s", (value, expected) => {
        expect(isTierName(value)).toBe(expected);
    });
});
