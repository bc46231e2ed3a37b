import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { handler } from "../../runtime/authorizer";

describe("placeholder authorizer", () => {
    it("denies every request, whatever it carries", async () => {
        const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
        const methodArn = "arn:aws:execute-api:eu-west-1:123456789012:api/dev/GET/items";
        const result = await handler({
            type: "REQUEST",
            methodArn,
            headers: { Authorization: "Bearer eyJhbGciOi.fake.token", "X-Amz-Tenant-Id": "acme" },
        } as unknown as APIGatewayRequestAuthorizerEvent);
        expect(result).toEqual({
            principalId: "anonymous",
            policyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Deny", Action: "execute-api:Invoke", Resource: methodArn }],
            },
        });
        expect(log).toHaveBeenCalledWith(
            JSON.stringify({ level: "WARN", message: "request denied", reason: "authorizer-not-configured" }),
        );
        expect(JSON.stringify(log.mock.calls)).not.toContain("eyJhbGciOi");
        log.mockRestore();
    });
});
