/**
 * The API's callers, when the stack manages them: a user pool for machine clients only (never the
 * platform's tenant pool, whose tokens must not reach the control plane), its hosted domain for the
 * token endpoint, the resource server with the API's three scopes, and one app client per signup
 * backend or rollout runner, each with a secret and only the client-credentials grant.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";
import { API_SCOPES, type ApiScope } from "../api/scopes";

/** The resource server's identifier: the prefix of every scope (`tenant-tiers/tenants.read`). */
export const RESOURCE_SERVER_IDENTIFIER = "tenant-tiers";
/** Minutes an access token lives; a backend asks for a new one with its secret. */
export const ACCESS_TOKEN_MINUTES = 60;

/** What each kind of machine client may do. */
export const CLIENT_SCOPES = {
    signup: ["tenants.read", "tenants.write"],
    rollout: ["tenants.read", "fleet.rollout"],
} as const satisfies Record<string, readonly ApiScope[]>;
export type MachineClientKind = keyof typeof CLIENT_SCOPES;

export interface MachineClient {
    /** The app client's name, unique in the stack. */
    readonly name: string;
    readonly kind: MachineClientKind;
}

export interface MachineAuthArgs {
    readonly environment: string;
    readonly region: string;
    /** The hosted domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
    readonly domainPrefix: string;
    readonly clients: readonly MachineClient[];
    readonly tags: TenantTags;
}

export class MachineAuth extends pulumi.ComponentResource {
    readonly userPool: aws.cognito.UserPool;
    readonly userPoolId: pulumi.Output<string>;
    /** App client name → id. */
    readonly clientIds: pulumi.Output<Record<string, string>>;
    /** Where a client trades its id and secret for an access token. */
    readonly tokenUrl: string;

    constructor(name: string, args: MachineAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:MachineAuth", name, {}, opts);
        const parent = { parent: this };
        this.userPool = new aws.cognito.UserPool(
            `${name}-pool`,
            {
                name: `tenant-tiers-${args.environment}-control-plane`,
                // Machine clients only: nobody signs up, and the pool cannot be deleted by accident.
                adminCreateUserConfig: { allowAdminCreateUserOnly: true },
                deletionProtection: "ACTIVE",
                tags: { ...args.tags },
            },
            parent,
        );
        new aws.cognito.UserPoolDomain(
            `${name}-domain`,
            { domain: args.domainPrefix, userPoolId: this.userPool.id },
            parent,
        );
        const resourceServer = new aws.cognito.ResourceServer(
            `${name}-resource-server`,
            {
                identifier: RESOURCE_SERVER_IDENTIFIER,
                name: `tenant-tiers ${args.environment} control plane`,
                userPoolId: this.userPool.id,
                scopes: API_SCOPES.map((scopeName) => ({ scopeName, scopeDescription: scopeName })),
            },
            parent,
        );
        const clients = args.clients.map(
            (client) =>
                [
                    client.name,
                    new aws.cognito.UserPoolClient(
                        `${name}-client-${client.name}`,
                        {
                            name: client.name,
                            userPoolId: this.userPool.id,
                            generateSecret: true,
                            allowedOauthFlowsUserPoolClient: true,
                            allowedOauthFlows: ["client_credentials"],
                            allowedOauthScopes: CLIENT_SCOPES[client.kind].map(
                                (scope) => `${RESOURCE_SERVER_IDENTIFIER}/${scope}`,
                            ),
                            supportedIdentityProviders: ["COGNITO"],
                            accessTokenValidity: ACCESS_TOKEN_MINUTES,
                            tokenValidityUnits: { accessToken: "minutes" },
                            enableTokenRevocation: true,
                            preventUserExistenceErrors: "ENABLED",
                        },
                        // The scopes must exist before a client can be allowed them.
                        { parent: this, dependsOn: [resourceServer] },
                    ),
                ] as const,
        );
        this.userPoolId = this.userPool.id;
        this.clientIds = pulumi
            .all(clients.map(([, client]) => client.id))
            .apply((ids) => Object.fromEntries(clients.map(([clientName], i) => [clientName, ids[i] ?? ""])));
        this.tokenUrl = `https://${args.domainPrefix}.auth.${args.region}.amazoncognito.com/oauth2/token`;
        this.registerOutputs({
            userPoolId: this.userPoolId,
            clientIds: this.clientIds,
            tokenUrl: this.tokenUrl,
        });
    }
}
