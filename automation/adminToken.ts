/**
 * A Cognito ID token for a tenant user by the SRP flow (`USER_SRP_AUTH`, the only password flow the
 * platform's app client allows): the password never leaves this process. The SRP arithmetic is
 * `cognito-srp-helper` (the Cognito variant of SRP-6a over the AWS SDK v3 request types), not hand-written.
 * A first sign-in with the emailed temporary password answers `NEW_PASSWORD_REQUIRED` with `newPassword`.
 */
import {
    type CognitoIdentityProviderClient,
    InitiateAuthCommand,
    RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";

export interface TenantTokenRequest {
    readonly userPoolId: string;
    readonly clientId: string;
    /** The user's email (the pool's username). */
    readonly username: string;
    readonly password: string;
    /** Needed only while the user still has the temporary password of its invitation. */
    readonly newPassword?: string;
}

/** Sign-in that cannot finish: the message names the challenge and what to supply. */
export class TenantTokenError extends Error {
    override readonly name = "TenantTokenError";
}

export async function tenantIdToken(
    client: CognitoIdentityProviderClient,
    request: TenantTokenRequest,
): Promise<string> {
    const session = createSrpSession(request.username, request.password, request.userPoolId, false);
    const initiated = await client.send(
        new InitiateAuthCommand(
            wrapInitiateAuth(session, {
                ClientId: request.clientId,
                AuthFlow: "USER_SRP_AUTH",
                AuthParameters: { USERNAME: request.username },
            }),
        ),
    );
    if (initiated.ChallengeName !== "PASSWORD_VERIFIER") {
        throw new TenantTokenError(
            `USER_SRP_AUTH for ${request.username} answered challenge ${String(initiated.ChallengeName)}, expected PASSWORD_VERIFIER`,
        );
    }
    const signed = signSrpSession(session, initiated);
    let answer = await client.send(
        new RespondToAuthChallengeCommand(
            wrapAuthChallenge(signed, {
                ClientId: request.clientId,
                ChallengeName: "PASSWORD_VERIFIER",
                Session: initiated.Session,
                ChallengeResponses: { USERNAME: initiated.ChallengeParameters?.USERNAME ?? request.username },
            }),
        ),
    );
    if (answer.ChallengeName === "NEW_PASSWORD_REQUIRED") {
        if (request.newPassword === undefined) {
            throw new TenantTokenError(
                `${request.username} still has its temporary password: Cognito requires NEW_PASSWORD_REQUIRED; set TENANT_TIERS_NEW_PASSWORD to the password to replace it with`,
            );
        }
        answer = await client.send(
            new RespondToAuthChallengeCommand({
                ClientId: request.clientId,
                ChallengeName: "NEW_PASSWORD_REQUIRED",
                Session: answer.Session,
                ChallengeResponses: {
                    USERNAME: answer.ChallengeParameters?.USERNAME ?? request.username,
                    NEW_PASSWORD: request.newPassword,
                },
            }),
        );
    }
    const token = answer.AuthenticationResult?.IdToken;
    if (token === undefined) {
        throw new TenantTokenError(
            `sign-in of ${request.username} did not finish: Cognito asked for ${String(answer.ChallengeName)} (MFA and other challenges are not handled by this command)`,
        );
    }
    return token;
}
