import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
    bearerToken,
    TenantTokenVerifier,
    TokenRejectedError,
    type TokenRejection,
} from "../../runtime/tokenVerifier";
import {
    CLIENT_ID,
    idTokenClaims,
    ISSUER,
    localJwksCache,
    signingKey,
    signToken,
    unsignedToken,
    USER_POOL_ID,
} from "./support/jwt";

const poolKey = signingKey("pool-key-1");
const attackerKey = signingKey("pool-key-1");
const strangerKey = signingKey("stranger-key");
const jwks = { keys: [poolKey.jwk] };
let fetched: string[];
let verifier: TenantTokenVerifier;

beforeAll(() => {
    const local = localJwksCache(jwks);
    fetched = local.fetched;
    verifier = new TenantTokenVerifier({
        userPoolId: USER_POOL_ID,
        clientId: CLIENT_ID,
        jwksCache: local.cache,
    });
    verifier.cacheJwks(jwks);
});

async function rejection(token: string): Promise<TokenRejection> {
    const error = await verifier.verify(token).then(
        () => undefined,
        (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenRejectedError);
    const rejected = error as TokenRejectedError;
    expect(rejected.message).toBe(`token rejected: ${rejected.reason}`);
    expect(rejected.message).not.toContain(token.split(".")[1] ?? token);
    return rejected.reason;
}

const now = () => Math.floor(Date.now() / 1000);

describe("tenant token verifier", () => {
    it("accepts a pool-signed ID token and names the tenant from custom:tenantId", async () => {
        const token = signToken(poolKey, idTokenClaims("acme"));
        await expect(verifier.verify(token)).resolves.toEqual({
            subject: "5f1c6b5e-0000-4000-8000-000000000001",
            tenantId: "acme",
        });
        expect(fetched).toEqual([]);
    });

    it.each<[string, () => string, TokenRejection]>([
        [
            "signed by another key under the pool's kid",
            () => signToken(attackerKey, idTokenClaims("acme")),
            "bad-signature",
        ],
        [
            "with the tenant claim swapped after signing",
            () => {
                const [head, , sig] = signToken(poolKey, idTokenClaims("acme")).split(".");
                const forged = Buffer.from(JSON.stringify(idTokenClaims("globex"))).toString("base64url");
                return `${head}.${forged}.${sig}`;
            },
            "bad-signature",
        ],
        [
            "HS256-signed with the pool's public key as the secret (algorithm confusion)",
            () => {
                const head = Buffer.from(
                    JSON.stringify({ alg: "HS256", kid: poolKey.kid, typ: "JWT" }),
                ).toString("base64url");
                const body = Buffer.from(JSON.stringify(idTokenClaims("acme"))).toString("base64url");
                const mac = createHmac("sha256", JSON.stringify(poolKey.jwk))
                    .update(`${head}.${body}`)
                    .digest("base64url");
                return `${head}.${body}.${mac}`;
            },
            "bad-signature",
        ],
        ["unsigned (alg none, no signature)", () => unsignedToken(idTokenClaims("acme")), "malformed-token"],
        [
            "unsigned (alg none, junk signature)",
            () => `${unsignedToken(idTokenClaims("acme"))}c2ln`,
            "unknown-signing-key",
        ],
        [
            "signed by a key the pool does not publish",
            () => signToken(strangerKey, idTokenClaims("acme")),
            "unknown-signing-key",
        ],
        [
            "expired",
            () => signToken(poolKey, idTokenClaims("acme", { iat: now() - 7200, exp: now() - 1 })),
            "token-expired",
        ],
        [
            "not valid yet",
            () => signToken(poolKey, idTokenClaims("acme", { nbf: now() + 600 })),
            "token-not-yet-valid",
        ],
        [
            "issued by another user pool",
            () =>
                signToken(
                    poolKey,
                    idTokenClaims("acme", {
                        iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other",
                    }),
                ),
            "wrong-issuer",
        ],
        [
            "issued to another app client",
            () => signToken(poolKey, idTokenClaims("acme", { aud: "otherclient" })),
            "wrong-client",
        ],
        [
            "an access token",
            () => {
                const claims = idTokenClaims("acme", { token_use: "access", client_id: CLIENT_ID });
                delete claims.aud;
                return signToken(poolKey, claims);
            },
            "wrong-token-use",
        ],
        [
            "without custom:tenantId",
            () => signToken(poolKey, idTokenClaims(undefined)),
            "missing-tenant-claim",
        ],
        [
            "with an empty custom:tenantId",
            () => signToken(poolKey, idTokenClaims("")),
            "missing-tenant-claim",
        ],
        [
            "with custom:tenantId Acme",
            () => signToken(poolKey, idTokenClaims("Acme")),
            "invalid-tenant-claim",
        ],
        [
            "with custom:tenantId acme/../globex",
            () => signToken(poolKey, idTokenClaims("acme/../globex")),
            "invalid-tenant-claim",
        ],
        [
            "with custom:tenantId platform",
            () => signToken(poolKey, idTokenClaims("platform")),
            "invalid-tenant-claim",
        ],
        [
            "with a numeric custom:tenantId",
            () => signToken(poolKey, idTokenClaims(undefined, { "custom:tenantId": 42 })),
            "invalid-tenant-claim",
        ],
        ["that is not a JWT", () => "not-a-jwt", "malformed-token"],
        [
            "with a payload that is not JSON",
            () => `${signToken(poolKey, {}).split(".")[0]}.bm90IGpzb24.sig`,
            "malformed-token",
        ],
    ])("rejects a token %s", async (_name, token, reason) => {
        expect(await rejection(token())).toBe(reason);
    });

    it("looks an unknown signing key up in the pool's JWKS only (served locally here)", () => {
        expect(new Set(fetched)).toEqual(new Set([`${ISSUER}/.well-known/jwks.json`]));
    });
});

describe("bearer token", () => {
    it.each<[Record<string, string | undefined> | null, string | undefined]>([
        [{ Authorization: "Bearer abc.def.ghi" }, "abc.def.ghi"],
        [{ authorization: "bearer abc.def.ghi" }, "abc.def.ghi"],
        [{ AUTHORIZATION: "abc.def.ghi" }, "abc.def.ghi"],
        [{ Authorization: "  Bearer   abc.def.ghi  " }, "abc.def.ghi"],
        [{ Authorization: "Basic dXNlcjpwYXNz extra" }, undefined],
        [{ Authorization: "" }, undefined],
        [{ "X-Amz-Tenant-Id": "acme" }, undefined],
        [{}, undefined],
        [null, undefined],
    ])("reads %j as %j", (headers, expected) => {
        expect(bearerToken(headers)).toBe(expected);
    });
});
