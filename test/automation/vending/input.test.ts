import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { beforeEach, describe, expect, it } from "vitest";
import {
    emailProblem,
    vendSiloAccount,
    VendingInputError,
    type VendingBackoff,
    type VendSiloAccountInput,
} from "../../../automation/vending/vend";
import { InvalidTenantIdError, TENANT_ID_RULE } from "../../../tiers/tenantId";

const INPUT: VendSiloAccountInput = {
    tenantId: "acme",
    email: "aws+acme@example.com",
    organizationalUnitId: "ou-ab12-cdef3456",
};
// A real client that records every command and never reaches a network: validation must send none.
const calls: string[] = [];
const client = new OrganizationsClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:9",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
client.middlewareStack.add(
    (_next, context) => async () => {
        calls.push(String(context.commandName));
        throw new Error(`${String(context.commandName)} was sent before the input was validated`);
    },
    { step: "initialize", name: "refuseCommands" },
);

/** A progress store that counts reads: validation must happen before the record is even read. */
function harness(backoff: Partial<VendingBackoff>) {
    let gets = 0;
    const progress = {
        get: async () => {
            gets++;
            return undefined;
        },
        put: async () => undefined,
    };
    return { gets: () => gets, deps: { client, progress, backoff, sleep: async () => undefined } };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof Error) return error;
        throw error;
    }
    throw new Error("expected a rejection");
}

beforeEach(() => {
    calls.length = 0;
});

const EMAIL_RULES =
    'the part before "@" must be non-empty, without whitespace or any of " \' ( ) < > [ ] : ; , \\ | % &';

