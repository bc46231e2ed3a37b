/**
 * Stack configuration, read and validated once. Components receive the frozen result and never
 * construct `pulumi.Config` themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { pooledTier, premiumTier, type ThrottleSpec } from "./tiers";
import {
    type ConcurrencySplit,
    concurrencySplitProblem,
    MINIMUM_UNRESERVED_CONCURRENCY,
} from "./tiers/concurrency";

/** The project's config namespace (`tenant-tiers:<key>` in `Pulumi.<stack>.yaml`). */
export const CONFIG_NAMESPACE = "tenant-tiers";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs24.x"] as const;
export const LAMBDA_ARCHITECTURES = ["arm64", "x86_64"] as const;

/** Evaluation windows (seconds) AWS WAF accepts for a rate-based rule. */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;

/** The validated, frozen configuration of one platform stack. */
export interface PlatformConfig {
    /** Environment name (`dev`, `staging`, `prod`, ...): part of physical names and the `Environment` tag. */
    readonly environment: string;
    /** AWS region of the stack (`aws:region`). */
    readonly region: string;
    readonly lambdaRuntime: (typeof LAMBDA_RUNTIMES)[number];
    readonly lambdaArchitecture: (typeof LAMBDA_ARCHITECTURES)[number];
    /** Retention of every log group the platform creates. */
    readonly logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
    readonly pooled: {
        readonly memoryMb: number;
        readonly timeoutSeconds: number;
        /** Reserved concurrency of the shared function; `undefined` leaves it on the account pool. */
        readonly reservedConcurrency: number | undefined;
        readonly throttle: ThrottleSpec;
        readonly dailyQuota: number | undefined;
    };
    readonly premium: {
        readonly throttle: ThrottleSpec;
    };
    /**
     * How the user pool sends invitations: through SES from a verified identity, or (both unset)
     * Cognito's built-in sender, about 50 emails a day per account.
     */
    readonly email: {
        readonly ses: { readonly from: string; readonly identityArn: string } | undefined;
        /** Invitations a day the sender allows; `signup-batch` refuses a file with more signups. */
        readonly dailyLimit: number;
    };
    /** The front door of every tenant API stage (platform and premium): WAF and stage throttling. */
    readonly frontDoor: {
        /** Requests one client IP may send in `wafEvaluationWindowSeconds` before WAF blocks it. */
        readonly wafRateLimit: number;
        readonly wafEvaluationWindowSeconds: (typeof WAF_EVALUATION_WINDOWS)[number];
        /** Stage-wide default throttling of every method (all callers together). */
        readonly stageThrottle: ThrottleSpec;
        /** WAF-blocked requests per 5 minutes that raise the alarm. */
        readonly blockedRequestsThreshold: number;
    };
    /** How the account's Lambda concurrency is split; checked against the account limit. */
    readonly concurrency: ConcurrencySplit;
    /** Manage the account-wide API Gateway CloudWatch role (turn off for a second environment in one account and region). */
    readonly manageApiGatewayAccount: boolean;
    /**
     * The role that runs tier changes into and out of silo accounts; the tenant access role trusts it
     * like a tenant function (one `TenantId` session tag). Unset: silo tier changes are refused.
     */
    readonly tenantMigrationRoleArn: string | undefined;
    readonly observability: {
        /** Address subscribed to the alarm topic; `undefined` leaves the topic without subscribers. */
        readonly alarmEmail: string | undefined;
        /** CloudTrail's log group in this account and region, for the untagged-session alarm. */
        readonly cloudTrailLogGroupName: string | undefined;
        /**
         * Create the trail (an `awsx.cloudtrail.Trail`) that delivers to `cloudTrailLogGroupName`,
         * for an account without an organization trail already delivering there.
         */
        readonly createCloudTrail: boolean;
        /**
         * Activate `TenantId` and `Tier` as cost allocation tags: `true` only when the stack runs in
         * the payer account (`payerAccount`); AWS refuses the activation in member accounts.
         */
        readonly activateCostAllocationTags: boolean;
        /** Authorizer denials per 5 minutes that raise the alarm. */
        readonly authorizerDenialThreshold: number;
    };
}

