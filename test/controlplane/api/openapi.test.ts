/** The OpenAPI document served at /openapi.json lists exactly the app's routes, each with its scope. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiFixture, apiFixture } from "../support/apiFixture";
import { type LocalAws, startLocalAws } from "../support/localAws";

let aws: LocalAws;
let api: ApiFixture;
beforeAll(async () => {
    aws = await startLocalAws();
    api = await apiFixture(aws);
});
afterAll(async () => {
    await aws?.close();
});

interface Operation {
    readonly security?: { cognito: string[] }[];
    readonly responses: Record<string, unknown>;
    readonly requestBody?: unknown;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

async function document(): Promise<Document> {
    const response = await api.app.inject({ method: "GET", url: "/openapi.json" });
    expect(response.statusCode).toBe(200);
    return response.json<Document>();
}

describe("GET /openapi.json", () => {
    it("lists every route of the app but the public two, and nothing else", async () => {
        const doc = await document();
        const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
            Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
        );
        const served = api.app.apiRoutes
            .filter((r) => r.url !== "/health" && r.url !== "/openapi.json")
            .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`);

        expect(doc.openapi).toBe("3.1.0");
        expect(documented.sort()).toEqual(served.sort());
        expect(documented).toHaveLength(10);
    });

    it("marks every documented route as needing the Cognito token, with 401 and 403 answers", async () => {
        const doc = await document();

        for (const [p, ops] of Object.entries(doc.paths)) {
            for (const [m, op] of Object.entries(ops)) {
                expect({ route: `${m} ${p}`, security: op.security }).toEqual({
                    route: `${m} ${p}`,
                    security: [{ cognito: [] }],
                });
                expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403"]));
            }
        }
    });

    it("documents the writes as 202 and the signup body's required fields", async () => {
        const doc = await document();
        const signup = doc.paths["/tenants"]?.post as Operation & {
            requestBody: { content: { "application/json": { schema: { required: string[] } } } };
        };

        expect(Object.keys(signup.responses).sort()).toEqual(["202", "400", "401", "403", "409", "422"]);
        expect(signup.requestBody.content["application/json"].schema.required).toEqual([
            "tenantId",
            "tier",
            "adminEmail",
        ]);
    });
});
