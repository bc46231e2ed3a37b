import { describe, expect, it } from "vitest";
import { type PlanChecks, planChecksExitCode, renderPlanChecks } from "../../plan/policyCheck";

const clean: PlanChecks = { violations: [], isolation: { attempts: 3, denied: 2, allowed: 1, failures: [] } };
const violation = { policy: "tag-key-casing", stack: "dev", resource: "files", message: "m." };
const failure = {
    tenant: "acme",
    attempt: 'dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"]',
    action: "dynamodb:GetItem",
    resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/t",
    expected: "deny" as const,
    result: "Allowed" as const,
};

describe("the plan's checks", () => {
    it.each<[string, PlanChecks, number]>([
        ["clean", clean, 0],
        ["a violation", { ...clean, violations: [violation] }, 1],
        ["a cross-tenant allow", { ...clean, isolation: { ...clean.isolation, failures: [failure] } }, 1],
    ])("exit code when %s", (_name, checks, code) => {
        expect(planChecksExitCode(checks)).toBe(code);
    });

    it("prints one line per check and one per problem", () => {
        const checks: PlanChecks = {
            violations: [violation],
            isolation: {
                ...clean.isolation,
                failures: [failure, { ...failure, result: "error", detail: "boom" }],
            },
        };
        expect(renderPlanChecks(checks).split("\n")).toEqual([
            "policy pack tenant-guard: 1 violation",
            "  [tag-key-casing] dev/files: m.",
            "isolation proof: 3 attempts, 2 denied, 1 allowed, 2 failures",
            '  tenant acme: expected deny, got Allowed: dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"]',
            '  tenant acme: expected deny, got error: dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"] (boom)',
        ]);
    });
});
