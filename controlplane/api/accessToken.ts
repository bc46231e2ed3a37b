/**
 * The API's callers: OAuth2 access tokens of the platform's Cognito user pool, issued by the client
 * credentials grant to a signup backend's app client, carrying scopes of the control plane's
 * resource server (`<resource server>/tenants.read`, `tenants.write`, `fleet.rollout`). Verified
 * with aws-jwt-verify: signature against the pool's JWKS, issuer, `token_use = access`, the app
 * client (one of the configured ids), expiry, and the scope the route needs.
 */
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { JwtInvalidScopeError } from "aws-jwt-verify/error";
import type { Jwks, JwksCache } from "aws-jwt-verify/jwk";
import { rejectionOf, type TokenRejection } from "../../runtime/tokenVerifier";

import type { ApiScope } from "./scopes";

export { API_SCOPES, type ApiScope } from "./scopes";

/** A verified caller. */
export interface ApiCaller {
    /** The app client the token was issued to (idempotency keys are scoped to it). */
    readonly clientId: string;
    readonly scopes: readonly string[];
}

/** Why a request was refused: 401 (no valid token) or 403 (valid token, scope missing). */
export class AccessDeniedError extends Error {
    override readonly name = "AccessDeniedError";
    constructor(
        readonly status: 401 | 403,
        readonly reason: TokenRejection | "missing-scope",
        options?: ErrorOptions,
    ) {
        super(
            status === 401 ? `token rejected: ${reason}` : `token lacks the scope this route needs`,
            options,
        );
    }
}

export interface AccessTokenVerifierOptions {
    readonly userPoolId: string;
    readonly clientIds: readonly string[];
    readonly resourceServer: string;
    /** Overrides the JWKS cache (tests and the dev runner serve a local key set through it). */
    readonly jwksCache?: JwksCache;
}

function createVerifier(options: AccessTokenVerifierOptions) {
    return CognitoJwtVerifier.create(
        {
            userPoolId: options.userPoolId,
            clientId: [...options.clientIds],
            tokenUse: "access",
            graceSeconds: 0,
        },
        options.jwksCache === undefined ? undefined : { jwksCache: options.jwksCache },
    );
}

export class AccessTokenVerifier {
    readonly #verifier: ReturnType<typeof createVerifier>;
    readonly #resourceServer: string;

    constructor(options: AccessTokenVerifierOptions) {
        this.#verifier = createVerifier(options);
        this.#resourceServer = options.resourceServer;
    }

    /** Loads a key set into the cache, so verification needs no download. */
    cacheJwks(jwks: Jwks): void {
        this.#verifier.cacheJwks(jwks);
    }

    /** The full scope string of `scope` (`tenant-tiers/tenants.read`). */
    scopeOf(scope: ApiScope): string {
        return `${this.#resourceServer}/${scope}`;
    }

    /** The caller of `token` if it carries `scope`; throws {@link AccessDeniedError} otherwise. */
    async verify(token: string | undefined, scope: ApiScope): Promise<ApiCaller> {
        if (token === undefined) throw new AccessDeniedError(401, "missing-token");
        try {
            const payload = await this.#verifier.verify(token, { scope: this.scopeOf(scope) });
            const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
            return { clientId: String(payload.client_id), scopes };
        } catch (cause) {
            if (cause instanceof JwtInvalidScopeError)
                throw new AccessDeniedError(403, "missing-scope", { cause });
            throw new AccessDeniedError(401, rejectionOf(cause), { cause });
        }
    }
}
