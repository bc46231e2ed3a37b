import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../config";
import { parseControlPlaneSettings } from "../../../controlplane/infra/settings";
import { controlPlaneConfig } from "./plannedControlPlane";

const NS = "tenant-tiers-control-plane";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pulumi-token-AbCdEf";

const AUTH_RULE =
    "rule: the API's callers come from your user pool (cognitoUserPoolId and cognitoClientIds) or from one the stack creates (signupClients and/or rolloutClients, with authDomainPrefix)";

const base = (overrides: Record<string, string | undefined> = {}) => {
    const config: Record<string, string | undefined> = {
        "aws:region": "eu-west-1",
        [`${NS}:environment`]: "prod",
        [`${NS}:natGateway`]: "none",
        [`${NS}:certificateArn`]: CERT,
        [`${NS}:cognitoUserPoolId`]: "eu-west-1_AbC123",
        [`${NS}:cognitoClientIds`]: "abc123,def456",
    };
    for (const [key, value] of Object.entries(overrides)) {
        const full = key.includes(":") ? key : `${NS}:${key}`;
        if (value === undefined) delete config[full];
        else config[full] = value;
    }
    return config;
};

function problemsOf(
    config: Record<string, string | undefined>,
): { key: string; value?: string; message: string }[] {
    try {
        parseControlPlaneSettings(config);
    } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return [...(error as ConfigError).problems];
    }
    throw new Error("expected a ConfigError");
}

