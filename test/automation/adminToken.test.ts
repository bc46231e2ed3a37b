/**
 * The SRP sign-in against moto's cognito-idp server (not a client mock): USER_SRP_AUTH, the
 * PASSWORD_VERIFIER answer computed by cognito-srp-helper, NEW_PASSWORD_REQUIRED for an invited user.
 * moto checks the flow, the session, the client and the challenge fields but not the SRP proof
 * itself, so a wrong password is only refused by real Cognito; this test does not claim otherwise.
 */
import {
    AdminCreateUserCommand,
    AdminGetUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantTokenError, tenantIdToken } from "../../automation/adminToken";
import { type Moto, startMoto } from "../engine/support/moto";

let moto: Moto;
let client: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;

const claims = (jwt: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

beforeAll(async () => {
    moto = await startMoto();
    client = new CognitoIdentityProviderClient({
        endpoint: moto.endpoint,
        region: "eu-west-1",
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: "dev-tenants" }));
    userPoolId = pool.UserPool!.Id!;
    const app = await client.send(
        new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: "dev-app",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
    );
    clientId = app.UserPoolClient!.ClientId!;
    await client.send(
        new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: "ops@acme.example",
            TemporaryPassword: "Temp-Passw0rd!",
            UserAttributes: [{ Name: "email", Value: "ops@acme.example" }],
        }),
    );
}, 60_000);

afterAll(async () => {
    await moto?.close();
});

describe("tenantIdToken (SRP sign-in against moto's cognito-idp)", () => {
    it("refuses a first sign-in without a new password, naming the challenge and the variable", async () => {
        const request = { userPoolId, clientId, username: "ops@acme.example", password: "Temp-Passw0rd!" };
        await expect(tenantIdToken(client, request)).rejects.toThrow(TenantTokenError);
        await expect(tenantIdToken(client, request)).rejects.toThrow(
            "ops@acme.example still has its temporary password: Cognito requires NEW_PASSWORD_REQUIRED; set TENANT_TIERS_NEW_PASSWORD to the password to replace it with",
        );
    });

    it("answers NEW_PASSWORD_REQUIRED, confirms the user and returns an ID token", async () => {
        const token = await tenantIdToken(client, {
            userPoolId,
            clientId,
            username: "ops@acme.example",
            password: "Temp-Passw0rd!",
            newPassword: "Real-Passw0rd!",
        });
        expect(claims(token)).toMatchObject({
            token_use: "id",
            "cognito:username": "ops@acme.example",
            aud: clientId,
        });
        const user = await client.send(
            new AdminGetUserCommand({ UserPoolId: userPoolId, Username: "ops@acme.example" }),
        );
        expect(user.UserStatus).toBe("CONFIRMED");
    });

    it("signs a confirmed user in with PASSWORD_VERIFIER alone", async () => {
        const token = await tenantIdToken(client, {
            userPoolId,
            clientId,
            username: "ops@acme.example",
            password: "Real-Passw0rd!",
        });
        expect(claims(token).token_use).toBe("id");
    });
});
