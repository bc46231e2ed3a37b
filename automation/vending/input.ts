/**
 * Validation of account-vending input. Everything here runs before the first AWS call, so a typo
 * costs nothing: AWS accounts cannot be deleted, only closed, and their emails stay taken.
 */
import { parseTenantId, type TenantId } from "../../tiers/tenantId";
import { VendingInputError } from "./errors";

/** The role Organizations creates in a new account when none is named. */
export const DEFAULT_SILO_ROLE_NAME = "OrganizationAccountAccessRole";

/** Longest account name `CreateAccount` accepts. */
export const ACCOUNT_NAME_MAX_LENGTH = 50;

/** What {@link vendSiloAccount} is asked to do. */
export interface VendSiloAccountInput {
    /** The tenant that owns the account; tagged `TenantId` on it. */
    readonly tenantId: string;
    /** Root user email of the new account; no other AWS account may use it. */
    readonly email: string;
    /**
     * Friendly name of the account, 1-50 printable ASCII characters.
     * @default `tenant-<tenantId>`
     */
    readonly accountName?: string;
    /**
     * OU the account is moved into once created (`ou-xxxx-xxxxxxxx`).
     * @default the account stays in the organization's root
     */
    readonly organizationalUnitId?: string;
    /**
     * Administrator role Organizations creates in the account, trusted by the management account.
     * @default "OrganizationAccountAccessRole"
     */
    readonly roleName?: string;
}

/** A validated {@link VendSiloAccountInput} with defaults applied. */
export interface VendingSpec {
    readonly tenantId: TenantId;
    readonly email: string;
    readonly accountName: string;
    readonly roleName: string;
    readonly organizationalUnitId?: string;
}

const OU_ID_PATTERN = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

const EMAIL_EXAMPLE = "e.g. aws+acme@example.com";

/** Why `value` is not an email AWS accepts for a new account (its documented rules), or `undefined`. */
export function emailProblem(value: string): string | undefined {
    if (value.length < 6 || value.length > 64) {
        return `use 6-64 characters (got ${value.length}), ${EMAIL_EXAMPLE}`;
    }
    if (!PRINTABLE_ASCII.test(value)) {
        return `use printable 7-bit ASCII characters only, ${EMAIL_EXAMPLE}`;
    }
    const parts = value.split("@");
    const [local, domain] = parts;
    if (parts.length !== 2 || local === undefined || domain === undefined) {
        return `use exactly one "@", ${EMAIL_EXAMPLE}`;
    }
    if (local === "" || /[\s"'()<>[\]:;,\\|%&]/.test(local)) {
        return `the part before "@" must be non-empty, without whitespace or any of " ' ( ) < > [ ] : ; , \\ | % &`;
    }
    if (local.startsWith(".")) {
        return `the part before "@" must not start with "."`;
    }
    if (!/^[A-Za-z0-9.-]+$/.test(domain)) {
        return `the domain must use only letters, digits, "-" and "."`;
    }
    if (/^[.-]|[.-]$/.test(domain)) {
        return `the domain must not start or end with "-" or "."`;
    }
    if (!domain.includes(".")) {
        return `the domain must contain a "." (for example example.com)`;
    }
    return undefined;
}

function requireString(field: string, value: unknown): string {
    if (typeof value !== "string") {
        throw new VendingInputError(field, value, "expected a string");
    }
    return value;
}

/** Validates `input` and applies defaults; throws {@link VendingInputError} or `InvalidTenantIdError`. */
export function parseVendingInput(input: VendSiloAccountInput): VendingSpec {
    const tenantId = parseTenantId(input.tenantId);
    const email = requireString("silo account email", input.email);
    const emailRule = emailProblem(email);
    if (emailRule !== undefined) {
        throw new VendingInputError("silo account email", email, emailRule);
    }
    const accountName = requireString("silo account name", input.accountName ?? `tenant-${tenantId}`);
    if (accountName.length > ACCOUNT_NAME_MAX_LENGTH || !PRINTABLE_ASCII.test(accountName)) {
        throw new VendingInputError(
            "silo account name",
            accountName,
            `use 1-${ACCOUNT_NAME_MAX_LENGTH} printable ASCII characters (got ${accountName.length})`,
        );
    }
    const roleName = requireString("silo account role name", input.roleName ?? DEFAULT_SILO_ROLE_NAME);
    if (!ROLE_NAME_PATTERN.test(roleName)) {
        throw new VendingInputError(
            "silo account role name",
            roleName,
            "use 1-64 letters, digits or any of _+=,.@-",
        );
    }
    const ou = input.organizationalUnitId;
    if (ou === undefined) {
        return { tenantId, email, accountName, roleName };
    }
    return { tenantId, email, accountName, roleName, organizationalUnitId: parseOrganizationalUnitId(ou) };
}

/** Returns `value` as an OU id, or throws {@link VendingInputError}. */
export function parseOrganizationalUnitId(value: unknown): string {
    const ou = requireString("organizational unit id", value);
    if (!OU_ID_PATTERN.test(ou)) {
        throw new VendingInputError(
            "organizational unit id",
            ou,
            'use the form ou-xxxx-xxxxxxxx ("ou-", 4-32 lowercase letters or digits, "-", 8-32 lowercase letters or digits), e.g. ou-ab12-cdef3456',
        );
    }
    return ou;
}

/** Returns `value` as a 12-digit account id, or throws {@link VendingInputError}. */
export function parseAccountId(value: unknown): string {
    const id = requireString("account id", value);
    if (!ACCOUNT_ID_PATTERN.test(id)) {
        throw new VendingInputError(
            "account id",
            id,
            "use the 12 digits of an AWS account id, keeping leading zeros, e.g. 012345678901",
        );
    }
    return id;
}

/** Returns `value` as an organization id, or throws {@link VendingInputError}. */
export function parseOrganizationId(value: unknown): string {
    const id = requireString("organization id", value);
    if (!ORGANIZATION_ID_PATTERN.test(id)) {
        throw new VendingInputError(
            "organization id",
            id,
            'use "o-" and 10-32 lowercase letters or digits, e.g. o-a1b2c3d4e5',
        );
    }
    return id;
}
