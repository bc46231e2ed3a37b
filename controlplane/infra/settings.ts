/**
 * The control-plane stack's configuration (`Pulumi.<env>.yaml` next to `controlplane/Pulumi.yaml`),
 * read and validated once. Every problem is collected and reported together, each naming the key,
 * the value and the rule, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { MachineClient } from "./machineAuth";
import {
    boolean,
    checkRegion,
    type ConfigProblem,
    ConfigError,
    environmentSchema,
    intIn,
    LOG_RETENTION_DAYS,
    logRetentionSchema,
    oneOf,
    readKeys,
} from "../../config";

/** The control-plane project's name and config namespace. */
export const CONTROL_PLANE_PROJECT = "tenant-tiers-control-plane";

export const NAT_GATEWAY_CHOICES = ["none", "single"] as const;
export const STATE_BACKENDS = ["s3", "pulumi-cloud"] as const;

/** The validated, frozen configuration of one control-plane stack. */
export interface ControlPlaneSettings {
    /** The platform environment the control plane serves (`dev`, `staging`, `prod`). */
    readonly environment: string;
    readonly region: string;
    /** Pulumi organization of the platform stack (`organization` on a self-managed backend). */
    readonly organization: string;
    readonly network: {
        readonly cidrBlock: string;
        readonly availabilityZones: number;
        /**
         * `single`: one NAT gateway, for what has no VPC endpoint (Pulumi Cloud, IAM and
         * Organizations, which premium signups and silo accounts call). `none`: endpoints only.
         */
        readonly natGateway: (typeof NAT_GATEWAY_CHOICES)[number];
    };
    readonly api: {
        /** ALB without a public address (default); `false` puts it in public subnets. */
        readonly internal: boolean;
        /**
         * Who may connect to the listener: these CIDR blocks (a signup backend in a peered VPC), or by
         * default the control plane's VPC when the load balancer is internal and anyone when it is not.
         */
        readonly callerCidrs: readonly string[] | undefined;
        /** HTTPS listener certificate; `undefined` only with `allowPlainHttp`. */
        readonly certificateArn: string | undefined;
        /** Development only: a plain HTTP listener on port 80. */
        readonly allowPlainHttp: boolean;
        readonly taskCount: number;
        /** Who may call the API: a user pool of yours, or one the stack creates (`machineAuth.ts`). */
        readonly auth: ApiAuth;
    };
    readonly workers: {
        readonly minTasks: 0 | 1;
        readonly maxTasks: number;
        /** Queue depth per running task that the scaling policy keeps (visible + in flight). */
        readonly operationsPerTask: number;
    };
    readonly stateBackend:
        { readonly kind: "s3" } | { readonly kind: "pulumi-cloud"; readonly accessTokenSecretArn: string };
    readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
}

/** The API's token issuer: an existing pool and its clients, or a pool the stack manages. */
export type ApiAuth =
    | { readonly kind: "existing"; readonly userPoolId: string; readonly clientIds: readonly string[] }
    | { readonly kind: "managed"; readonly domainPrefix: string; readonly clients: readonly MachineClient[] };

const CLIENT_NAMES = z
    .string()
    .regex(
        /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}(,[A-Za-z0-9][A-Za-z0-9_-]{0,63})*$/,
        "expected comma-separated app client names such as signup-backend,billing-backend",
    )
    .transform((v) => v.split(","));

const CIDR_16_TO_20 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(1[6-9]|20)$/;

