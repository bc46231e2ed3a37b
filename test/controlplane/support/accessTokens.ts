/** Cognito-shaped access tokens signed with a local RSA key, and a verifier preloaded with its JWKS. */
import { AccessTokenVerifier } from "../../../controlplane/api/accessToken";
import {
    CLIENT_ID,
    ISSUER,
    localJwksCache,
    signingKey,
    signToken,
    USER_POOL_ID,
} from "../../runtime/support/jwt";

export const RESOURCE_SERVER = "tenant-tiers";
export const KEY = signingKey("control-plane-test-key");
export { CLIENT_ID, ISSUER, USER_POOL_ID };

export function testVerifier(): AccessTokenVerifier {
    const jwks = { keys: [KEY.jwk] };
    const verifier = new AccessTokenVerifier({
        userPoolId: USER_POOL_ID,
        clientIds: [CLIENT_ID],
        resourceServer: RESOURCE_SERVER,
        jwksCache: localJwksCache(jwks).cache,
    });
    verifier.cacheJwks(jwks);
    return verifier;
}

/** An access token of the client credentials grant with `scopes` (without the resource server prefix). */
export function accessToken(scopes: readonly string[], overrides: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return signToken(KEY, {
        sub: CLIENT_ID,
        client_id: CLIENT_ID,
        iss: ISSUER,
        token_use: "access",
        scope: scopes.map((s) => `${RESOURCE_SERVER}/${s}`).join(" "),
        auth_time: now,
        iat: now,
        exp: now + 3600,
        jti: `jti-${now}-${Math.random()}`,
        version: 2,
        ...overrides,
    });
}
