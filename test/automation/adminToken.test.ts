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
import { cliHarness } from "../helpers/cliHarness";

/** The value, or a failed test naming what was missing. */
function must<T>(value: T | null | undefined, what = "value"): T {
    if (value === null || value === undefined) throw new Error(`expected a ${what}`);
    return value;
}

let moto: Moto;
let client: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;

const claims = (jwt: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;

beforeAll(async () => {
    moto = await startMoto();
    client = new CognitoIdentityProviderClient({
        endpoint: moto.endpoint,
        region: "eu-west-1",
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: "dev-tenants" }));
    userPoolId = must(pool.UserPool?.Id);
    const app = await client.send(
        new CreateUserPoolClientCommand({
            UserPoolId: userPoolId,
            ClientName: "dev-app",
            ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
    );
    clientId = must(app.UserPoolClient?.ClientId);
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

describe("npm run tenant -- token (the CLI over moto's cognito-idp)", () => {
    let tokenPool: string;
    let tokenClient: string;

    beforeAll(async () => {
        tokenPool = must(
            (await client.send(new CreateUserPoolCommand({ PoolName: "dev-tenants-cli" }))).UserPool?.Id,
        );
        const created = (
            await client.send(
                new CreateUserPoolClientCommand({
                    UserPoolId: tokenPool,
                    ClientName: "dev-app",
                    ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
                }),
            )
        ).UserPoolClient;
        tokenClient = must(created?.ClientId);
        for (const [email, tenant] of [
            ["it@globex.example", "globex"],
            ["ops@acme.example", "acme"],
        ] as const) {
            await client.send(
                new AdminCreateUserCommand({
                    UserPoolId: tokenPool,
                    Username: email,
                    TemporaryPassword: "Temp-Passw0rd!",
                    UserAttributes: [
                        { Name: "email", Value: email },
                        { Name: "custom:tenantId", Value: tenant },
                    ],
                }),
            );
        }
    });

    const args = (tenant: string, username: string) => [
        "token",
        tenant,
        "--username",
        username,
        "--user-pool-id",
        tokenPool,
        "--client-id",
        tokenClient,
    ];
    const env = {
        AWS_REGION: "eu-west-1",
        TENANT_TIERS_PASSWORD: "Temp-Passw0rd!",
        TENANT_TIERS_NEW_PASSWORD: "Real-Passw0rd!",
    };

    it("prints the tenant user's ID token and nothing else", async () => {
        const run = await cliHarness({ cognito: client }).run(args("globex", "it@globex.example"), env);
        expect(run.err).toBe("");
        expect(run.code).toBe(0);
        expect(run.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]*\n$/);
        expect(claims(run.out.trim())).toMatchObject({ token_use: "id", "custom:tenantId": "globex" });
    });

    it("refuses a user of another tenant, naming both", async () => {
        const run = await cliHarness({ cognito: client }).run(args("globex", "ops@acme.example"), env);
        expect(run).toEqual({
            code: 1,
            out: "",
            err: 'token: ops@acme.example is not a user of tenant globex: the token\'s custom:tenantId is "acme"\n',
        });
    });

    it("exits 2 without TENANT_TIERS_PASSWORD and calls nothing", async () => {
        const run = await cliHarness({}).run(args("globex", "it@globex.example"), {
            AWS_REGION: "eu-west-1",
        });
        expect(run).toEqual({
            code: 2,
            out: "",
            err: "token: TENANT_TIERS_PASSWORD is not set: export the user's password (it is never taken from the command line)\n",
        });
    });
});