const KEYS = {
    environment: { schema: environmentSchema(), fallback: undefined },
    organization: {
        schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, "expected a Pulumi organization name"),
        fallback: "organization",
    },
    vpcCidrBlock: {
        schema: z.string().refine(
            (v) =>
                CIDR_16_TO_20.test(v) &&
                v
                    .split(/[./]/)
                    .slice(0, 4)
                    .every((o) => Number(o) <= 255),
            "expected an IPv4 CIDR block of /16 to /20 such as 10.20.0.0/16",
        ),
        fallback: "10.20.0.0/16",
    },
    availabilityZones: { schema: intIn(2, 3, "availability zones"), fallback: "2" },
    natGateway: { schema: oneOf(NAT_GATEWAY_CHOICES), fallback: undefined },
    internalLoadBalancer: { schema: boolean(), fallback: "true" },
    apiCallerCidrs: {
        schema: z
            .string()
            .regex(
                /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}(,\d{1,3}(\.\d{1,3}){3}\/\d{1,2})*$/,
                "expected comma-separated IPv4 CIDR blocks such as 10.30.0.0/16,10.40.0.0/16",
            )
            .transform((v) => v.split(",")),
        fallback: undefined,
    },
    certificateArn: {
        schema: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
                "expected an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<id>",
            ),
        fallback: undefined,
    },
    allowPlainHttp: { schema: boolean(), fallback: "false" },
    apiTaskCount: { schema: intIn(1, 20, "tasks"), fallback: "2" },
    cognitoUserPoolId: {
        schema: z
            .string()
            .regex(
                /^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9A-Za-z]+$/,
                "expected a Cognito user pool id such as eu-west-1_AbC123",
            ),
        fallback: undefined,
    },
    cognitoClientIds: {
        schema: z
            .string()
            .regex(/^[0-9a-z]{1,128}(,[0-9a-z]{1,128})*$/, "expected comma-separated Cognito app client ids"),
        fallback: undefined,
    },
    signupClients: { schema: CLIENT_NAMES, fallback: undefined },
    rolloutClients: { schema: CLIENT_NAMES, fallback: undefined },
    authDomainPrefix: {
        schema: z
            .string()
            .regex(
                /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
                "expected a Cognito domain prefix: lower-case letters, digits and hyphens, 1-63 characters",
            )
            .refine(
                (v) => !/aws|amazon|cognito/.test(v),
                "a Cognito domain prefix may not contain aws, amazon or cognito",
            ),
        fallback: undefined,
    },
    workerMinTasks: {
        schema: z.enum(["0", "1"], { error: "expected 0 (scale to zero) or 1" }).transform(Number),
        fallback: "0",
    },
    workerMaxTasks: { schema: intIn(1, 100, "tasks"), fallback: "4" },
    operationsPerTask: { schema: intIn(1, 50, "operations"), fallback: "1" },
    stateBackend: { schema: oneOf(STATE_BACKENDS), fallback: "s3" },
    pulumiAccessTokenSecretArn: {
        schema: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/,
                "expected a Secrets Manager secret ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>",
            ),
        fallback: undefined,
    },
    logRetentionDays: { schema: logRetentionSchema(), fallback: "30" },
} as const;

type Key = keyof typeof KEYS;
type Parsed = { -readonly [K in Key]: z.output<(typeof KEYS)[K]["schema"]> | undefined };

const REQUIRED: Readonly<Partial<Record<Key, string>>> = {
    environment: "the platform environment this control plane serves",
    natGateway: "none (VPC endpoints only) or single (a NAT gateway for Pulumi Cloud, IAM and Organizations)",
};

/** Names of the keys the control-plane project reads, without the namespace. */
export const CONTROL_PLANE_CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(KEYS));