/** One invalid or missing config value. */
export interface ConfigProblem {
    readonly key: string;
    readonly value: string | undefined;
    readonly message: string;
}

/** Thrown when the stack config is invalid; lists every problem, each naming key, value and rule. */
export class ConfigError extends Error {
    override readonly name = "ConfigError";
    constructor(readonly problems: readonly ConfigProblem[]) {
        super(
            `invalid stack configuration:\n${problems
                .map(
                    (p) =>
                        `  - ${p.key} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.message}`,
                )
                .join("\n")}`,
        );
    }
}

/** Environment names: 2-10 lowercase letters or digits, starting with a letter. */
export const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9]{1,9}$/;

/** A whole number from min to max, read from its config string. */
export const intIn = (min: number, max: number, unit: string) =>
    z
        .string()
        .regex(/^\d+$/, `expected a whole number of ${unit} from ${min} to ${max}`)
        .transform(Number)
        .pipe(
            z
                .number()
                .min(min, `expected a whole number of ${unit} from ${min} to ${max}`)
                .max(max, `expected a whole number of ${unit} from ${min} to ${max}`),
        );

export const boolean = () =>
    z.enum(["true", "false"], { error: "expected true or false" }).transform((v) => v === "true");

export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { error: `expected one of ${values.join(", ")}` });

export const LOG_RETENTION_MESSAGE = `expected one of the CloudWatch retention periods: ${LOG_RETENTION_DAYS.join(", ")}`;

/** A log group's retention in days, one of CloudWatch's periods; shared by every project's `logRetentionDays`. */
export const logRetentionSchema = () =>
    // The regex keeps `Number` from accepting " 30", "3e1" or "0x1e", and names the rule for "abc".
    z
        .string()
        .regex(/^\d+$/, LOG_RETENTION_MESSAGE)
        .transform(Number)
        .pipe(
            z.number().refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
                message: LOG_RETENTION_MESSAGE,
            }),
        );

/** The `environment` key's schema, shared by every project that serves a platform environment. */
export const environmentSchema = () =>
    z
        .string()
        .regex(
            ENVIRONMENT_PATTERN,
            "expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)",
        );

/** A config key: its schema over the raw string, and its default (undefined: none). */
export interface KeyRule {
    readonly schema: z.ZodType<unknown, string>;
    readonly fallback: string | undefined;
}

/**
 * Reads every key of `rules` under `namespace` from raw stack config: unknown keys of the namespace
 * and invalid values become problems naming the key and the value; a missing key without a default
 * is a problem when `required` gives its message. Returns the parsed values of the valid keys.
 */
export function readKeys(
    namespace: string,
    rules: Readonly<Record<string, KeyRule>>,
    raw: Readonly<Record<string, string | undefined>>,
    problems: ConfigProblem[],
    required: (key: string) => string | undefined,
): Record<string, unknown> {
    const known = Object.keys(rules);
    for (const fullKey of Object.keys(raw)) {
        if (!fullKey.startsWith(`${namespace}:`)) continue;
        const key = fullKey.slice(namespace.length + 1);
        // `in` would also accept inherited names such as `toString` or `constructor`.
        if (!Object.hasOwn(rules, key)) {
            problems.push({
                key: fullKey,
                value: raw[fullKey],
                message: `unknown key; known keys: ${known.join(", ")}`,
            });
        }
    }
    const parsed: Record<string, unknown> = {};
    for (const [key, rule] of Object.entries(rules)) {
        const fullKey = `${namespace}:${key}`;
        const value = raw[fullKey] ?? rule.fallback;
        if (value === undefined) {
            const message = required(key);
            if (message !== undefined) problems.push({ key: fullKey, value, message });
            continue;
        }
        const result = rule.schema.safeParse(value);
        if (result.success) parsed[key] = result.data;
        else
            problems.push({
                key: fullKey,
                value,
                message: result.error.issues[0]?.message ?? "invalid value",
            });
    }
    return parsed;
}

/** The provider's `aws:region`: required, and shaped like an AWS region. */
export function checkRegion(
    raw: Readonly<Record<string, string | undefined>>,
    problems: ConfigProblem[],
): void {
    const region = raw["aws:region"];
    if (region === undefined || !REGION_PATTERN.test(region)) {
        problems.push({
            key: "aws:region",
            value: region,
            message:
                region === undefined
                    ? "required; set it with: pulumi config set aws:region <region>"
                    : "expected an AWS region such as eu-west-1",
        });
    }
}

