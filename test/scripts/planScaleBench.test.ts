import { describe, expect, it } from "vitest";
import { tenantSpecsFromOptions } from "../../plan/sampleTenants";
import { planScaleCases } from "../../scripts/planScaleBench";

describe("plan-scale bench", () => {
    it("plans 10, 100 and 1,000 pooled tenants and a mix, all valid --tenant values", () => {
        const cases = planScaleCases();

        expect(cases.map((c) => [c.label, c.tenants.length])).toEqual([
            ["10 pooled", 10],
            ["100 pooled", 100],
            ["1,000 pooled", 1000],
            ["1,000 pooled + 50 premium + 10 silo", 1060],
        ]);
        const mix = tenantSpecsFromOptions(cases[3]?.tenants ?? [], "dev");
        expect(mix.map((s) => s.tenantId).slice(998, 1001)).toEqual(["t0999x", "t1000x", "p0001x"]);
        expect(mix.filter((s) => s.tier === "premium" && s.silo === undefined)).toHaveLength(50);
        expect(mix.filter((s) => s.silo !== undefined).map((s) => s.silo?.accountId)).toEqual(
            Array.from({ length: 10 }, (_, i) => String(200000000001 + i)),
        );
    });
});
