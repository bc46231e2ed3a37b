/**
 * A local RSA key set standing in for the user pool's JWKS, and a signer for Cognito-shaped
 * tokens: the authorizer tests verify real signatures offline (`cacheJwks` plus a fetcher that
 * serves the same key set, so an unknown `kid` is looked up without any network).
 */
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import type { Jwk, Jwks } from "aws-jwt-verify/jwk";

export const REGION = "eu-west-1";
export const USER_POOL_ID = "eu-west-1_TestPool1";
export const CLIENT_ID = "1example23456789abcdefghij";
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;

/** One signing key: its private half and its public JWK. */
export interface SigningKey {
    readonly kid: string;
    readonly privateKey: KeyObject;
    readonly jwk: Jwk;
}

export function signingKey(kid: string): SigningKey {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const exported = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
    return {
        kid,
        privateKey,
        jwk: { kty: exported.kty, n: exported.n, e: exported.e, kid, alg: "RS256", use: "sig" },
    };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** Signs `payload` with `key` (RS256); `header` overrides header fields (e.g. `alg`, `kid`). */
export function signToken(
    key: SigningKey,
    payload: Record<string, unknown>,
    header: Record<string, unknown> = {},
): string {
    const head = base64url(JSON.stringify({ alg: "RS256", kid: key.kid, typ: "JWT", ...header }));
    const body = base64url(JSON.stringify(payload));
    const signer = createSign("RSA-SHA256");
    signer.update(`${head}.${body}`);
    return `${head}.${body}.${signer.sign(key.privateKey).toString("base64url")}`;
}

/** A token with `alg: none` and no signature. */
export function unsignedToken(payload: Record<string, unknown>): string {
    return `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}.`;
}

/** The claims of a valid Cognito ID token for a user of `tenantId`, valid for an hour from now. */
export function idTokenClaims(
    tenantId: string | undefined,
    overrides: Record<string, unknown> = {},
): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return {
        sub: "5f1c6b5e-0000-4000-8000-000000000001",
        aud: CLIENT_ID,
        iss: ISSUER,
        token_use: "id",
        auth_time: now,
        iat: now,
        exp: now + 3600,
        email: "user@example.com",
        "cognito:username": "user",
        ...(tenantId === undefined ? {} : { "custom:tenantId": tenantId }),
        ...overrides,
    };
}

/** A JWKS cache whose "download" serves `jwks` and records each URI asked for. */
export function localJwksCache(jwks: Jwks): { cache: SimpleJwksCache; fetched: string[] } {
    const fetched: string[] = [];
    const cache = new SimpleJwksCache({
        fetcher: {
            fetch: async (uri: string) => {
                fetched.push(uri);
                return new TextEncoder().encode(JSON.stringify(jwks)).buffer;
            },
        },
    });
    return { cache, fetched };
}
