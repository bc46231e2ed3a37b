/**
 * `--silo-account <id>`: a tenant placed in an account that already exists. Before anything is
 * deployed into it, the account must be an active member of this organization, and not its
 * management account.
 */
import {
    DescribeAccountCommand,
    DescribeOrganizationCommand,
    ListParentsCommand,
    type Account,
    type Organization,
} from "@aws-sdk/client-organizations";
import { ExistingAccountError } from "./errors";
import { parseAccountId, parseOrganizationId } from "./input";
import type { ExistingAccount, OrganizationsDeps } from "./types";

const ORGANIZATION_IN_ACCOUNT_ARN = /:account\/(o-[a-z0-9]+)\//;

async function lookup<T>(accountId: string, step: string, action: () => Promise<T>): Promise<T> {
    try {
        return await action();
    } catch (error) {
        if (error instanceof Error && error.name === "AccountNotFoundException") {
            throw new ExistingAccountError(
                accountId,
                "not-found",
                `account ${accountId} is not a member of this organization (${step}: AccountNotFoundException): check the id, or invite the account into the organization and accept the handshake before using --silo-account`,
                { cause: error },
            );
        }
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new ExistingAccountError(
            accountId,
            "aws-error",
            `checking account ${accountId} failed at ${step}: ${reason}. Fix: use management-account credentials allowed organizations:DescribeOrganization, DescribeAccount and ListParents, then re-run`,
            { cause: error },
        );
    }
}

/**
 * Checks that `accountId` can host a silo tenant: it is `ACTIVE`, a member of the caller's
 * organization (which must be `organizationId` when given) and not the management account.
 * Ids are validated before any AWS call.
 * @throws VendingInputError for a malformed id (no AWS call made)
 * @throws ExistingAccountError naming the problem
 */
export async function checkExistingAccount(
    accountId: string,
    organizationId: string | undefined,
    deps: OrganizationsDeps,
): Promise<ExistingAccount> {
    const id = parseAccountId(accountId);
    const expectedOrganization =
        organizationId === undefined ? undefined : parseOrganizationId(organizationId);
    const { client } = deps;

    const described = await lookup(id, "DescribeOrganization", () =>
        client.send(new DescribeOrganizationCommand({})),
    );
    const organization: Organization = described.Organization ?? {};
    if (expectedOrganization !== undefined && organization.Id !== expectedOrganization) {
        throw new ExistingAccountError(
            id,
            "organization-mismatch",
            `these credentials belong to organization ${JSON.stringify(organization.Id ?? null)}, not ${expectedOrganization}: use the management account of ${expectedOrganization} to check account ${id}`,
        );
    }
    if (id === organization.MasterAccountId) {
        throw new ExistingAccountError(
            id,
            "management-account",
            `account ${id} is the management account of ${organization.Id ?? "this organization"}: tenants must never run there; create a member account with --silo create --email ... instead`,
        );
    }

    const found = await lookup(id, "DescribeAccount", () =>
        client.send(new DescribeAccountCommand({ AccountId: id })),
    );
    const account: Account = found.Account ?? {};
    const accountOrganization = ORGANIZATION_IN_ACCOUNT_ARN.exec(account.Arn ?? "")?.[1];
    if (accountOrganization === undefined || accountOrganization !== organization.Id) {
        throw new ExistingAccountError(
            id,
            "other-organization",
            `account ${id} belongs to organization ${JSON.stringify(accountOrganization ?? null)}, not ${JSON.stringify(organization.Id ?? null)}: invite it into this organization (it must leave the other one first) before using --silo-account`,
        );
    }
    // `State` supersedes the deprecated `Status`; older endpoints may send only `Status`.
    const state = account.State ?? account.Status;
    if (state !== "ACTIVE") {
        throw new ExistingAccountError(
            id,
            "not-active",
            `account ${id} is ${state ?? "in an unknown state"}, not ACTIVE: a silo tenant needs an active account; reinstate it (contact AWS Support for a suspended account) or create one with --silo create --email ...`,
        );
    }
    if (account.Email === undefined) {
        throw new ExistingAccountError(
            id,
            "aws-error",
            `DescribeAccount returned no email for account ${id}: re-run`,
        );
    }

    const { Parents: parents = [] } = await lookup(id, "ListParents", () =>
        client.send(new ListParentsCommand({ ChildId: id })),
    );
    const parent = parents[0];
    return {
        accountId: id,
        email: account.Email,
        ...(parent?.Type === "ORGANIZATIONAL_UNIT" && parent.Id !== undefined ? { ouId: parent.Id } : {}),
    };
}