/** Each known key: its schema (over the raw string) and its default. */
const KEYS = {
    environment: { schema: environmentSchema(), fallback: undefined },
    lambdaRuntime: { schema: oneOf(LAMBDA_RUNTIMES), fallback: "nodejs22.x" },
    lambdaArchitecture: { schema: oneOf(LAMBDA_ARCHITECTURES), fallback: "arm64" },
    logRetentionDays: { schema: logRetentionSchema(), fallback: "30" },
    pooledMemoryMb: { schema: intIn(128, 10240, "MB"), fallback: "512" },
    // API Gateway REST integrations time out at 29 s by default; a longer function would be cut off.
    pooledTimeoutSeconds: { schema: intIn(1, 29, "seconds"), fallback: "10" },
    pooledReservedConcurrency: { schema: intIn(1, 10000, "executions"), fallback: undefined },
    pooledRateLimit: {
        schema: intIn(1, 10000, "requests per second"),
        fallback: String(pooledTier.throttle.rateLimit),
    },
    pooledBurstLimit: {
        schema: intIn(1, 5000, "requests"),
        fallback: String(pooledTier.throttle.burstLimit),
    },
    pooledDailyQuota: {
        schema: intIn(1, 100_000_000, "requests per day"),
        fallback: String(pooledTier.dailyQuota),
    },
    premiumRateLimit: {
        schema: intIn(1, 10000, "requests per second"),
        fallback: String(premiumTier.throttle.rateLimit),
    },
    premiumBurstLimit: {
        schema: intIn(1, 5000, "requests"),
        fallback: String(premiumTier.throttle.burstLimit),
    },
    manageApiGatewayAccount: {
        schema: boolean(),
        fallback: "true",
    },
    emailFrom: {
        schema: z
            .string()
            .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "expected an email address such as no-reply@example.com"),
        fallback: undefined,
    },
    sesIdentityArn: {
        schema: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/\S+$/,
                "expected the ARN of a verified SES identity: arn:aws:ses:<region>:<account>:identity/<domain or address>",
            ),
        fallback: undefined,
    },
    // Cognito's built-in sender allows about 50 emails a day; SES in its sandbox 200 a day.
    dailyEmailLimit: { schema: intIn(1, 10_000_000, "emails per day"), fallback: undefined },
    alarmEmail: {
        schema: z
            .string()
            .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "expected an email address such as ops@example.com"),
        fallback: undefined,
    },
    cloudTrailLogGroupName: {
        schema: z
            .string()
            .regex(
                /^[.\-_/#A-Za-z0-9]{1,512}$/,
                "expected a CloudWatch log group name (letters, digits, . - _ / #)",
            ),
        fallback: undefined,
    },
    createCloudTrail: { schema: boolean(), fallback: "false" },
    // Only the management (payer) account of an organization, or a standalone account, may
    // activate cost allocation tags; a member account's CostAllocationTag fails the update.
    payerAccount: {
        schema: boolean(),
        fallback: "false",
    },
    authorizerDenialThreshold: { schema: intIn(1, 1_000_000, "denials per 5 minutes"), fallback: "100" },
    // 15,000 per 5 minutes is 50 requests a second from one address, the pooled tier's rate.
    wafRateLimit: {
        schema: intIn(10, 2_000_000_000, "requests per client IP and window"),
        fallback: "15000",
    },
    wafEvaluationWindowSeconds: {
        schema: z
            .string()
            .regex(/^\d+$/, `expected one of ${WAF_EVALUATION_WINDOWS.join(", ")} seconds`)
            .transform(Number)
            .pipe(
                z.number().refine((n) => (WAF_EVALUATION_WINDOWS as readonly number[]).includes(n), {
                    message: `expected one of ${WAF_EVALUATION_WINDOWS.join(", ")} seconds`,
                }),
            ),
        fallback: "300",
    },
    stageRateLimit: { schema: intIn(1, 10000, "requests per second"), fallback: "1000" },
    stageBurstLimit: { schema: intIn(1, 5000, "requests"), fallback: "2000" },
    wafBlockedRequestsThreshold: {
        schema: intIn(1, 100_000_000, "blocked requests per 5 minutes"),
        fallback: "1000",
    },
    accountConcurrencyLimit: { schema: intIn(100, 1_000_000, "concurrent executions"), fallback: "1000" },
    authorizerReservedConcurrency: { schema: intIn(1, 10000, "executions"), fallback: "100" },
    routerReservedConcurrency: { schema: intIn(1, 10000, "executions"), fallback: "10" },
    premiumTenantCapacity: { schema: intIn(0, 10000, "premium tenants"), fallback: "10" },
    concurrencyHeadroom: {
        schema: intIn(MINIMUM_UNRESERVED_CONCURRENCY, 1_000_000, "unreserved executions"),
        fallback: "100",
    },
    tenantMigrationRoleArn: {
        schema: z
            .string()
            .regex(
                /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
                "expected the ARN of the IAM role that runs tier changes: arn:aws:iam::<platform account>:role/<name>",
            ),
        fallback: undefined,
    },
} as const;

