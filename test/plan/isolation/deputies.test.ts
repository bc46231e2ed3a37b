import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedStack } from "../../../plan/mockRuntime";
import { deputyAttempts, FOREIGN_ACCOUNT_ID, plannedPermissions } from "../../../plan/isolation/deputies";
import { proveIsolation } from "../../../plan/isolation/proof";
import { planPlatformStack } from "../../../plan/platform";

let platform: PlannedStack;

beforeAll(async () => {
    platform = await planPlatformStack("dev");
});

const API = "arn:aws:execute-api:eu-west-1:123456789012:platform-api-rest-api-id";

function withPermission(name: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>) {
    return {
        ...platform,
        resources: platform.resources.map((r) => (r.name === name ? { ...r, inputs: change(r.inputs) } : r)),
    };
}

describe("confused deputies in the isolation proof", () => {
    it("finds every lambda.Permission of the platform, each pinned to its API's ARN", () => {
        const permissions = plannedPermissions([platform]);

        expect(permissions.map((p) => [p.name, p.principal, p.sourceArn, p.functionArn])).toEqual([
            [
                "platform-api-tenant-function-invoke",
                "apigateway.amazonaws.com",
                `${API}/dev/*/*`,
                "arn:aws:lambda:eu-west-1:123456789012:function:platform-pooled-function",
            ],
            [
                "platform-api-authorizer-invoke",
                "apigateway.amazonaws.com",
                `${API}/authorizers/platform-api-authorizer-id`,
                "arn:aws:lambda:eu-west-1:123456789012:function:platform-authorizer-function",
            ],
        ]);
    });

    it("lets API Gateway act for the real source only: not for the same API in another account, nor another API", () => {
        const attempts = deputyAttempts([platform]).filter((a) =>
            a.resource.endsWith(":platform-pooled-function"),
        );

        expect(
            attempts.map((a) => [a.context["aws:SourceArn"], a.context["aws:SourceAccount"], a.expected]),
        ).toEqual([
            [`${API}/dev/probe/probe`, "123456789012", "allow"],
            [
                `arn:aws:execute-api:eu-west-1:${FOREIGN_ACCOUNT_ID}:platform-api-rest-api-id/dev/probe/probe`,
                FOREIGN_ACCOUNT_ID,
                "deny",
            ],
            [`${API}-other/dev/probe/probe`, "123456789012", "deny"],
        ]);
    });

    it("passes over the plan as it is", async () => {
        const report = await proveIsolation([platform]);

        expect(report.failures).toEqual([]);
    });

    it("fails when the pooled function's permission loses its source ARN: any API of any account may invoke it", async () => {
        const broken = withPermission("platform-api-tenant-function-invoke", (inputs) =>
            Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== "sourceArn")),
        );

        const report = await proveIsolation([broken]);

        expect(report.failures).toEqual([
            {
                tenant: "(none)",
                attempt: `apigateway.amazonaws.com for arn:aws:execute-api:us-east-1:${FOREIGN_ACCOUNT_ID}:foreign/*: lambda:InvokeFunction function:platform-pooled-function`,
                action: "lambda:InvokeFunction",
                resource: "arn:aws:lambda:eu-west-1:123456789012:function:platform-pooled-function",
                expected: "deny",
                result: "Allowed",
            },
        ]);
    });

    it("fails when the authorizer's permission names every API of the account", async () => {
        const broken = withPermission("platform-api-authorizer-invoke", (inputs) => ({
            ...inputs,
            sourceArn: "arn:aws:execute-api:eu-west-1:123456789012:*",
        }));

        const report = await proveIsolation([broken]);

        expect(report.failures.map((f) => [f.attempt, f.result])).toEqual([
            [
                "apigateway.amazonaws.com for arn:aws:execute-api:eu-west-1:123456789012:probe-other: lambda:InvokeFunction function:platform-authorizer-function",
                "Allowed",
            ],
        ]);
    });
});
