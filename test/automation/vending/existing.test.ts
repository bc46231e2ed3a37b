// aws-sdk-client-mock here, not moto, for what moto cannot produce: account states other than ACTIVE
// and SUSPENDED, an account ARN naming another organization, the older Status field without State,
// and AccessDeniedException. Membership, OU, closed accounts, the management account and the
// organization of the credentials are checked against moto in existingMoto.test.ts.
import {
    AccessDeniedException,
    type Account,
    DescribeAccountCommand,
    DescribeOrganizationCommand,
    ListParentsCommand,
    OrganizationsClient,
    type Parent,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { checkExistingAccount, VendingInputError } from "../../../automation/vending/vend";

const ORG = "o-a1b2c3d4e5";
const MANAGEMENT = "111111111111";
const ACCOUNT = "012345678901";
const OU = "ou-ab12-cdef3456";
const ACTIVE: Account = {
    Id: ACCOUNT,
    Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG}/${ACCOUNT}`,
    Email: "aws+acme@example.com",
    Name: "acme",
    State: "ACTIVE",
    Status: "ACTIVE",
};

const orgs = mockClient(OrganizationsClient);
const deps = { client: new OrganizationsClient({ region: "us-east-1" }) };
const metadata = { $metadata: {} };
const commandNames = () => orgs.calls().map((call) => call.args[0].constructor.name);

function organization(account: Account = ACTIVE, parent: Parent = { Id: OU, Type: "ORGANIZATIONAL_UNIT" }) {
    orgs.on(DescribeOrganizationCommand).resolves({
        Organization: { Id: ORG, MasterAccountId: MANAGEMENT, FeatureSet: "ALL" },
    });
    orgs.on(DescribeAccountCommand).resolves({ Account: account });
    orgs.on(ListParentsCommand).resolves({ Parents: [parent] });
}

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
        () => undefined,
        (error: unknown) => error,
    );

beforeEach(() => {
    orgs.reset();
});

describe("checking an existing account (--silo-account)", () => {
    it("reads the older Status field when State is absent", async () => {
        organization({ ...ACTIVE, State: undefined, Status: "ACTIVE" }, { Id: "r-ab12", Type: "ROOT" });

        const result = await checkExistingAccount(ACCOUNT, undefined, deps);

        expect(result).toStrictEqual({ accountId: ACCOUNT, email: "aws+acme@example.com" });
        expect(commandNames()).toEqual([
            "DescribeOrganizationCommand",
            "DescribeAccountCommand",
            "ListParentsCommand",
        ]);
    });

    it.each([["12345"], ["1234567890123"], ["01234567890a"], [" 012345678901"], [""]])(
        "rejects the account id %j before any AWS call",
        async (accountId) => {
            organization();

            const error = await rejection(checkExistingAccount(accountId, undefined, deps));

            expect(error).toBeInstanceOf(VendingInputError);
            expect(error).toHaveProperty(
                "message",
                `account id ${JSON.stringify(accountId)} is invalid: use the 12 digits of an AWS account id, keeping leading zeros, e.g. 012345678901`,
            );
            expect(orgs.calls()).toHaveLength(0);
        },
    );

    it("rejects a malformed organization id before any AWS call", async () => {
        organization();

        const error = await rejection(checkExistingAccount(ACCOUNT, "o-short", deps));

        expect(error).toBeInstanceOf(VendingInputError);
        expect(error).toHaveProperty(
            "message",
            'organization id "o-short" is invalid: use "o-" and 10-32 lowercase letters or digits, e.g. o-a1b2c3d4e5',
        );
        expect(orgs.calls()).toHaveLength(0);
    });

    // moto closes an account into SUSPENDED (existingMoto.test.ts); the other states it never shows.
    it.each([["PENDING_CLOSURE"], ["CLOSED"], ["PENDING_ACTIVATION"]] as const)(
        "reports a %s account",
        async (state) => {
            organization({ ...ACTIVE, State: state });

            const error = await rejection(checkExistingAccount(ACCOUNT, ORG, deps));

            expect(error).toMatchObject({ accountId: ACCOUNT, problem: "not-active" });
            expect(error).toHaveProperty(
                "message",
                `account 012345678901 is ${state}, not ACTIVE: a silo tenant needs an active account; ` +
                    "reinstate it (contact AWS Support for a suspended account) or create one with --silo create --email ...",
            );
            expect(commandNames()).toEqual(["DescribeOrganizationCommand", "DescribeAccountCommand"]);
        },
    );

    it("reports an account whose ARN names another organization", async () => {
        organization({
            ...ACTIVE,
            Arn: `arn:aws:organizations::222222222222:account/o-zzzzzzzzzz/${ACCOUNT}`,
        });

        const error = await rejection(checkExistingAccount(ACCOUNT, undefined, deps));

        expect(error).toMatchObject({ accountId: ACCOUNT, problem: "other-organization" });
        expect(error).toHaveProperty(
            "message",
            'account 012345678901 belongs to organization "o-zzzzzzzzzz", not "o-a1b2c3d4e5": ' +
                "invite it into this organization (it must leave the other one first) before using --silo-account",
        );
    });

    it("names the step and the permissions when AWS denies the lookup", async () => {
        organization();
        orgs.on(DescribeOrganizationCommand).rejects(
            new AccessDeniedException({ message: "not authorized", ...metadata }),
        );

        const error = await rejection(checkExistingAccount(ACCOUNT, ORG, deps));

        expect(error).toMatchObject({ accountId: ACCOUNT, problem: "aws-error" });
        expect(error).toHaveProperty(
            "message",
            "checking account 012345678901 failed at DescribeOrganization: AccessDeniedException: not authorized. " +
                "Fix: use management-account credentials allowed organizations:DescribeOrganization, DescribeAccount and ListParents, then re-run",
        );
    });
});
