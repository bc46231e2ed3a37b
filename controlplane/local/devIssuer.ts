/**
 * DEVELOPMENT ONLY: a local stand-in for the Cognito token endpoint, so a developer can call the
 * control plane on this machine. It makes an RSA key pair at start, signs Cognito-shaped access
 * tokens (client credentials grant) for a fake user pool, and hands the API a verifier whose JWKS
 * cache holds the public key. The API still verifies every token with aws-jwt-verify: signature,
 * issuer, client, token use, expiry, scope. Nothing here is used by the deployed containers.
 */
import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Jwks } from "aws-jwt-verify/jwk";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { API_SCOPES, AccessTokenVerifier } from "../api/accessToken";

// A pool id of the shape aws-jwt-verify accepts; no such pool exists, and only the local key verifies.
export const DEV_USER_POOL_ID = "eu-west-1_LocalDevPool";
export const DEV_CLIENT_ID = "local-dev-client";
export const DEV_RESOURCE_SERVER = "tenant-tiers";
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${DEV_USER_POOL_ID}`;

export interface DevIssuer {
    readonly verifier: AccessTokenVerifier;
    /** An access token with `scopes` (all of the API's by default), valid for an hour. */
    token(scopes?: readonly string[]): string;
    /** Serves `POST /oauth2/token` (grant_type=client_credentials) on 127.0.0.1; returns its URL. */
    listen(port?: number): Promise<string>;
    close(): Promise<void>;
}

export function devIssuer(): DevIssuer {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = `local-dev-${randomUUID()}`;
    const exported = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
    const jwks: Jwks = {
        keys: [{ kty: exported.kty, n: exported.n, e: exported.e, kid, alg: "RS256", use: "sig" }],
    };
    const jwksCache = new SimpleJwksCache({
        fetcher: { fetch: async () => new TextEncoder().encode(JSON.stringify(jwks)).buffer },
    });
    const verifier = new AccessTokenVerifier({
        userPoolId: DEV_USER_POOL_ID,
        clientIds: [DEV_CLIENT_ID],
        resourceServer: DEV_RESOURCE_SERVER,
        jwksCache,
    });
    verifier.cacheJwks(jwks);
    const b64 = (value: string) => Buffer.from(value).toString("base64url");
    const token = (scopes: readonly string[] = API_SCOPES) => {
        const now = Math.floor(Date.now() / 1000);
        const head = b64(JSON.stringify({ alg: "RS256", kid, typ: "JWT" }));
        const body = b64(
            JSON.stringify({
                sub: DEV_CLIENT_ID,
                client_id: DEV_CLIENT_ID,
                iss: ISSUER,
                token_use: "access",
                scope: scopes.map((s) => `${DEV_RESOURCE_SERVER}/${s}`).join(" "),
                auth_time: now,
                iat: now,
                exp: now + 3600,
                jti: randomUUID(),
                version: 2,
            }),
        );
        const signature = createSign("RSA-SHA256")
            .update(`${head}.${body}`)
            .sign(privateKey)
            .toString("base64url");
        return `${head}.${body}.${signature}`;
    };
    const server = http.createServer((request, response) => {
        let text = "";
        request.on("data", (c: Buffer) => (text += c.toString()));
        request.on("end", () => {
            const form = new URLSearchParams(text);
            if (
                request.method !== "POST" ||
                request.url !== "/oauth2/token" ||
                form.get("grant_type") !== "client_credentials"
            ) {
                response.writeHead(400, { "content-type": "application/json" });
                response.end(JSON.stringify({ error: "unsupported_grant_type" }));
                return;
            }
            const asked = (form.get("scope") ?? "").split(" ").filter((s) => s !== "");
            const scopes =
                asked.length === 0
                    ? [...API_SCOPES]
                    : asked.map((s) => s.replace(`${DEV_RESOURCE_SERVER}/`, ""));
            response.writeHead(200, { "content-type": "application/json" });
            response.end(
                JSON.stringify({ access_token: token(scopes), token_type: "Bearer", expires_in: 3600 }),
            );
        });
    });
    return {
        verifier,
        token,
        listen: (port = 0) =>
            new Promise((resolve) =>
                server.listen(port, "127.0.0.1", () =>
                    resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`),
                ),
            ),
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
