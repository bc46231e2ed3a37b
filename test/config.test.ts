import { describe, expect, it } from "vitest";
import { ConfigError, type ConfigProblem, type PlatformConfig, parsePlatformConfig } from "../config";

const MINIMAL = Object.freeze({ "aws:region": "eu-west-1", "tenant-tiers:environment": "dev" });

const KNOWN_KEYS =
    "environment, lambdaRuntime, lambdaArchitecture, logRetentionDays, pooledMemoryMb, pooledTimeoutSeconds, " +
    "pooledReservedConcurrency, pooledRateLimit, pooledBurstLimit, pooledDailyQuota, premiumRateLimit, " +
    "premiumBurstLimit, manageApiGatewayAccount, emailFrom, sesIdentityArn, dailyEmailLimit, alarmEmail, cloudTrailLogGroupName, createCloudTrail, payerAccount, " +
    "authorizerDenialThreshold, wafRateLimit, wafEvaluationWindowSeconds, stageRateLimit, stageBurstLimit, " +
    "wafBlockedRequestsThreshold, accountConcurrencyLimit, authorizerReservedConcurrency, routerReservedConcurrency, " +
    "premiumTenantCapacity, concurrencyHeadroom, tenantMigrationRoleArn";
const RETENTION_RULE =
    "expected one of the CloudWatch retention periods: " +
    "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";
const MEMORY_RULE = "expected a whole number of MB from 128 to 10240";
const TIMEOUT_RULE = "expected a whole number of seconds from 1 to 29";
const ENVIRONMENT_RULE =
    "expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)";

/** Runs `parsePlatformConfig` and returns the `ConfigError` it throws (fails the test if it does not). */
function configError(raw: Record<string, string | undefined>): ConfigError {
    try {
        parsePlatformConfig(raw);
    } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return err as ConfigError;
    }
    throw new Error("expected parsePlatformConfig to throw a ConfigError");
}

function render(problems: readonly ConfigProblem[]): string {
    const lines = problems.map(
        (p) =>
            `  - ${p.key} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.message}`,
    );
    return `invalid stack configuration:\n${lines.join("\n")}`;
}

describe("parsePlatformConfig defaults", () => {
    it("fills every default from a minimal config", () => {
        // Act
        const config = parsePlatformConfig(MINIMAL);

        // Assert
        expect(config).toStrictEqual({
            environment: "dev",
            region: "eu-west-1",
            lambdaRuntime: "nodejs22.x",
            lambdaArchitecture: "arm64",
            logRetentionDays: 30,
            pooled: {
                memoryMb: 512,
                timeoutSeconds: 10,
                reservedConcurrency: undefined,
                throttle: { rateLimit: 50, burstLimit: 100 },
                dailyQuota: 100_000,
            },
            premium: { throttle: { rateLimit: 500, burstLimit: 1_000 } },
            email: { ses: undefined, dailyLimit: 50 },
            frontDoor: {
                wafRateLimit: 15000,
                wafEvaluationWindowSeconds: 300,
                stageThrottle: { rateLimit: 1000, burstLimit: 2000 },
                blockedRequestsThreshold: 1000,
            },
            concurrency: {
                accountLimit: 1000,
                authorizer: 100,
                pooled: undefined,
                premiumPerTenant: 20,
                premiumTenants: 10,
                router: 10,
                headroom: 100,
            },
            manageApiGatewayAccount: true,
            tenantMigrationRoleArn: undefined,
            observability: {
                alarmEmail: undefined,
                cloudTrailLogGroupName: undefined,
                createCloudTrail: false,
                activateCostAllocationTags: false,
                authorizerDenialThreshold: 100,
            },
        } satisfies PlatformConfig);
    });

    it("deep-freezes the result", () => {
        // Act
        const config = parsePlatformConfig(MINIMAL);

        // Assert
        expect(Object.isFrozen(config)).toBe(true);
        expect(Object.isFrozen(config.pooled)).toBe(true);
        expect(Object.isFrozen(config.pooled.throttle)).toBe(true);
        expect(Object.isFrozen(config.premium)).toBe(true);
        expect(Object.isFrozen(config.premium.throttle)).toBe(true);
        expect(Object.isFrozen(config.observability)).toBe(true);
    });

    it("ignores keys from other namespaces", () => {
        // Prepare
        const raw = {
            ...MINIMAL,
            "aws:profile": "sandbox",
            "aws:skipMetadataApiCheck": "false",
            "other-project:environment": "Not Valid",
            "tenant-tiersx:pooledMemoryMB": "1",
        };

        // Act
        const config = parsePlatformConfig(raw);

        // Assert
        expect(config).toStrictEqual(parsePlatformConfig(MINIMAL));
    });
});

