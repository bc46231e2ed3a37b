/**
 * `npm run control-plane:dev` end to end on the real engine: a tenant signed up, moved to premium,
 * suspended, resumed and offboarded over HTTP, with a token from the dev issuer, through moto's SQS
 * FIFO queue and DynamoDB table, one worker running the lifecycle on LocalWorkspace and the real
 * `pulumi` with the aws provider double.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevControlPlane, startDevControlPlane } from "../../controlplane/local/devControlPlane";

describe("the control plane's dev runner", () => {
    let dev: DevControlPlane;
    let token: string;

    beforeAll(async () => {
        process.env.TENANT_TIERS_CONTROL_PLANE_DEV = "1";
        dev = await startDevControlPlane({ port: 0, log: () => undefined });
        const response = await fetch(dev.tokenUrl, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "grant_type=client_credentials",
        });
        token = ((await response.json()) as { access_token: string }).access_token;
    });
    afterAll(async () => {
        await dev?.close();
    });

    const call = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${dev.apiUrl}${path}`, {
            method,
            headers: {
                authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return {
            status: response.status,
            location: response.headers.get("location"),
            body: (await response.json()) as Record<string, unknown>,
        };
    };

    /** Waits for the operation at `location` to end; returns its record. */
    const finished = async (location: string | null) => {
        const deadline = Date.now() + 240_000;
        for (;;) {
            const { body } = await call("GET", location ?? "");
            if (body.status === "succeeded" || body.status === "failed") return body;
            if (Date.now() > deadline) throw new Error(`operation ${location} still ${String(body.status)}`);
            await new Promise((r) => setTimeout(r, 500));
        }
    };

    it("refuses to start without the explicit dev flag", async () => {
        delete process.env.TENANT_TIERS_CONTROL_PLANE_DEV;
        try {
            await expect(startDevControlPlane({ port: 0 })).rejects.toThrow(
                /^refusing to start the development control plane: it runs a local token issuer/,
            );
        } finally {
            process.env.TENANT_TIERS_CONTROL_PLANE_DEV = "1";
        }
    });

    it("signs a tenant up over HTTP: the worker deploys its stack on the engine", async () => {
        const accepted = await call("POST", "/tenants", {
            tenantId: "acme",
            tier: "pooled",
            adminEmail: "ops@acme.example",
        });
        expect(accepted.status).toBe(202);

        const record = await finished(accepted.location);

        expect(record.status).toBe("succeeded");
        expect(record.result).toMatchObject({
            operation: "signup",
            tenantId: "acme",
            outcome: "created",
            tier: "pooled",
            status: "active",
        });
        const tenant = await call("GET", "/tenants/acme");
        expect(tenant.status).toBe(200);
        expect(tenant.body).toMatchObject({
            tenantId: "acme",
            stackName: "dev-acme",
            tier: "pooled",
            state: "active",
        });
        expect((await call("GET", "/tenants")).body.tenants).toMatchObject([
            { tenantId: "acme", name: "dev-acme" },
        ]);
    });

    it("moves it to premium, suspends, resumes and offboards it over HTTP", async () => {
        const steps = [
            [
                "POST",
                "/tenants/acme/tier",
                // No traffic reaches this tenant: no need to wait out the authorizer's caches.
                { tier: "premium", settleSeconds: 0 },
                { operation: "change-tier", tier: "premium", status: "active" },
            ],
            ["POST", "/tenants/acme/suspend", undefined, { operation: "suspend", status: "suspended" }],
            ["POST", "/tenants/acme/resume", undefined, { operation: "resume", status: "active" }],
            ["DELETE", "/tenants/acme", undefined, { operation: "offboard", outcome: "removed" }],
        ] as const;
        for (const [method, path, body, result] of steps) {
            const accepted = await call(method, path, body);
            expect(accepted.status).toBe(202);
            const record = await finished(accepted.location);
            expect({ path, status: record.status, error: record.error }).toEqual({
                path,
                status: "succeeded",
                error: undefined,
            });
            expect(record.result).toMatchObject(result);
        }
        expect((await call("GET", "/tenants/acme")).status).toBe(404);
    });
});