describe("input validation, before any AWS call", () => {
    it.each<
        [
            string,
            Partial<VendSiloAccountInput>,
            Partial<VendingBackoff>,
            new (...args: never[]) => Error,
            string,
        ]
    >([
        [
            "uppercase tenant id",
            { tenantId: "Acme" },
            {},
            InvalidTenantIdError,
            `tenant id "Acme" is invalid: ${TENANT_ID_RULE}`,
        ],
        [
            "reserved tenant id",
            { tenantId: "platform" },
            {},
            InvalidTenantIdError,
            'tenant id "platform" is invalid: "platform" is reserved (reserved ids: platform, shared, pooled, premium, admin, root, system, tenant, tenants, default, all, none, null, undefined, aws, amazon)',
        ],
        [
            "short email",
            { email: "a@b.c" },
            {},
            VendingInputError,
            'silo account email "a@b.c" is invalid: use 6-64 characters (got 5), e.g. aws+acme@example.com',
        ],
        [
            "65-character email",
            { email: `${"a".repeat(53)}@example.com` },
            {},
            VendingInputError,
            `silo account email "${"a".repeat(53)}@example.com" is invalid: use 6-64 characters (got 65), e.g. aws+acme@example.com`,
        ],
        [
            "non-ASCII email",
            { email: "op\u00e9@example.com" },
            {},
            VendingInputError,
            'silo account email "op\u00e9@example.com" is invalid: use printable 7-bit ASCII characters only, e.g. aws+acme@example.com',
        ],
        [
            "two @",
            { email: "ops@@example.com" },
            {},
            VendingInputError,
            'silo account email "ops@@example.com" is invalid: use exactly one "@", e.g. aws+acme@example.com',
        ],
        [
            "no @",
            { email: "ops.example.com" },
            {},
            VendingInputError,
            'silo account email "ops.example.com" is invalid: use exactly one "@", e.g. aws+acme@example.com',
        ],
        [
            "space in the local part",
            { email: "ops acme@example.com" },
            {},
            VendingInputError,
            `silo account email "ops acme@example.com" is invalid: ${EMAIL_RULES}`,
        ],
        [
            "comma in the local part",
            { email: "ops,acme@example.com" },
            {},
            VendingInputError,
            `silo account email "ops,acme@example.com" is invalid: ${EMAIL_RULES}`,
        ],
        [
            "leading dot",
            { email: ".ops@example.com" },
            {},
            VendingInputError,
            'silo account email ".ops@example.com" is invalid: the part before "@" must not start with "."',
        ],
        [
            "underscore in the domain",
            { email: "ops@exa_mple.com" },
            {},
            VendingInputError,
            'silo account email "ops@exa_mple.com" is invalid: the domain must use only letters, digits, "-" and "."',
        ],
        [
            "domain ending with a dot",
            { email: "ops@example.com." },
            {},
            VendingInputError,
            'silo account email "ops@example.com." is invalid: the domain must not start or end with "-" or "."',
        ],
        [
            "domain without a dot",
            { email: "ops@localhost" },
            {},
            VendingInputError,
            'silo account email "ops@localhost" is invalid: the domain must contain a "." (for example example.com)',
        ],
        [
            "51-character account name",
            { accountName: "n".repeat(51) },
            {},
            VendingInputError,
            `silo account name "${"n".repeat(51)}" is invalid: use 1-50 printable ASCII characters (got 51)`,
        ],
        [
            "empty account name",
            { accountName: "" },
            {},
            VendingInputError,
            'silo account name "" is invalid: use 1-50 printable ASCII characters (got 0)',
        ],
        [
            "newline in the account name",
            { accountName: "acme\nsilo" },
            {},
            VendingInputError,
            'silo account name "acme\\nsilo" is invalid: use 1-50 printable ASCII characters (got 9)',
        ],
        [
            "short OU id",
            { organizationalUnitId: "ou-1234" },
            {},
            VendingInputError,
            'organizational unit id "ou-1234" is invalid: use the form ou-xxxx-xxxxxxxx ("ou-", 4-32 lowercase letters or digits, "-", 8-32 lowercase letters or digits), e.g. ou-ab12-cdef3456',
        ],
        [
            "root id given as OU",
            { organizationalUnitId: "r-ab12" },
            {},
            VendingInputError,
            'organizational unit id "r-ab12" is invalid: use the form ou-xxxx-xxxxxxxx ("ou-", 4-32 lowercase letters or digits, "-", 8-32 lowercase letters or digits), e.g. ou-ab12-cdef3456',
        ],
        [
            "uppercase OU id",
            { organizationalUnitId: "ou-AB12-CDEF3456" },
            {},
            VendingInputError,
            'organizational unit id "ou-AB12-CDEF3456" is invalid: use the form ou-xxxx-xxxxxxxx ("ou-", 4-32 lowercase letters or digits, "-", 8-32 lowercase letters or digits), e.g. ou-ab12-cdef3456',
        ],
        [
            "role name with a space",
            { roleName: "Tenant Admin" },
            {},
            VendingInputError,
            'silo account role name "Tenant Admin" is invalid: use 1-64 letters, digits or any of _+=,.@-',
        ],
        [
            "zero timeout",
            {},
            { timeoutMs: 0 },
            VendingInputError,
            "backoff.timeoutMs 0 is invalid: use a positive whole number",
        ],
        [
            "fractional delay",
            {},
            { pollBaseDelayMs: 1.5 },
            VendingInputError,
            "backoff.pollBaseDelayMs 1.5 is invalid: use a positive whole number",
        ],
    ])("rejects %s", async (_case, override, backoff, errorClass, message) => {
        const { gets, deps } = harness(backoff);

        const error = await rejection(vendSiloAccount({ ...INPUT, ...override }, deps));

        expect(error).toBeInstanceOf(errorClass);
        expect(error.message).toBe(message);
        expect(calls).toEqual([]);
        expect(gets()).toBe(0);
    });

    it.each([
        ["ab@c.de"],
        ["aws+acme@example.com"],
        ["first.last@mail.example.co.uk"],
        ["ops-1@sub-domain.example"],
    ])("accepts the email %s", (email) => {
        expect(emailProblem(email)).toBeUndefined();
    });
});