describe("parsePlatformConfig CloudTrail", () => {
    it.each([
        [{}, undefined, false],
        [{ "tenant-tiers:createCloudTrail": "true" }, "/aws/cloudtrail/tenant-tiers-dev", true],
        [
            { "tenant-tiers:createCloudTrail": "true", "tenant-tiers:cloudTrailLogGroupName": "org-trail" },
            "org-trail",
            true,
        ],
        [{ "tenant-tiers:cloudTrailLogGroupName": "org-trail" }, "org-trail", false],
    ])("%j reads log group %j, creates the trail: %s", (extra, logGroup, create) => {
        const { observability } = parsePlatformConfig({ ...MINIMAL, ...extra });
        expect([observability.cloudTrailLogGroupName, observability.createCloudTrail]).toEqual([
            logGroup,
            create,
        ]);
    });
});

describe("parsePlatformConfig overrides", () => {
    it("applies every key", () => {
        // Prepare
        const raw = {
            "aws:region": "us-gov-west-1",
            "tenant-tiers:environment": "staging2",
            "tenant-tiers:lambdaRuntime": "nodejs24.x",
            "tenant-tiers:lambdaArchitecture": "x86_64",
            "tenant-tiers:logRetentionDays": "365",
            "tenant-tiers:pooledMemoryMb": "1024",
            "tenant-tiers:pooledTimeoutSeconds": "29",
            "tenant-tiers:pooledReservedConcurrency": "7",
            "tenant-tiers:pooledRateLimit": "11",
            "tenant-tiers:pooledBurstLimit": "22",
            "tenant-tiers:pooledDailyQuota": "333",
            "tenant-tiers:premiumRateLimit": "44",
            "tenant-tiers:premiumBurstLimit": "55",
            "tenant-tiers:manageApiGatewayAccount": "false",
            "tenant-tiers:emailFrom": "no-reply@example.com",
            "tenant-tiers:sesIdentityArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
            "tenant-tiers:dailyEmailLimit": "5000",
            "tenant-tiers:alarmEmail": "ops@example.com",
            "tenant-tiers:cloudTrailLogGroupName": "aws-cloudtrail-logs-123456789012",
            "tenant-tiers:payerAccount": "true",
            "tenant-tiers:authorizerDenialThreshold": "250",
            "tenant-tiers:wafRateLimit": "600",
            "tenant-tiers:wafEvaluationWindowSeconds": "60",
            "tenant-tiers:stageRateLimit": "300",
            "tenant-tiers:stageBurstLimit": "400",
            "tenant-tiers:wafBlockedRequestsThreshold": "77",
            "tenant-tiers:accountConcurrencyLimit": "3000",
            "tenant-tiers:authorizerReservedConcurrency": "150",
            "tenant-tiers:routerReservedConcurrency": "25",
            "tenant-tiers:premiumTenantCapacity": "40",
            "tenant-tiers:concurrencyHeadroom": "500",
            "tenant-tiers:tenantMigrationRoleArn":
                "arn:aws-us-gov:iam::123456789012:role/tenant-tiers-migration",
        };

        // Act
        const config = parsePlatformConfig(raw);

        // Assert
        expect(config).toStrictEqual({
            environment: "staging2",
            region: "us-gov-west-1",
            lambdaRuntime: "nodejs24.x",
            lambdaArchitecture: "x86_64",
            logRetentionDays: 365,
            pooled: {
                memoryMb: 1024,
                timeoutSeconds: 29,
                reservedConcurrency: 7,
                throttle: { rateLimit: 11, burstLimit: 22 },
                dailyQuota: 333,
            },
            premium: { throttle: { rateLimit: 44, burstLimit: 55 } },
            email: {
                ses: {
                    from: "no-reply@example.com",
                    identityArn: "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
                },
                dailyLimit: 5000,
            },
            frontDoor: {
                wafRateLimit: 600,
                wafEvaluationWindowSeconds: 60,
                stageThrottle: { rateLimit: 300, burstLimit: 400 },
                blockedRequestsThreshold: 77,
            },
            concurrency: {
                accountLimit: 3000,
                authorizer: 150,
                pooled: 7,
                premiumPerTenant: 20,
                premiumTenants: 40,
                router: 25,
                headroom: 500,
            },
            manageApiGatewayAccount: false,
            tenantMigrationRoleArn: "arn:aws-us-gov:iam::123456789012:role/tenant-tiers-migration",
            observability: {
                alarmEmail: "ops@example.com",
                cloudTrailLogGroupName: "aws-cloudtrail-logs-123456789012",
                createCloudTrail: false,
                activateCostAllocationTags: true,
                authorizerDenialThreshold: 250,
            },
        } satisfies PlatformConfig);
    });

    it.each<[string, string, (c: PlatformConfig) => unknown, unknown]>([
        ["tenant-tiers:pooledMemoryMb", "128", (c) => c.pooled.memoryMb, 128],
        ["tenant-tiers:pooledMemoryMb", "10240", (c) => c.pooled.memoryMb, 10240],
        ["tenant-tiers:pooledTimeoutSeconds", "1", (c) => c.pooled.timeoutSeconds, 1],
        ["tenant-tiers:logRetentionDays", "1", (c) => c.logRetentionDays, 1],
        ["tenant-tiers:logRetentionDays", "3653", (c) => c.logRetentionDays, 3653],
        ["tenant-tiers:environment", "ab", (c) => c.environment, "ab"],
        ["tenant-tiers:environment", "production", (c) => c.environment, "production"],
        ["tenant-tiers:wafRateLimit", "10", (c) => c.frontDoor.wafRateLimit, 10],
        ["tenant-tiers:wafRateLimit", "2000000000", (c) => c.frontDoor.wafRateLimit, 2_000_000_000],
        [
            "tenant-tiers:wafEvaluationWindowSeconds",
            "600",
            (c) => c.frontDoor.wafEvaluationWindowSeconds,
            600,
        ],
        [
            "tenant-tiers:wafEvaluationWindowSeconds",
            "120",
            (c) => c.frontDoor.wafEvaluationWindowSeconds,
            120,
        ],
        ["tenant-tiers:stageRateLimit", "10000", (c) => c.frontDoor.stageThrottle.rateLimit, 10000],
        ["tenant-tiers:stageBurstLimit", "5000", (c) => c.frontDoor.stageThrottle.burstLimit, 5000],
        ["tenant-tiers:premiumTenantCapacity", "0", (c) => c.concurrency.premiumTenants, 0],
        // 100 + 0 + 20 x 34 + 10 + 100 = 890; 1000 - 890 = 110 spare for the authorizer: 210 fits exactly.
        ["tenant-tiers:authorizerReservedConcurrency", "210", (c) => c.concurrency.authorizer, 210],
        ["tenant-tiers:concurrencyHeadroom", "100", (c) => c.concurrency.headroom, 100],
    ])("accepts the boundary %s = %j", (key, value, read, expected) => {
        // Act
        const config = parsePlatformConfig({ ...MINIMAL, [key]: value });

        // Assert
        expect(read(config)).toBe(expected);
    });
});