describe("control-plane settings", () => {
    it("applies the documented defaults", () => {
        expect(parseControlPlaneSettings(base())).toEqual({
            environment: "prod",
            region: "eu-west-1",
            organization: "organization",
            network: { cidrBlock: "10.20.0.0/16", availabilityZones: 2, natGateway: "none" },
            api: {
                internal: true,
                callerCidrs: undefined,
                certificateArn: CERT,
                allowPlainHttp: false,
                taskCount: 2,
                auth: { kind: "existing", userPoolId: "eu-west-1_AbC123", clientIds: ["abc123", "def456"] },
            },
            workers: { minTasks: 0, maxTasks: 4, operationsPerTask: 1 },
            stateBackend: { kind: "s3" },
            logRetentionDays: 30,
        });
    });

    it("reads both example stack files", () => {
        expect(parseControlPlaneSettings(controlPlaneConfig("dev")).api.allowPlainHttp).toBe(true);
        const prod = parseControlPlaneSettings(controlPlaneConfig("prod"));
        expect(prod.api.certificateArn).toBe(CERT);
        expect(prod.workers).toEqual({ minTasks: 1, maxTasks: 16, operationsPerTask: 1 });
        expect(prod.api.auth).toEqual({
            kind: "managed",
            domainPrefix: "tenant-tiers-prod-example",
            clients: [
                { name: "signup-backend", kind: "signup" },
                { name: "fleet-operator", kind: "rollout" },
            ],
        });
        expect(Object.isFrozen(prod.api.auth)).toBe(true);
    });

    it("creates the API's callers when asked: signup and rollout clients with a domain, and no pool of yours", () => {
        const managed = parseControlPlaneSettings(
            base({
                cognitoUserPoolId: undefined,
                cognitoClientIds: undefined,
                signupClients: "signup-backend,billing",
                rolloutClients: "fleet",
                authDomainPrefix: "acme-saas-prod",
            }),
        );
        expect(managed.api.auth).toEqual({
            kind: "managed",
            domainPrefix: "acme-saas-prod",
            clients: [
                { name: "signup-backend", kind: "signup" },
                { name: "billing", kind: "signup" },
                { name: "fleet", kind: "rollout" },
            ],
        });
    });

    it("refuses a pool of yours next to managed clients, half a pool, and a client named twice", () => {
        expect(problemsOf(base({ signupClients: "signup-backend" }))).toEqual([
            {
                key: `${NS}:cognitoUserPoolId`,
                value: "eu-west-1_AbC123",
                message: `conflicts with signupClients/rolloutClients/authDomainPrefix (${AUTH_RULE}); unset one side`,
            },
        ]);
        expect(problemsOf(base({ cognitoClientIds: undefined }))).toEqual([
            {
                key: `${NS}:cognitoClientIds`,
                value: undefined,
                message: `required with the other one (${AUTH_RULE})`,
            },
        ]);
        expect(
            problemsOf(
                base({
                    cognitoUserPoolId: undefined,
                    cognitoClientIds: undefined,
                    signupClients: "backend",
                    rolloutClients: "backend",
                    authDomainPrefix: "acme-saas-prod",
                }),
            ),
        ).toEqual([
            {
                key: `${NS}:rolloutClients`,
                value: "backend",
                message:
                    'names app client "backend" twice (rule: one client per caller, signup or rollout, so each has its own secret and scopes)',
            },
        ]);
    });

    it("refuses plain HTTP without the development flag, naming the rule", () => {
        expect(problemsOf(base({ certificateArn: undefined }))).toEqual([
            {
                key: `${NS}:certificateArn`,
                value: undefined,
                message:
                    "required: the API listens on HTTPS only (rule: no plain HTTP without allowPlainHttp); set certificateArn to an ACM certificate, or allowPlainHttp true for development",
            },
        ]);
    });

    it("refuses the development flag next to a certificate", () => {
        expect(problemsOf(base({ allowPlainHttp: "true" }))).toEqual([
            {
                key: `${NS}:allowPlainHttp`,
                value: "true",
                message:
                    "conflicts with certificateArn (rule: one listener, HTTPS with the certificate or plain HTTP for development); unset one of them",
            },
        ]);
    });

    it("needs the token's secret on Pulumi Cloud, and a NAT gateway to reach it", () => {
        expect(problemsOf(base({ stateBackend: "pulumi-cloud" }))).toEqual([
            {
                key: `${NS}:pulumiAccessTokenSecretArn`,
                value: undefined,
                message:
                    "required with stateBackend pulumi-cloud: the Secrets Manager secret holding the Pulumi access token the workers use",
            },
            {
                key: `${NS}:natGateway`,
                value: "none",
                message:
                    "none cannot reach Pulumi Cloud (rule: the pulumi-cloud backend needs the internet); set natGateway single or stateBackend s3",
            },
        ]);
        const cloud = parseControlPlaneSettings(
            base({ stateBackend: "pulumi-cloud", pulumiAccessTokenSecretArn: SECRET, natGateway: "single" }),
        );
        expect(cloud.stateBackend).toEqual({ kind: "pulumi-cloud", accessTokenSecretArn: SECRET });
    });

    it("refuses a token secret with the s3 backend", () => {
        expect(problemsOf(base({ pulumiAccessTokenSecretArn: SECRET })).map((p) => p.message)).toEqual([
            "only used with stateBackend pulumi-cloud (rule: the s3 backend needs no token); unset it or set stateBackend pulumi-cloud",
        ]);
    });

    it("lists every missing required key at once", () => {
        expect(problemsOf({ [`${NS}:allowPlainHttp`]: "true" }).map((p) => `${p.key}: ${p.message}`)).toEqual(
            [
                `${NS}:environment: required (the platform environment this control plane serves); set it with: pulumi config set environment <value>`,
                `${NS}:natGateway: required (none (VPC endpoints only) or single (a NAT gateway for Pulumi Cloud, IAM and Organizations)); set it with: pulumi config set natGateway <value>`,
                "aws:region: required; set it with: pulumi config set aws:region <region>",
                `${NS}:signupClients: required: name the app clients that may call the API (${AUTH_RULE}); set it with: pulumi config set signupClients signup-backend`,
                `${NS}:authDomainPrefix: required with signupClients/rolloutClients: the prefix of the token endpoint's domain, unique in the region (${AUTH_RULE})`,
            ],
        );
    });

    it.each([
        ["natGateway", "multiple", "expected one of none, single"],
        ["availabilityZones", "1", "expected a whole number of availability zones from 2 to 3"],
        ["vpcCidrBlock", "10.0.0.0/24", "expected an IPv4 CIDR block of /16 to /20 such as 10.20.0.0/16"],
        ["vpcCidrBlock", "10.0.300.0/16", "expected an IPv4 CIDR block of /16 to /20 such as 10.20.0.0/16"],
        [
            "certificateArn",
            "arn:aws:iam::123456789012:server-certificate/x",
            "expected an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>",
        ],
        ["workerMinTasks", "2", "expected 0 (scale to zero) or 1"],
        ["workerMaxTasks", "101", "expected a whole number of tasks from 1 to 100"],
        ["apiTaskCount", "0", "expected a whole number of tasks from 1 to 20"],
        ["cognitoClientIds", "abc, def", "expected comma-separated Cognito app client ids"],
        ["cognitoUserPoolId", "pool", "expected a Cognito user pool id such as eu-west-1_AbC123"],
        [
            "authDomainPrefix",
            "Tenant_Tiers",
            "expected a Cognito domain prefix: lower-case letters, digits and hyphens, 1-63 characters",
        ],
        [
            "authDomainPrefix",
            "tenant-tiers-cognito",
            "a Cognito domain prefix may not contain aws, amazon or cognito",
        ],
        ["stateBackend", "file", "expected one of s3, pulumi-cloud"],
        ["internalLoadBalancer", "yes", "expected true or false"],
        [
            "apiCallerCidrs",
            "10.30.0.0/16, 10.40.0.0/16",
            "expected comma-separated IPv4 CIDR blocks such as 10.30.0.0/16,10.40.0.0/16",
        ],
        ["colour", "blue", expect.stringMatching(/^unknown key; known keys: environment, organization, /)],
    ])("refuses %s = %j", (key, value, message) => {
        expect(problemsOf(base({ [key]: value }))).toEqual([{ key: `${NS}:${key}`, value, message }]);
    });
});
