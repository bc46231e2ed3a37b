/**
 * Who may call the API: every route that is not public refuses a request without a valid access
 * token of the user pool (401) and one without the route's scope (403), before it reads or
 * enqueues anything. Tokens are real RS256 signatures verified against a local JWKS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingKey, signToken, unsignedToken } from "../../runtime/support/jwt";
import { accessToken, CLIENT_ID, ISSUER } from "../support/accessTokens";
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

/** Each route with the scope it needs and a request that would succeed with it. */
const ROUTES = [
    [
        "POST",
        "/tenants",
        "tenants.write",
        { tenantId: "acme", tier: "pooled", adminEmail: "ops@acme.example" },
    ],
    ["GET", "/tenants", "tenants.read", undefined],
    ["GET", "/tenants/initech", "tenants.read", undefined],
    ["POST", "/tenants/acme/tier", "tenants.write", { tier: "premium" }],
    ["POST", "/tenants/acme/suspend", "tenants.write", undefined],
    ["POST", "/tenants/acme/resume", "tenants.write", undefined],
    ["DELETE", "/tenants/acme", "tenants.write", undefined],
    ["GET", "/operations/op-0001", "tenants.read", undefined],
    ["POST", "/fleet/rollouts", "fleet.rollout", {}],
    ["GET", "/fleet/rollouts/op-0001", "fleet.rollout", undefined],
] as const;

const OTHER_SCOPES = ["tenants.read", "tenants.write", "fleet.rollout"];

describe("every protected route", () => {
    it("covers every route of the app but /health and /openapi.json", () => {
        const app = api.app.apiRoutes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`).sort();
        const listed = ROUTES.map(
            ([m, u]) => `${m} ${u.replace(/\/(acme|initech)\b/, "/{id}").replace("/op-0001", "/{id}")}`,
        );

        expect(app).toEqual([...listed, "GET /health", "GET /openapi.json"].sort());
    });

    it.each(ROUTES)(
        "%s %s answers 401 without a token, with a Bearer challenge",
        async (method, url, _scope, payload) => {
            const response = await api.app.inject({
                method,
                url,
                ...(payload === undefined ? {} : { payload }),
            });

            expect(response.statusCode).toBe(401);
            expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
            expect(response.json().detail).toBe(
                "access token refused (missing-token): send Authorization: Bearer <access token of the control plane's user pool>",
            );
        },
    );

    it.each(ROUTES)(
        "%s %s answers 403 to a token with every scope but %s",
        async (method, url, scope, payload) => {
            const token = accessToken(OTHER_SCOPES.filter((s) => s !== scope));

            const response = await api.app.inject({
                method,
                url,
                headers: { authorization: `Bearer ${token}` },
                ...(payload === undefined ? {} : { payload }),
            });

            expect(response.statusCode).toBe(403);
            expect(response.headers["www-authenticate"]).toBe(
                `Bearer error="insufficient_scope", scope="tenant-tiers/${scope}"`,
            );
        },
    );
});

describe("tokens that are not valid access tokens of the pool", () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = signingKey("control-plane-test-key");
    it.each([
        [
            "no signature (alg none)",
            unsignedToken({ client_id: CLIENT_ID, iss: ISSUER, token_use: "access" }),
            "malformed-token",
        ],
        [
            "signed by another key with the same kid",
            signToken(forged, {
                client_id: CLIENT_ID,
                iss: ISSUER,
                token_use: "access",
                scope: "tenant-tiers/tenants.read",
                exp: now + 60,
            }),
            "bad-signature",
        ],
        ["an ID token", accessToken(["tenants.read"], { token_use: "id" }), "wrong-token-use"],
        [
            "another app client",
            accessToken(["tenants.read"], { client_id: "another-client" }),
            "wrong-client",
        ],
        [
            "another user pool",
            accessToken(["tenants.read"], {
                iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other",
            }),
            "wrong-issuer",
        ],
        ["expired", accessToken(["tenants.read"], { exp: now - 10 }), "token-expired"],
        [
            "the scope of another resource server",
            accessToken([], { scope: "other-api/tenants.read" }),
            undefined,
        ],
        ["not a JWT", "not-a-jwt", "malformed-token"],
    ])("%s is refused", async (_what, token, reason) => {
        const response = await api.app.inject({
            method: "GET",
            url: "/tenants",
            headers: { authorization: `Bearer ${token}` },
        });

        expect(response.statusCode).toBe(reason === undefined ? 403 : 401);
        if (reason !== undefined) expect(response.json().detail).toContain(`(${reason})`);
    });

    it("a valid token with the scope is admitted", async () => {
        const response = await api.app.inject({
            method: "GET",
            url: "/tenants",
            headers: { authorization: `Bearer ${accessToken(["tenants.read"])}` },
        });

        expect(response.statusCode).toBe(200);
    });
});

describe("public routes", () => {
    it("GET /health answers 200 without a token", async () => {
        const response = await api.app.inject({ method: "GET", url: "/health" });

        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ status: "ok" });
    });
});