describe("parsePlatformConfig rejects", () => {
    it.each<[string, string | undefined, string]>([
        [
            "tenant-tiers:environment",
            undefined,
            "required; set it with: pulumi config set environment <name>",
        ],
        ["tenant-tiers:environment", "Dev", ENVIRONMENT_RULE],
        ["tenant-tiers:environment", "d", ENVIRONMENT_RULE],
        ["tenant-tiers:environment", "production1", ENVIRONMENT_RULE],
        ["aws:region", undefined, "required; set it with: pulumi config set aws:region <region>"],
        ["aws:region", "Europe", "expected an AWS region such as eu-west-1"],
        ["tenant-tiers:pooledMemoryMb", "64", MEMORY_RULE],
        ["tenant-tiers:pooledMemoryMb", "abc", MEMORY_RULE],
        ["tenant-tiers:pooledMemoryMb", "10241", MEMORY_RULE],
        ["tenant-tiers:pooledMemoryMb", "512.5", MEMORY_RULE],
        ["tenant-tiers:pooledTimeoutSeconds", "30", TIMEOUT_RULE],
        ["tenant-tiers:pooledTimeoutSeconds", "0", TIMEOUT_RULE],
        ["tenant-tiers:logRetentionDays", "31", RETENTION_RULE],
        ["tenant-tiers:logRetentionDays", "abc", RETENTION_RULE],
        ["tenant-tiers:logRetentionDays", " 30", RETENTION_RULE],
        ["tenant-tiers:logRetentionDays", "3e1", RETENTION_RULE],
        ["tenant-tiers:logRetentionDays", "0x1e", RETENTION_RULE],
        ["tenant-tiers:lambdaRuntime", "nodejs20.x", "expected one of nodejs22.x, nodejs24.x"],
        ["tenant-tiers:lambdaArchitecture", "arm", "expected one of arm64, x86_64"],
        ["tenant-tiers:manageApiGatewayAccount", "yes", "expected true or false"],
        ["tenant-tiers:alarmEmail", "ops@", "expected an email address such as ops@example.com"],
        [
            "tenant-tiers:cloudTrailLogGroupName",
            "trail logs",
            "expected a CloudWatch log group name (letters, digits, . - _ / #)",
        ],
        ["tenant-tiers:payerAccount", "1", "expected true or false"],
        [
            "tenant-tiers:tenantMigrationRoleArn",
            "arn:aws:iam::123456789012:user/operator",
            "expected the ARN of the IAM role that runs tier changes: arn:aws:iam::<platform account>:role/<name>",
        ],
        ["tenant-tiers:createCloudTrail", "on", "expected true or false"],
        ["tenant-tiers:dailyEmailLimit", "0", "expected a whole number of emails per day from 1 to 10000000"],
        [
            "tenant-tiers:sesIdentityArn",
            "example.com",
            "expected the ARN of a verified SES identity: arn:aws:ses:<region>:<account>:identity/<domain or address>",
        ],
        [
            "tenant-tiers:authorizerDenialThreshold",
            "0",
            "expected a whole number of denials per 5 minutes from 1 to 1000000",
        ],
        [
            "tenant-tiers:wafRateLimit",
            "9",
            "expected a whole number of requests per client IP and window from 10 to 2000000000",
        ],
        ["tenant-tiers:wafEvaluationWindowSeconds", "30", "expected one of 60, 120, 300, 600 seconds"],
        ["tenant-tiers:wafEvaluationWindowSeconds", "5m", "expected one of 60, 120, 300, 600 seconds"],
        [
            "tenant-tiers:stageRateLimit",
            "0",
            "expected a whole number of requests per second from 1 to 10000",
        ],
        ["tenant-tiers:stageBurstLimit", "5001", "expected a whole number of requests from 1 to 5000"],
        [
            "tenant-tiers:wafBlockedRequestsThreshold",
            "0",
            "expected a whole number of blocked requests per 5 minutes from 1 to 100000000",
        ],
        [
            "tenant-tiers:accountConcurrencyLimit",
            "99",
            "expected a whole number of concurrent executions from 100 to 1000000",
        ],
        [
            "tenant-tiers:authorizerReservedConcurrency",
            "0",
            "expected a whole number of executions from 1 to 10000",
        ],
        [
            "tenant-tiers:routerReservedConcurrency",
            "0",
            "expected a whole number of executions from 1 to 10000",
        ],
        [
            "tenant-tiers:premiumTenantCapacity",
            "-1",
            "expected a whole number of premium tenants from 0 to 10000",
        ],
        [
            "tenant-tiers:concurrencyHeadroom",
            "99",
            "expected a whole number of unreserved executions from 100 to 1000000",
        ],
        ["tenant-tiers:pooledMemoryMB", "1024", `unknown key; known keys: ${KNOWN_KEYS}`],
        ["tenant-tiers:constructor", "x", `unknown key; known keys: ${KNOWN_KEYS}`],
        ["tenant-tiers:toString", "x", `unknown key; known keys: ${KNOWN_KEYS}`],
    ])("%s = %j", (key, value, message) => {
        // Prepare
        const raw: Record<string, string | undefined> = { ...MINIMAL };
        if (value === undefined) {
            delete raw[key];
        } else {
            raw[key] = value;
        }
        const expected: ConfigProblem[] = [{ key, value, message }];

        // Act
        const err = configError(raw);

        // Assert
        expect(err.name).toBe("ConfigError");
        expect(err.problems).toStrictEqual(expected);
        expect(err.message).toBe(render(expected));
    });

    it.each([
        [
            { "tenant-tiers:emailFrom": "no-reply@example.com" },
            "tenant-tiers:sesIdentityArn",
            "required with emailFrom: SES sends from emailFrom as the verified identity sesIdentityArn; set both, or neither for Cognito's sender",
        ],
        [
            { "tenant-tiers:sesIdentityArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com" },
            "tenant-tiers:emailFrom",
            "required with sesIdentityArn: SES sends from emailFrom as the verified identity sesIdentityArn; set both, or neither for Cognito's sender",
        ],
    ])("SES needs both emailFrom and sesIdentityArn: %j", (extra, key, message) => {
        expect(configError({ ...MINIMAL, ...extra }).problems).toStrictEqual([
            { key, value: undefined, message },
        ]);
    });

    it.each<[Record<string, string>, string, string]>([
        [
            { "tenant-tiers:pooledReservedConcurrency": "601" },
            "1000",
            "the concurrency split needs 1011 executions (authorizer 100 + pooled 601 + premium 20 x 10 tenants = 200 + router 10 + headroom 100 = 1011), above the account limit of 1000: lower a reservation or premiumTenantCapacity, or raise the account's Lambda concurrency quota and accountConcurrencyLimit",
        ],
        [
            { "tenant-tiers:premiumTenantCapacity": "50" },
            "1000",
            "the concurrency split needs 1210 executions (authorizer 100 + pooled 0 + premium 20 x 50 tenants = 1000 + router 10 + headroom 100 = 1210), above the account limit of 1000: lower a reservation or premiumTenantCapacity, or raise the account's Lambda concurrency quota and accountConcurrencyLimit",
        ],
        [
            {
                "tenant-tiers:accountConcurrencyLimit": "400",
                "tenant-tiers:authorizerReservedConcurrency": "91",
            },
            "400",
            "the concurrency split needs 401 executions (authorizer 91 + pooled 0 + premium 20 x 10 tenants = 200 + router 10 + headroom 100 = 401), above the account limit of 400: lower a reservation or premiumTenantCapacity, or raise the account's Lambda concurrency quota and accountConcurrencyLimit",
        ],
    ])("checks the concurrency split of %j against the account limit", (extra, limit, message) => {
        expect(configError({ ...MINIMAL, ...extra }).problems).toStrictEqual([
            { key: "tenant-tiers:accountConcurrencyLimit", value: limit, message },
        ]);
    });

    it("accepts a split that fits the account exactly", () => {
        // 100 + 590 + 20 x 10 + 10 + 100 = 1000
        const config = parsePlatformConfig({ ...MINIMAL, "tenant-tiers:pooledReservedConcurrency": "590" });

        expect(config.concurrency.pooled).toBe(590);
    });

    it("with SES the daily email limit defaults to the SES sandbox's 200", () => {
        const config = parsePlatformConfig({
            ...MINIMAL,
            "tenant-tiers:emailFrom": "no-reply@example.com",
            "tenant-tiers:sesIdentityArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
        });

        expect(config.email.dailyLimit).toBe(200);
    });

    it("lists several problems in one error, unknown keys first, then keys in schema order, then the region", () => {
        // Prepare
        const raw = {
            "tenant-tiers:pooledTimeoutSeconds": "30",
            "tenant-tiers:environment": "Dev",
            "tenant-tiers:pooledMemoryMB": "1024",
            "tenant-tiers:lambdaRuntime": "nodejs20.x",
            "aws:region": "Europe",
        };

        // Act
        const err = configError(raw);

        // Assert
        expect(err.problems).toStrictEqual([
            {
                key: "tenant-tiers:pooledMemoryMB",
                value: "1024",
                message: `unknown key; known keys: ${KNOWN_KEYS}`,
            },
            { key: "tenant-tiers:environment", value: "Dev", message: ENVIRONMENT_RULE },
            {
                key: "tenant-tiers:lambdaRuntime",
                value: "nodejs20.x",
                message: "expected one of nodejs22.x, nodejs24.x",
            },
            { key: "tenant-tiers:pooledTimeoutSeconds", value: "30", message: TIMEOUT_RULE },
            { key: "aws:region", value: "Europe", message: "expected an AWS region such as eu-west-1" },
        ]);
        expect(err.message).toBe(
            [
                "invalid stack configuration:",
                `  - tenant-tiers:pooledMemoryMB = "1024": unknown key; known keys: ${KNOWN_KEYS}`,
                `  - tenant-tiers:environment = "Dev": ${ENVIRONMENT_RULE}`,
                '  - tenant-tiers:lambdaRuntime = "nodejs20.x": expected one of nodejs22.x, nodejs24.x',
                `  - tenant-tiers:pooledTimeoutSeconds = "30": ${TIMEOUT_RULE}`,
                '  - aws:region = "Europe": expected an AWS region such as eu-west-1',
            ].join("\n"),
        );
    });

    it("renders a missing value as (not set)", () => {
        // Act
        const err = configError({});

        // Assert
        expect(err.message).toBe(
            [
                "invalid stack configuration:",
                "  - tenant-tiers:environment = (not set): required; set it with: pulumi config set environment <name>",
                "  - aws:region = (not set): required; set it with: pulumi config set aws:region <region>",
            ].join("\n"),
        );
    });
});
