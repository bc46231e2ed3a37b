/**
 * Function configuration from environment variables, read once per execution environment and
 * validated there. Every variable is required unless documented as optional: nothing falls back
 * silently, so a wiring mistake fails the first invocation with a message naming the variable.
 */
import { isTenantId, type TenantId } from "../tiers/tenantId";
import { isTierName, type TierName } from "../tiers/tier";

/** The variable names: the contract between the infrastructure (components/) and the runtime. */
export const RUNTIME_ENV = Object.freeze({
    /** Set by Lambda itself. */
    region: "AWS_REGION",
    environment: "ENVIRONMENT",
    tier: "TENANT_TIER",
    dataTable: "TENANT_DATA_TABLE",
    bucket: "TENANT_BUCKET",
    accessRoleArn: "TENANT_ACCESS_ROLE_ARN",
    /** Premium functions only: the tenant's KMS key; its objects are written with it. */
    tenantKeyArn: "TENANT_KMS_KEY_ARN",
    /** Optional, premium silo tenants only: the data role in the tenant's own account (second hop). */
    siloRoleArn: "TENANT_SILO_ROLE_ARN",
    /** Optional, premium only: the one tenant a dedicated function serves; any other is refused. */
    dedicatedTenant: "TENANT_ID",
    userPoolId: "USER_POOL_ID",
    userPoolClientId: "USER_POOL_CLIENT_ID",
    registryTable: "TENANT_REGISTRY_TABLE",
});

type Env = Readonly<Record<string, string | undefined>>;

/** One missing or invalid variable. */
export interface EnvProblem {
    readonly name: string;
    readonly value: string | undefined;
    readonly message: string;
}

/** Thrown when a function's environment is incomplete or invalid; lists every problem at once. */
export class RuntimeConfigError extends Error {
    override readonly name = "RuntimeConfigError";
    constructor(readonly problems: readonly EnvProblem[]) {
        super(
            `function configuration is invalid:\n${problems
                .map(
                    (p) =>
                        `  - ${p.name} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.message}`,
                )
                .join("\n")}`,
        );
    }
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]{1,128}$/;
const TABLE_NAME = /^[\w.-]{3,255}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const USER_POOL_ID = /^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/;
const CLIENT_ID = /^[a-z0-9]{1,128}$/;

class EnvReader {
    readonly problems: EnvProblem[] = [];
    constructor(private readonly env: Env) {}

    required(name: string, pattern: RegExp, rule: string): string {
        const value = this.env[name];
        if (value === undefined || value === "") {
            this.problems.push({ name, value: undefined, message: `required; ${rule}` });
            return "";
        }
        if (!pattern.test(value)) this.problems.push({ name, value, message: rule });
        return value;
    }

    optional(name: string, pattern: RegExp, rule: string): string | undefined {
        const value = this.env[name];
        if (value === undefined || value === "") return undefined;
        if (!pattern.test(value)) this.problems.push({ name, value, message: rule });
        return value;
    }

    done<T>(config: T): Readonly<T> {
        if (this.problems.length > 0) throw new RuntimeConfigError(this.problems);
        return Object.freeze(config);
    }
}

const readCommon = (r: EnvReader) => ({
    region: r.required(RUNTIME_ENV.region, REGION, "expected an AWS region such as eu-west-1"),
    environment: r.required(
        RUNTIME_ENV.environment,
        ENVIRONMENT,
        "expected 2-10 lowercase letters or digits starting with a letter",
    ),
});

/** Configuration of a tenant (PER_TENANT) function: pooled or premium. */
export interface TenantFunctionConfig {
    readonly region: string;
    readonly environment: string;
    readonly tier: TierName;
    readonly tableName: string;
    readonly bucketName: string;
    readonly tenantAccessRoleArn: string;
    /** Premium only: objects are written with SSE-KMS under this key. */
    readonly tenantKeyArn: string | undefined;
    /** Premium silo tenants only: the second hop. */
    readonly siloRoleArn: string | undefined;
    /** Premium only: the tenant a dedicated function serves (invocations for any other are refused). */
    readonly dedicatedTenantId: TenantId | undefined;
}

