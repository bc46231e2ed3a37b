import type { APIGatewayProxyEvent } from "aws-lambda";
import { beforeEach, describe, expect, it } from "vitest";
import { handler, resetEnvironmentTenantForTests, type TenantContext } from "../../runtime/handler";

const event = { httpMethod: "GET", resource: "/items" } as APIGatewayProxyEvent;
const contextFor = (tenantId: string | undefined) => ({ tenantId }) as TenantContext;

describe("pooled handler", () => {
    beforeEach(() => resetEnvironmentTenantForTests());

    it("answers for the tenant Lambda names in the context", async () => {
        const result = await handler(event, contextFor("acme"));
        expect(result).toEqual({
            statusCode: 200,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ tenantId: "acme", method: "GET", resource: "/items" }),
        });
    });

    it.each([undefined, ""])("refuses an invocation without a tenant id (%j)", async (tenantId) => {
        await expect(handler(event, contextFor(tenantId))).rejects.toThrow(
            "invocation has no tenant id: the function must run with PER_TENANT isolation",
        );
    });

    it("fails loudly when one execution environment sees a second tenant", async () => {
        await handler(event, contextFor("acme"));
        await expect(handler(event, contextFor("globex"))).rejects.toThrow(
            'execution environment of tenant "acme" received tenant "globex": the function is not in PER_TENANT mode',
        );
        await expect(handler(event, contextFor("acme"))).resolves.toMatchObject({ statusCode: 200 });
    });

    it("ignores any tenant a client puts in headers", async () => {
        const spoofed = { ...event, headers: { "X-Amz-Tenant-Id": "globex", "x-tenant-id": "globex" } };
        const result = await handler(spoofed, contextFor("acme"));
        expect(JSON.parse(result.body).tenantId).toBe("acme");
    });
});
