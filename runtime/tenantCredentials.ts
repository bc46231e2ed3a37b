/**
 * Credentials for one tenant: the tenant access role assumed with the session tag `TenantId`
 * (transitive), and for silo tenants a second hop into the tenant's own account, whose trust
 * policy checks that tag. The SDK's `fromTemporaryCredentials` makes the STS calls and chains the
 * hops; {@link shareCredentials} makes every client of the environment share one session, so a
 * tenant environment calls STS once per session (about once an hour), not once per client.
 */
import type { STSClientConfig } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { TenantId } from "../tiers/tenantId";

/** A credential provider as SDK clients take it (the type `fromTemporaryCredentials` returns). */
export type CredentialProvider = () => Promise<CredentialIdentity>;
/** Access key, secret, session token and expiry. */
export type CredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromTemporaryCredentials>>>;

/** Session length: the maximum for a role chained from a Lambda execution role. */
export const TENANT_SESSION_SECONDS = 3600;

/** A session is renewed this long before it expires (the SDK clients' own margin). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** The session tag that carries the tenant; the ABAC policies and the silo trust read it. */
export const TENANT_SESSION_TAG = "TenantId";

/** `RoleSessionName` allows `[\w+=,.@-]`, 2-64 characters; tenant ids fit by construction. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * The session name that shows the tenant in CloudTrail: `tenant-<id>`, `tenant-<id>-silo`, and for
 * a tier change's data move `tenant-<id>-migration`, `tenant-<id>-silo-migration`.
 */
export function tenantSessionName(
    tenantId: TenantId,
    hop: "access" | "silo",
    purpose: "runtime" | "migration" = "runtime",
): string {
    const suffix = purpose === "migration" ? "-migration" : "";
    const name = hop === "access" ? `tenant-${tenantId}${suffix}` : `tenant-${tenantId}-silo${suffix}`;
    if (!SESSION_NAME.test(name)) {
        throw new Error(
            `session name "${name}" is invalid for STS: use 2-64 characters of [A-Za-z0-9_+=,.@-]`,
        );
    }
    return name;
}

export interface TenantCredentialOptions {
    readonly tenantId: TenantId;
    /** The platform's tenant access role (ABAC on the session tag). */
    readonly tenantAccessRoleArn: string;
    /** Silo tenants only: the data role in the tenant's account, assumed from the first session. */
    readonly siloRoleArn?: string;
    readonly region: string;
    /**
     * Who starts the chain. The runtime: the function's execution role (the default provider
     * chain). A tier change: the operator's `tenantMigrationRoleArn` session, which the tenant access
     * role trusts under the same tag conditions.
     * @default the SDK's default credential chain
     */
    readonly masterCredentials?: CredentialProvider;
    /** What the sessions are for; only their names differ. @default "runtime" */
    readonly purpose?: "runtime" | "migration";
    /** STS client settings beyond the region (a local endpoint in tests). */
    readonly stsConfig?: Pick<STSClientConfig, "endpoint" | "requestHandler">;
}

/**
 * Reuses one credential identity until {@link REFRESH_MARGIN_MS} before it expires; concurrent
 * callers share one refresh. Each SDK client memoizes its provider separately, so without this a
 * DynamoDB and an S3 client would each assume the role.
 */
export function shareCredentials(provider: CredentialProvider): CredentialProvider {
    let current: CredentialIdentity | undefined;
    let refreshing: Promise<CredentialIdentity> | undefined;
    const fresh = (identity: CredentialIdentity) =>
        identity.expiration === undefined || identity.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS;
    return async () => {
        if (current !== undefined && fresh(current)) return current;
        refreshing ??= provider()
            .then((identity) => {
                current = identity;
                return identity;
            })
            .finally(() => {
                refreshing = undefined;
            });
        return refreshing;
    };
}

/**
 * The tenant's credentials. Build once per execution environment (a PER_TENANT environment serves
 * one tenant) and hand the same provider to every client.
 */
export function tenantCredentials(options: TenantCredentialOptions): CredentialProvider {
    const purpose = options.purpose ?? "runtime";
    const clientConfig: STSClientConfig = { ...options.stsConfig, region: options.region };
    const access = shareCredentials(
        fromTemporaryCredentials({
            ...(options.masterCredentials === undefined
                ? {}
                : { masterCredentials: options.masterCredentials }),
            params: {
                RoleArn: options.tenantAccessRoleArn,
                RoleSessionName: tenantSessionName(options.tenantId, "access", purpose),
                DurationSeconds: TENANT_SESSION_SECONDS,
                Tags: [{ Key: TENANT_SESSION_TAG, Value: options.tenantId }],
                TransitiveTagKeys: [TENANT_SESSION_TAG],
            },
            clientConfig,
        }),
    );
    if (options.siloRoleArn === undefined) return access;
    return shareCredentials(
        fromTemporaryCredentials({
            // The tag travels with the first session and cannot be passed again (STS refuses it).
            masterCredentials: access,
            params: {
                RoleArn: options.siloRoleArn,
                RoleSessionName: tenantSessionName(options.tenantId, "silo", purpose),
                DurationSeconds: TENANT_SESSION_SECONDS,
            },
            clientConfig,
        }),
    );
}
