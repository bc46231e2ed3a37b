/**
 * Verification of the caller's Cognito token with aws-jwt-verify: signature against the user
 * pool's JWKS, issuer, client (audience), expiry and token use. The tenant is read from the
 * *verified* `custom:tenantId` claim and nowhere else. It is an ID-token claim: Cognito puts custom
 * attributes in ID tokens, not in access tokens, so the verifier requires `token_use = id`.
 */
import { CognitoJwtVerifier } from "aws-jwt-verify";
import {
    CognitoJwtInvalidClientIdError,
    CognitoJwtInvalidTokenUseError,
    JwtExpiredError,
    JwtInvalidAudienceError,
    JwtInvalidIssuerError,
    JwtInvalidSignatureAlgorithmError,
    JwtInvalidSignatureError,
    JwtNotBeforeError,
    JwtParseError,
    JwtWithoutValidKidError,
    KidNotFoundInJwksError,
    ParameterValidationError,
    WaitPeriodNotYetEndedJwkError,
} from "aws-jwt-verify/error";
import type { Jwks, JwksCache } from "aws-jwt-verify/jwk";
import { isTenantId, type TenantId } from "../tiers/tenantId";

/** The claim that names the caller's tenant (the user pool's immutable custom attribute). */
export const TENANT_CLAIM = "custom:tenantId";

/** Why a token was refused; these words appear in the denial log, the token itself never does. */
export type TokenRejection =
    | "missing-token"
    | "malformed-token"
    | "bad-signature"
    | "unknown-signing-key"
    | "token-expired"
    | "token-not-yet-valid"
    | "wrong-issuer"
    | "wrong-client"
    | "wrong-token-use"
    | "missing-tenant-claim"
    | "invalid-tenant-claim"
    | "verification-failed";

/** A token the verifier refused. The message names the reason only, never the token or its claims. */
export class TokenRejectedError extends Error {
    override readonly name = "TokenRejectedError";
    constructor(
        readonly reason: TokenRejection,
        options?: ErrorOptions,
    ) {
        super(`token rejected: ${reason}`, options);
    }
}

/** The caller, as the verified token names it. */
export interface VerifiedCaller {
    /** The user's `sub`; the authorizer's `principalId`. */
    readonly subject: string;
    readonly tenantId: TenantId;
}

export interface TokenVerifierOptions {
    /** The platform's user pool, e.g. `eu-west-1_AbC123`. */
    readonly userPoolId: string;
    /** The app client the token must have been issued to. */
    readonly clientId: string;
    /** Overrides the JWKS cache (tests serve a local key set through it). */
    readonly jwksCache?: JwksCache;
}

const REJECTIONS: readonly [new (...args: never[]) => Error, TokenRejection][] = [
    [JwtParseError, "malformed-token"],
    [JwtInvalidSignatureAlgorithmError, "bad-signature"],
    [JwtInvalidSignatureError, "bad-signature"],
    [JwtWithoutValidKidError, "unknown-signing-key"],
    [KidNotFoundInJwksError, "unknown-signing-key"],
    [WaitPeriodNotYetEndedJwkError, "unknown-signing-key"],
    [JwtExpiredError, "token-expired"],
    [JwtNotBeforeError, "token-not-yet-valid"],
    [JwtInvalidIssuerError, "wrong-issuer"],
    [CognitoJwtInvalidClientIdError, "wrong-client"],
    [JwtInvalidAudienceError, "wrong-client"],
    [CognitoJwtInvalidTokenUseError, "wrong-token-use"],
];

/** Maps a verification failure to its reason; anything unrecognised (JWKS download failed, ...) fails closed. */
export function rejectionOf(error: unknown): TokenRejection {
    for (const [type, reason] of REJECTIONS) if (error instanceof type) return reason;
    // A token from another issuer is refused before its signature is checked, as a parameter error.
    if (error instanceof ParameterValidationError && error.message.startsWith("issuer not configured")) {
        return "wrong-issuer";
    }
    return "verification-failed";
}

function createVerifier(options: TokenVerifierOptions) {
    return CognitoJwtVerifier.create(
        { userPoolId: options.userPoolId, clientId: options.clientId, tokenUse: "id", graceSeconds: 0 },
        options.jwksCache === undefined ? undefined : { jwksCache: options.jwksCache },
    );
}

/** Verifies Cognito ID tokens of the platform's user pool and extracts the tenant. */
export class TenantTokenVerifier {
    readonly #verifier: ReturnType<typeof createVerifier>;

    constructor(options: TokenVerifierOptions) {
        this.#verifier = createVerifier(options);
    }

    /** Loads a key set into the cache, so verification needs no download (tests, warm-up). */
    cacheJwks(jwks: Jwks): void {
        this.#verifier.cacheJwks(jwks);
    }

    /** The verified caller; throws {@link TokenRejectedError} for anything else. */
    async verify(token: string): Promise<VerifiedCaller> {
        let payload: Awaited<ReturnType<ReturnType<typeof createVerifier>["verify"]>>;
        try {
            payload = await this.#verifier.verify(token);
        } catch (cause) {
            throw new TokenRejectedError(rejectionOf(cause), { cause });
        }
        const claim: unknown = payload[TENANT_CLAIM];
        if (claim === undefined || claim === null || claim === "") {
            throw new TokenRejectedError("missing-tenant-claim");
        }
        if (!isTenantId(claim)) throw new TokenRejectedError("invalid-tenant-claim");
        return { subject: payload.sub, tenantId: claim };
    }
}

/**
 * The token of an `Authorization` header (`Bearer <jwt>` or the bare JWT), looked up without
 * regard to case; `undefined` when there is none.
 */
export function bearerToken(
    headers: Readonly<Record<string, string | undefined>> | null | undefined,
): string | undefined {
    if (headers === null || headers === undefined) return undefined;
    const name = Object.keys(headers).find((key) => key.toLowerCase() === "authorization");
    const value = name === undefined ? undefined : headers[name]?.trim();
    if (value === undefined || value === "") return undefined;
    const match = /^bearer\s+(\S+)$/i.exec(value);
    if (match !== null) return match[1];
    return /\s/.test(value) ? undefined : value;
}