/** Reads a tenant function's configuration; throws {@link RuntimeConfigError} naming every bad variable. */
export function tenantFunctionConfig(env: Env = process.env): Readonly<TenantFunctionConfig> {
    const r = new EnvReader(env);
    const common = readCommon(r);
    const tierValue = r.required(RUNTIME_ENV.tier, /^[a-z]+$/, "expected pooled or premium");
    const tier: TierName = isTierName(tierValue) ? tierValue : "pooled";
    if (tierValue !== "" && !isTierName(tierValue)) {
        r.problems.push({ name: RUNTIME_ENV.tier, value: tierValue, message: "expected pooled or premium" });
    }
    const tableName = r.required(RUNTIME_ENV.dataTable, TABLE_NAME, "expected a DynamoDB table name");
    const bucketName = r.required(RUNTIME_ENV.bucket, BUCKET_NAME, "expected an S3 bucket name");
    const tenantAccessRoleArn = r.required(RUNTIME_ENV.accessRoleArn, ROLE_ARN, "expected an IAM role ARN");
    const tenantKeyArn = r.optional(RUNTIME_ENV.tenantKeyArn, KEY_ARN, "expected a KMS key ARN");
    const siloRoleArn = r.optional(RUNTIME_ENV.siloRoleArn, ROLE_ARN, "expected an IAM role ARN");
    const dedicated = r.optional(RUNTIME_ENV.dedicatedTenant, /^.+$/, "expected a tenant id");
    if (dedicated !== undefined && !isTenantId(dedicated)) {
        r.problems.push({
            name: RUNTIME_ENV.dedicatedTenant,
            value: dedicated,
            message: "expected a valid tenant id",
        });
    }
    if (tier === "premium" && tenantKeyArn === undefined) {
        r.problems.push({
            name: RUNTIME_ENV.tenantKeyArn,
            value: undefined,
            message: "required for the premium tier: premium objects are written with the tenant's own key",
        });
    }
    if (tier === "pooled") {
        const singleTenant = {
            [RUNTIME_ENV.tenantKeyArn]: tenantKeyArn,
            [RUNTIME_ENV.siloRoleArn]: siloRoleArn,
            [RUNTIME_ENV.dedicatedTenant]: dedicated,
        };
        for (const [name, value] of Object.entries(singleTenant)) {
            if (value !== undefined) {
                r.problems.push({
                    name,
                    value,
                    message:
                        "only a premium function serves one tenant's key, silo or id; unset it on a pooled function",
                });
            }
        }
    }
    return r.done({
        ...common,
        tier,
        tableName,
        bucketName,
        tenantAccessRoleArn,
        tenantKeyArn,
        siloRoleArn,
        dedicatedTenantId: dedicated !== undefined && isTenantId(dedicated) ? dedicated : undefined,
    });
}

/** Configuration of the REQUEST authorizer. */
export interface AuthorizerConfig {
    readonly region: string;
    readonly environment: string;
    readonly userPoolId: string;
    readonly clientId: string;
    readonly registryTableName: string;
}

export function authorizerConfig(env: Env = process.env): Readonly<AuthorizerConfig> {
    const r = new EnvReader(env);
    return r.done({
        ...readCommon(r),
        userPoolId: r.required(
            RUNTIME_ENV.userPoolId,
            USER_POOL_ID,
            "expected a user pool id such as eu-west-1_AbC123",
        ),
        clientId: r.required(RUNTIME_ENV.userPoolClientId, CLIENT_ID, "expected a Cognito app client id"),
        registryTableName: r.required(
            RUNTIME_ENV.registryTable,
            TABLE_NAME,
            "expected a DynamoDB table name",
        ),
    });
}

/** Configuration of the ingestion router. */
export interface RouterConfig {
    readonly region: string;
    readonly environment: string;
    readonly registryTableName: string;
}

export function routerConfig(env: Env = process.env): Readonly<RouterConfig> {
    const r = new EnvReader(env);
    return r.done({
        ...readCommon(r),
        registryTableName: r.required(
            RUNTIME_ENV.registryTable,
            TABLE_NAME,
            "expected a DynamoDB table name",
        ),
    });
}