type Key = keyof typeof KEYS;
type Parsed = { -readonly [K in Key]: z.output<(typeof KEYS)[K]["schema"]> | undefined };

export const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Names of the keys this project reads, without the namespace. */
export const CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(KEYS));

/**
 * Validates raw stack config (`namespace:key` → string, as Pulumi stores it) into a {@link PlatformConfig}.
 * Collects every problem before throwing, so one run shows them all.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string | undefined>>): PlatformConfig {
    const problems: ConfigProblem[] = [];
    const parsed = readKeys(CONFIG_NAMESPACE, KEYS, raw, problems, (key) =>
        key === "environment" ? `required; set it with: pulumi config set ${key} <name>` : undefined,
    ) as Partial<Parsed>;
    checkRegion(raw, problems);
    const region = raw["aws:region"];

    // SES needs both; an invalid one is reported above, a missing one here.
    const sesKeys = ["emailFrom", "sesIdentityArn"] as const;
    for (const [given, missing] of [sesKeys, [...sesKeys].reverse()]) {
        if (parsed[given as Key] !== undefined && raw[`${CONFIG_NAMESPACE}:${missing}`] === undefined) {
            problems.push({
                key: `${CONFIG_NAMESPACE}:${missing}`,
                value: undefined,
                message: `required with ${given}: SES sends from emailFrom as the verified identity sesIdentityArn; set both, or neither for Cognito's sender`,
            });
        }
    }

    const concurrency = concurrencySplitOf(parsed);
    const splitProblem = concurrency === undefined ? undefined : concurrencySplitProblem(concurrency);
    if (concurrency !== undefined && splitProblem !== undefined) {
        problems.push({
            key: `${CONFIG_NAMESPACE}:accountConcurrencyLimit`,
            value: String(concurrency.accountLimit),
            message: splitProblem,
        });
    }

    if (problems.length > 0 || concurrency === undefined) {
        throw new ConfigError(problems);
    }
    const p = parsed as Parsed;
    return deepFreeze({
        environment: p.environment as string,
        region: region as string,
        lambdaRuntime: p.lambdaRuntime as PlatformConfig["lambdaRuntime"],
        lambdaArchitecture: p.lambdaArchitecture as PlatformConfig["lambdaArchitecture"],
        logRetentionDays: p.logRetentionDays as PlatformConfig["logRetentionDays"],
        pooled: {
            memoryMb: p.pooledMemoryMb as number,
            timeoutSeconds: p.pooledTimeoutSeconds as number,
            reservedConcurrency: p.pooledReservedConcurrency,
            throttle: { rateLimit: p.pooledRateLimit as number, burstLimit: p.pooledBurstLimit as number },
            dailyQuota: p.pooledDailyQuota,
        },
        premium: {
            throttle: { rateLimit: p.premiumRateLimit as number, burstLimit: p.premiumBurstLimit as number },
        },
        email: {
            ses:
                p.emailFrom !== undefined && p.sesIdentityArn !== undefined
                    ? { from: p.emailFrom, identityArn: p.sesIdentityArn }
                    : undefined,
            dailyLimit: p.dailyEmailLimit ?? (p.emailFrom === undefined ? 50 : 200),
        },
        frontDoor: {
            wafRateLimit: p.wafRateLimit as number,
            wafEvaluationWindowSeconds:
                p.wafEvaluationWindowSeconds as PlatformConfig["frontDoor"]["wafEvaluationWindowSeconds"],
            stageThrottle: { rateLimit: p.stageRateLimit as number, burstLimit: p.stageBurstLimit as number },
            blockedRequestsThreshold: p.wafBlockedRequestsThreshold as number,
        },
        concurrency,
        manageApiGatewayAccount: p.manageApiGatewayAccount as boolean,
        tenantMigrationRoleArn: p.tenantMigrationRoleArn,
        observability: {
            alarmEmail: p.alarmEmail,
            cloudTrailLogGroupName:
                p.cloudTrailLogGroupName ??
                (p.createCloudTrail === true ? defaultTrailLogGroupName(p.environment as string) : undefined),
            createCloudTrail: p.createCloudTrail as boolean,
            activateCostAllocationTags: p.payerAccount as boolean,
            authorizerDenialThreshold: p.authorizerDenialThreshold as number,
        },
    });
}

/** The concurrency split of parsed config, or `undefined` when one of its values is invalid (reported already). */
function concurrencySplitOf(p: Partial<Parsed>): ConcurrencySplit | undefined {
    const { accountConcurrencyLimit, authorizerReservedConcurrency, routerReservedConcurrency } = p;
    const { premiumTenantCapacity, concurrencyHeadroom } = p;
    if (
        accountConcurrencyLimit === undefined ||
        authorizerReservedConcurrency === undefined ||
        routerReservedConcurrency === undefined ||
        premiumTenantCapacity === undefined ||
        concurrencyHeadroom === undefined
    ) {
        return undefined;
    }
    return {
        accountLimit: accountConcurrencyLimit,
        authorizer: authorizerReservedConcurrency,
        pooled: p.pooledReservedConcurrency,
        premiumPerTenant: premiumTier.reservedConcurrency ?? 0,
        premiumTenants: premiumTenantCapacity,
        router: routerReservedConcurrency,
        headroom: concurrencyHeadroom,
    };
}

