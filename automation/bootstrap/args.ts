/**
 * What the bootstrap of a silo account needs, where its stack lives, and the settings an operator
 * may give (the organization's access role, the deployer principal), validated before any call.
 */
import type { TenantId } from "../../tiers/tenantId";

/** The Pulumi project of bootstrap stacks, next to the tenant project in the same backend. */
export const BOOTSTRAP_PROJECT = "tenant-tiers-silo-bootstrap";

/** The role `CreateAccount` makes in every new account, trusted by the management account. */
export const DEFAULT_ACCESS_ROLE_NAME = "OrganizationAccountAccessRole";

/** Bootstrap stack name: `<environment>-<tenantId>-bootstrap` (one per tenant and environment). */
export function bootstrapStackName(environment: string, tenantId: string): string {
    return `${environment}-${tenantId}-bootstrap`;
}

/** STS session name of the bootstrap deployment (`[\w+=,.@-]`, at most 53 of 64 characters). */
export function bootstrapSessionName(environment: string, tenantId: string): string {
    return `bootstrap-${environment}-${tenantId}`;
}

/** Everything the bootstrap program deploys from: plain, validated values. */
export interface SiloBootstrapArgs {
    readonly environment: string;
    readonly tenantId: TenantId;
    /** The silo account: the provider refuses to act anywhere else. */
    readonly accountId: string;
    readonly organizationId: string;
    /** The platform's region (IAM is global; the provider needs one). */
    readonly region: string;
    /** The role the provider assumes in the silo account (the organization's access role). */
    readonly accessRoleName: string;
    /** The role the bootstrap creates, which tenant stacks assume. */
    readonly bootstrapRoleName: string;
    /** The one principal the bootstrap role trusts (an IAM role or user ARN). */
    readonly deployerArn: string;
}

/** Operator settings of the bootstrap (CLI options or `LifecycleDeps.bootstrap`). */
export interface SiloBootstrapSettings {
    /** @default "OrganizationAccountAccessRole" */
    readonly accessRoleName?: string;
    /**
     * The principal tenant stacks run as, trusted by the bootstrap role.
     * @default the caller (STS GetCallerIdentity), an assumed-role session turned into its role's ARN
     */
    readonly deployerArn?: string;
}

/** A bootstrap setting that breaks a rule. */
export class InvalidBootstrapSettingError extends Error {
    constructor(
        readonly setting: string,
        readonly value: unknown,
        readonly rule: string,
    ) {
        super(`${setting} ${JSON.stringify(value)} is invalid: ${rule}`);
        this.name = "InvalidBootstrapSettingError";
    }
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** The access role's name, checked; throws {@link InvalidBootstrapSettingError}. */
export function parseAccessRoleName(value: string | undefined): string {
    const name = value ?? DEFAULT_ACCESS_ROLE_NAME;
    if (!ROLE_NAME.test(name)) {
        throw new InvalidBootstrapSettingError(
            "access role name",
            name,
            "expected an IAM role name: 1-64 letters, digits or +=,.@_-",
        );
    }
    return name;
}
