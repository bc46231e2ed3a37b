import { describe, expect, it } from "vitest";
import { type PlanChecks, planChecksExitCode, renderPlanChecks } from "../../plan/policyCheck";

const clean: PlanChecks = {
    violations: [],
    isolation: {
        attempts: 3,
        denied: 2,
        allowed: 1,
        failures: [],
        coverage: { pairs: 9900, pairsCovered: 9900, simulatedRequests: 2140, documentClasses: 12 },
    },
};
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
            "  pairs covered: 9,900 of 9,900, by 2,140 simulated requests over 12 document classes",
            '  tenant acme: expected deny, got Allowed: dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"]',
            '  tenant acme: expected deny, got error: dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"] (boom)',
        ]);
    });

    it("counts the failures it did not list", () => {
        const checks: PlanChecks = {
            violations: [],
            isolation: { ...clean.isolation, failures: [failure], unlistedFailures: 1234 },
        };
        expect(renderPlanChecks(checks).split("\n")).toEqual([
            "policy pack tenant-guard: 0 violations",
            "isolation proof: 3 attempts, 2 denied, 1 allowed, 1235 failures",
            "  pairs covered: 9,900 of 9,900, by 2,140 simulated requests over 12 document classes",
            '  tenant acme: expected deny, got Allowed: dynamodb:GetItem table/t dynamodb:LeadingKeys=["acme2"]',
            "  ... and 1,234 more failures, not listed",
        ]);
        expect(planChecksExitCode(checks)).toBe(1);
    });
});