/** The log group a trail the platform creates delivers to, unless `cloudTrailLogGroupName` names one. */
export function defaultTrailLogGroupName(environment: string): string {
    return `/aws/cloudtrail/tenant-tiers-${environment}`;
}

/**
 * Thrown when the platform stack's name is not its environment. Tenant stacks reference the
 * platform as `<org>/tenant-tiers/<environment>` and the tenant CLI reads `Pulumi.<environment>.yaml`,
 * so a stack named otherwise would deploy a platform no tenant can find.
 */
export class StackNameError extends Error {
    override readonly name = "StackNameError";
    constructor(
        readonly stack: string,
        readonly environment: string,
    ) {
        const rename = `rename the stack (pulumi stack rename ${environment}, then move Pulumi.${stack}.yaml to Pulumi.${environment}.yaml)`;
        const fix = ENVIRONMENT_PATTERN.test(stack)
            ? `${rename}, or set the environment to the stack's name (pulumi config set environment ${stack})`
            : rename;
        super(
            `stack name ${JSON.stringify(stack)} is invalid: the platform stack must be named after its environment, ` +
                `tenant-tiers:environment ${JSON.stringify(environment)} (tenant stacks reference <org>/tenant-tiers/${environment}); ${fix}`,
        );
    }
}

/** Throws {@link StackNameError} unless `stack` equals `environment`. */
export function checkStackName(stack: string, environment: string): void {
    if (stack !== environment) throw new StackNameError(stack, environment);
}

/**
 * Reads the running stack's config through the Pulumi runtime and validates it, including that the
 * stack is named after its environment ({@link checkStackName}).
 */
export function loadPlatformConfig(): PlatformConfig {
    const config = parsePlatformConfig(pulumi.runtime.allConfig());
    checkStackName(pulumi.getStack(), config.environment);
    return config;
}

function deepFreeze<T extends object>(value: T): T {
    for (const child of Object.values(value)) {
        if (child !== null && typeof child === "object") deepFreeze(child);
    }
    return Object.freeze(value);
}