/** Validates raw stack config (`namespace:key` → string) into {@link ControlPlaneSettings}. */
export function parseControlPlaneSettings(
    raw: Readonly<Record<string, string | undefined>>,
): ControlPlaneSettings {
    const ns = CONTROL_PLANE_PROJECT;
    const problems: ConfigProblem[] = [];
    const problem = (key: string, message: string) =>
        problems.push({ key: `${ns}:${key}`, value: raw[`${ns}:${key}`], message });
    const parsed = readKeys(ns, KEYS, raw, problems, (key) => {
        const why = REQUIRED[key as Key];
        return why === undefined
            ? undefined
            : `required (${why}); set it with: pulumi config set ${key} <value>`;
    }) as Partial<Parsed>;
    checkRegion(raw, problems);
    const region = raw["aws:region"];

    const p = parsed;
    // The API carries tenant signups and bearer tokens: HTTPS unless a developer says otherwise.
    if (p.allowPlainHttp === false && raw[`${ns}:certificateArn`] === undefined) {
        problem(
            "certificateArn",
            "required: the API listens on HTTPS only (rule: no plain HTTP without allowPlainHttp); set certificateArn to an ACM certificate, or allowPlainHttp true for development",
        );
    }
    if (p.allowPlainHttp === true && p.certificateArn !== undefined) {
        problem(
            "allowPlainHttp",
            "conflicts with certificateArn (rule: one listener, HTTPS with the certificate or plain HTTP for development); unset one of them",
        );
    }
    if (p.stateBackend === "pulumi-cloud" && raw[`${ns}:pulumiAccessTokenSecretArn`] === undefined) {
        problem(
            "pulumiAccessTokenSecretArn",
            "required with stateBackend pulumi-cloud: the Secrets Manager secret holding the Pulumi access token the workers use",
        );
    }
    if (p.stateBackend === "s3" && p.pulumiAccessTokenSecretArn !== undefined) {
        problem(
            "pulumiAccessTokenSecretArn",
            "only used with stateBackend pulumi-cloud (rule: the s3 backend needs no token); unset it or set stateBackend pulumi-cloud",
        );
    }
    if (p.stateBackend === "pulumi-cloud" && p.natGateway === "none") {
        problem(
            "natGateway",
            "none cannot reach Pulumi Cloud (rule: the pulumi-cloud backend needs the internet); set natGateway single or stateBackend s3",
        );
    }

    const existingPool = p.cognitoUserPoolId !== undefined || p.cognitoClientIds !== undefined;
    const managedPool =
        p.signupClients !== undefined || p.rolloutClients !== undefined || p.authDomainPrefix !== undefined;
    const authRule =
        "rule: the API's callers come from your user pool (cognitoUserPoolId and cognitoClientIds) or from one the stack creates (signupClients and/or rolloutClients, with authDomainPrefix)";
    if (existingPool && managedPool) {
        problem(
            raw[`${ns}:cognitoUserPoolId`] !== undefined ? "cognitoUserPoolId" : "cognitoClientIds",
            `conflicts with signupClients/rolloutClients/authDomainPrefix (${authRule}); unset one side`,
        );
    } else if (existingPool) {
        for (const key of ["cognitoUserPoolId", "cognitoClientIds"] as const) {
            if (raw[`${ns}:${key}`] === undefined) problem(key, `required with the other one (${authRule})`);
        }
    } else {
        if (p.signupClients === undefined && p.rolloutClients === undefined) {
            problem(
                "signupClients",
                `required: name the app clients that may call the API (${authRule}); set it with: pulumi config set signupClients signup-backend`,
            );
        }
        if (raw[`${ns}:authDomainPrefix`] === undefined) {
            problem(
                "authDomainPrefix",
                `required with signupClients/rolloutClients: the prefix of the token endpoint's domain, unique in the region (${authRule})`,
            );
        }
    }
    const names = [...(p.signupClients ?? []), ...(p.rolloutClients ?? [])];
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) {
        problem(
            p.rolloutClients?.includes(repeated) === true ? "rolloutClients" : "signupClients",
            `names app client "${repeated}" twice (rule: one client per caller, signup or rollout, so each has its own secret and scopes)`,
        );
    }

    if (problems.length > 0) throw new ConfigError(problems);
    const v = p as Parsed;
    const auth: ApiAuth =
        v.cognitoUserPoolId !== undefined
            ? {
                  kind: "existing",
                  userPoolId: v.cognitoUserPoolId,
                  clientIds: (v.cognitoClientIds as string).split(","),
              }
            : {
                  kind: "managed",
                  domainPrefix: v.authDomainPrefix as string,
                  clients: [
                      ...(v.signupClients ?? []).map((name) => ({ name, kind: "signup" as const })),
                      ...(v.rolloutClients ?? []).map((name) => ({ name, kind: "rollout" as const })),
                  ],
              };
    return deepFreeze({
        environment: v.environment as string,
        region: region as string,
        organization: v.organization as string,
        network: {
            cidrBlock: v.vpcCidrBlock as string,
            availabilityZones: v.availabilityZones as number,
            natGateway: v.natGateway as ControlPlaneSettings["network"]["natGateway"],
        },
        api: {
            internal: v.internalLoadBalancer as boolean,
            callerCidrs: v.apiCallerCidrs,
            certificateArn: v.certificateArn,
            allowPlainHttp: v.allowPlainHttp as boolean,
            taskCount: v.apiTaskCount as number,
            auth,
        },
        workers: {
            minTasks: v.workerMinTasks as 0 | 1,
            maxTasks: v.workerMaxTasks as number,
            operationsPerTask: v.operationsPerTask as number,
        },
        stateBackend:
            v.stateBackend === "pulumi-cloud"
                ? {
                      kind: "pulumi-cloud" as const,
                      accessTokenSecretArn: v.pulumiAccessTokenSecretArn as string,
                  }
                : { kind: "s3" as const },
        logRetentionDays: v.logRetentionDays as ControlPlaneSettings["logRetentionDays"],
    });
}

/** Reads the running stack's config through the Pulumi runtime and validates it. */
export function loadControlPlaneSettings(): ControlPlaneSettings {
    return parseControlPlaneSettings(pulumi.runtime.allConfig());
}

function deepFreeze<T extends object>(value: T): T {
    for (const child of Object.values(value)) {
        if (child !== null && typeof child === "object") deepFreeze(child);
    }
    return Object.freeze(value);
}
