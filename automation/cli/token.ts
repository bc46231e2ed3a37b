/**
 * `tenant token <tenant-id> --username <email> --user-pool-id <id> --client-id <id>`: prints a Cognito ID
 * token of that tenant's user, signed in by SRP (the app client's only password flow), for smoke tests of
 * the API (`curl -H "Authorization: Bearer $(...)"`). The password comes from `$TENANT_TIERS_PASSWORD`
 * (never the command line); an invited user's first sign-in also needs `$TENANT_TIERS_NEW_PASSWORD`.
 * The token must carry the tenant's id claim, so a user of another tenant is refused.
 */
import { Command } from "commander";
import { TENANT_ID_ATTRIBUTE as TENANT_ID_CLAIM } from "../lifecycle/tenantUsers";
import { TenantTokenError, tenantIdToken } from "../adminToken";
import type { CliDeps } from "./settings";

interface TokenOptions {
    readonly username: string;
    readonly userPoolId: string;
    readonly clientId: string;
    readonly region?: string;
}

export function tokenCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return new Command("token")
        .description(
            "Print a Cognito ID token of a tenant's user (SRP sign-in; password from $TENANT_TIERS_PASSWORD). Changes nothing, except that a first sign-in replaces the temporary password with $TENANT_TIERS_NEW_PASSWORD.",
        )
        .argument("<tenant-id>", "the tenant the user belongs to (checked against the token's claim)")
        .requiredOption("--username <email>", "the user's email (the pool's username)")
        .requiredOption("--user-pool-id <id>", "the platform's user pool (pulumi stack output userPoolId)")
        .requiredOption("--client-id <id>", "the app client (pulumi stack output userPoolClientId)")
        .option("--region <region>", "AWS region of the user pool (default: $AWS_REGION)")
        .action(async (tenantId: string, options: TokenOptions) => {
            const password = deps.env.TENANT_TIERS_PASSWORD;
            const region = options.region ?? deps.env.AWS_REGION;
            if (password === undefined || password === "") {
                deps.io.err(
                    "token: TENANT_TIERS_PASSWORD is not set: export the user's password (it is never taken from the command line)\n",
                );
                return exit(2);
            }
            if (region === undefined) {
                deps.io.err(
                    "token: --region (not set): pass --region or set AWS_REGION to the user pool's region\n",
                );
                return exit(2);
            }
            const cognito = deps.aws(region).cognito;
            if (cognito === undefined) throw new Error("no Cognito client for the token command");
            try {
                const token = await tenantIdToken(cognito, {
                    userPoolId: options.userPoolId,
                    clientId: options.clientId,
                    username: options.username,
                    password,
                    ...(deps.env.TENANT_TIERS_NEW_PASSWORD
                        ? { newPassword: deps.env.TENANT_TIERS_NEW_PASSWORD }
                        : {}),
                });
                const claims = JSON.parse(
                    Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
                ) as Record<string, unknown>;
                if (claims[TENANT_ID_CLAIM] !== tenantId) {
                    deps.io.err(
                        `token: ${options.username} is not a user of tenant ${tenantId}: the token's ${TENANT_ID_CLAIM} is ${JSON.stringify(claims[TENANT_ID_CLAIM] ?? null)}\n`,
                    );
                    return exit(1);
                }
                deps.io.out(`${token}\n`);
                return exit(0);
            } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                deps.io.err(
                    `token: ${error instanceof TenantTokenError ? "" : "sign-in failed: "}${message}\n`,
                );
                return exit(1);
            }
        });
}
