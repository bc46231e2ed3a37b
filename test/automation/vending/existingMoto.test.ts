/**
 * `--silo-account` checks against moto's Organizations: membership, OU, closed accounts, the
 * management account and the organization of the credentials, as the service answers them. What
 * moto cannot produce (an account ARN of another organization, states other than ACTIVE and
 * SUSPENDED, access denied) stays in existing.test.ts with a client mock.
 */
import {
    CloseAccountCommand,
    CreateAccountCommand,
    CreateOrganizationalUnitCommand,
    MoveAccountCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { beforeEach, describe, expect, it } from "vitest";
import { checkExistingAccount, ExistingAccountError } from "../../../automation/vending/vend";
import { useMotoOrganization } from "../../helpers/motoOrganization";

const MANAGEMENT = "123456789012";

let client: OrganizationsClient;
let organizationId: string;
let rootId: string;
let calls: string[];

const organization = useMotoOrganization();
beforeEach(() => {
    ({ client, organizationId, rootId, calls } = organization());
});

async function member(email = "aws+acme@example.com"): Promise<string> {
    const { CreateAccountStatus } = await client.send(
        new CreateAccountCommand({ Email: email, AccountName: "acme" }),
    );
    calls.length = 0;
    return CreateAccountStatus?.AccountId ?? "";
}

describe("checking an existing account against moto's Organizations", () => {
    it("returns the id, email and OU of an active member account", async () => {
        const accountId = await member();
        const ou =
            (await client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "silos" })))
                .OrganizationalUnit?.Id ?? "";
        await client.send(
            new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ou }),
        );
        calls.length = 0;

        const result = await checkExistingAccount(accountId, organizationId, { client });

        expect(result).toStrictEqual({ accountId, email: "aws+acme@example.com", ouId: ou });
        expect(calls).toEqual([
            "DescribeOrganizationCommand",
            "DescribeAccountCommand",
            "ListParentsCommand",
        ]);
    });

    it("returns no OU for an account in the root", async () => {
        const accountId = await member();

        const result = await checkExistingAccount(accountId, undefined, { client });

        expect(result).toStrictEqual({ accountId, email: "aws+acme@example.com" });
    });

    it("reports an account that is not a member of this organization", async () => {
        const attempt = checkExistingAccount("012345678901", organizationId, { client });

        await expect(attempt).rejects.toThrow(ExistingAccountError);
        await expect(attempt).rejects.toMatchObject({ accountId: "012345678901", problem: "not-found" });
        await expect(attempt).rejects.toThrow(
            "account 012345678901 is not a member of this organization (DescribeAccount: AccountNotFoundException): " +
                "check the id, or invite the account into the organization and accept the handshake before using --silo-account",
        );
    });

    it("reports a closed (SUSPENDED) account", async () => {
        const accountId = await member();
        await client.send(new CloseAccountCommand({ AccountId: accountId }));
        calls.length = 0;

        const attempt = checkExistingAccount(accountId, organizationId, { client });

        await expect(attempt).rejects.toMatchObject({ accountId, problem: "not-active" });
        await expect(attempt).rejects.toThrow(
            `account ${accountId} is SUSPENDED, not ACTIVE: a silo tenant needs an active account; ` +
                "reinstate it (contact AWS Support for a suspended account) or create one with --silo create --email ...",
        );
    });

    it("reports credentials of another organization than the configured one, before looking the account up", async () => {
        const accountId = await member();

        const attempt = checkExistingAccount(accountId, "o-zzzzzzzzzz", { client });

        await expect(attempt).rejects.toMatchObject({ accountId, problem: "organization-mismatch" });
        await expect(attempt).rejects.toThrow(
            `these credentials belong to organization "${organizationId}", not o-zzzzzzzzzz: use the management account of o-zzzzzzzzzz to check account ${accountId}`,
        );
        expect(calls).toEqual(["DescribeOrganizationCommand"]);
    });

    it("refuses the management account", async () => {
        const attempt = checkExistingAccount(MANAGEMENT, organizationId, { client });

        await expect(attempt).rejects.toMatchObject({ accountId: MANAGEMENT, problem: "management-account" });
        await expect(attempt).rejects.toThrow(
            `account ${MANAGEMENT} is the management account of ${organizationId}: tenants must never run there; ` +
                "create a member account with --silo create --email ... instead",
        );
    });
});
