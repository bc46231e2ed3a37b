import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TENANT_ID_MAX_LENGTH, TENANT_ID_MIN_LENGTH } from "../../tiers";
import { platformPrefix } from "../shared/naming";
import type { TenantTags } from "../shared/tags";

/** The custom attribute that carries a user's tenant; its token claim is `custom:tenantId`. */
export const TENANT_ID_ATTRIBUTE = "tenantId";
export const TENANT_ID_CLAIM = `custom:${TENANT_ID_ATTRIBUTE}`;

export interface TenantIdentityArgs {
    readonly environment: string;
    readonly tags: TenantTags;
    /**
     * Send invitations through SES from `from`, a verified identity (`identityArn`), instead of
     * Cognito's built-in sender (about 50 emails a day per account).
     * @default Cognito's built-in sender
     */
    readonly ses?: { readonly from: string; readonly identityArn: string };
}

/**
 * The identity source the authorizer verifies: a Cognito user pool whose users carry an immutable
 * `custom:tenantId`, set once by an administrator (the signup flow) and never writable by the user
 * or the app client. Self sign-up is off: tenants and their users are created by the platform.
 */
export class TenantIdentity extends pulumi.ComponentResource {
    public readonly userPool: aws.cognito.UserPool;
    public readonly client: aws.cognito.UserPoolClient;
    public readonly userPoolId: pulumi.Output<string>;
    public readonly userPoolArn: pulumi.Output<string>;
    public readonly clientId: pulumi.Output<string>;

    constructor(name: string, args: TenantIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantIdentity", name, {}, opts);

        this.userPool = new aws.cognito.UserPool(
            `${name}-users`,
            {
                name: `${platformPrefix(args.environment)}-users`,
                usernameAttributes: ["email"],
                autoVerifiedAttributes: ["email"],
                adminCreateUserConfig: { allowAdminCreateUserOnly: true },
                schemas: [
                    {
                        name: TENANT_ID_ATTRIBUTE,
                        attributeDataType: "String",
                        mutable: false,
                        developerOnlyAttribute: false,
                        required: false,
                        stringAttributeConstraints: {
                            minLength: String(TENANT_ID_MIN_LENGTH),
                            maxLength: String(TENANT_ID_MAX_LENGTH),
                        },
                    },
                ],
                passwordPolicy: {
                    minimumLength: 12,
                    requireLowercase: true,
                    requireUppercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                },
                mfaConfiguration: "OPTIONAL",
                softwareTokenMfaConfiguration: { enabled: true },
                accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
                deletionProtection: "ACTIVE",
                ...(args.ses === undefined
                    ? {}
                    : {
                          emailConfiguration: {
                              emailSendingAccount: "DEVELOPER",
                              fromEmailAddress: args.ses.from,
                              sourceArn: args.ses.identityArn,
                          },
                      }),
                tags: { ...args.tags },
            },
            { parent: this, retainOnDelete: true },
        );

        this.client = new aws.cognito.UserPoolClient(
            `${name}-app-client`,
            {
                userPoolId: this.userPool.id,
                generateSecret: false,
                explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                preventUserExistenceErrors: "ENABLED",
                enableTokenRevocation: true,
                readAttributes: ["email", "email_verified", TENANT_ID_CLAIM],
                // The tenant claim is deliberately absent: only an administrator sets it, once.
                writeAttributes: ["email"],
                accessTokenValidity: 60,
                idTokenValidity: 60,
                refreshTokenValidity: 30,
                tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
            },
            { parent: this },
        );

        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.clientId = this.client.id;
        this.registerOutputs({ userPoolId: this.userPoolId, clientId: this.clientId });
    }
}
