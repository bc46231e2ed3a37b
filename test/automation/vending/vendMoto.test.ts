/**
 * Vending against moto's Organizations and STS: CreateAccount, DescribeCreateAccountStatus, ListParents
 * and MoveAccount answered by an implementation of the service, then AssumeRole into the new account's
 * access role. What moto cannot produce (IN_PROGRESS polls, FailureReasons, throttling, denials) is
 * in vend.test.ts with a client mock.
 */
import {
    CreateAccountCommand,
    CreateOrganizationalUnitCommand,
    ListAccountsCommand,
    ListParentsCommand,
    ListTagsForResourceCommand,
    MoveAccountCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { beforeEach, describe, expect, it } from "vitest";
import {
    vendSiloAccount,
    VendingStateError,
    type VendingEvent,
    type VendingRecord,
} from "../../../automation/vending/vend";
import type { Moto } from "../../engine/support/moto";
import { MOTO_CREDENTIALS, useMotoOrganization } from "../../helpers/motoOrganization";

const TENANT = "acme";
const EMAIL = "aws+acme@example.com";
const MANAGEMENT = "123456789012";
const RESUME = "npm run tenant -- signup acme --tier premium --silo create --email aws+acme@example.com";
const credentials = MOTO_CREDENTIALS;

let moto: Moto;
let client: OrganizationsClient;
let calls: string[];
let rootId: string;
let ouId: string;

const organization = useMotoOrganization();
beforeEach(() => {
    ({ moto, client, calls, rootId, ouId } = organization());
});

function memoryStore(initial?: VendingRecord) {
    const puts: VendingRecord[] = [];
    let current = initial;
    return {
        puts,
        store: {
            get: async () => current,
            put: async (record: VendingRecord) => {
                puts.push(record);
                current = record;
            },
        },
    };
}

function harness(initial?: VendingRecord) {
    const memory = memoryStore(initial);
    const events: VendingEvent[] = [];
    const delays: number[] = [];
    const deps = {
        client,
        progress: memory.store,
        sleep: async (ms: number) => {
            delays.push(ms);
        },
        now: () => 1_700_000_000_000,
        onProgress: (event: VendingEvent) => events.push(event),
        resumeCommand: RESUME,
    };
    return { memory, events, delays, deps };
}

async function memberAccounts(): Promise<string[]> {
    const { Accounts } = await new OrganizationsClient({
        region: "us-east-1",
        endpoint: moto.endpoint,
        credentials,
    }).send(new ListAccountsCommand({}));
    return (Accounts ?? []).map((a) => a.Id ?? "").filter((id) => id !== MANAGEMENT);
}

async function parentsOf(accountId: string) {
    return (await client.send(new ListParentsCommand({ ChildId: accountId }))).Parents;
}

describe("vending against moto's Organizations", () => {
    it("creates, waits for, records and moves the account into the OU, tagged with the tenant", async () => {
        // Prepare
        const { memory, events, deps } = harness();

        // Act
        const result = await vendSiloAccount(
            { tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId },
            deps,
        );

        // Assert
        const accounts = await memberAccounts();
        expect(accounts).toEqual([result.accountId]);
        expect(result.accountId).toMatch(/^\d{12}$/);
        expect(result.createAccountRequestId).toMatch(/^car-[a-z0-9]+$/);
        expect(calls).toEqual([
            "CreateAccountCommand",
            "DescribeCreateAccountStatusCommand",
            "ListParentsCommand",
            "MoveAccountCommand",
        ]);
        expect(await parentsOf(result.accountId)).toEqual([{ Id: ouId, Type: "ORGANIZATIONAL_UNIT" }]);
        const tags = await client.send(new ListTagsForResourceCommand({ ResourceId: result.accountId }));
        expect(tags.Tags).toEqual([
            { Key: "TenantId", Value: "acme" },
            { Key: "Tier", Value: "premium" },
        ]);
        const recorded = {
            tenantId: TENANT,
            email: EMAIL,
            accountName: "tenant-acme",
            roleName: "OrganizationAccountAccessRole",
            organizationalUnitId: ouId,
            createAccountRequestId: result.createAccountRequestId,
        };
        expect(memory.puts).toEqual([
            { ...recorded, state: "requested" },
            { ...recorded, state: "created", accountId: result.accountId },
            { ...recorded, state: "placed", accountId: result.accountId },
        ]);
        expect(events).toEqual([
            { type: "requested", tenantId: TENANT, requestId: result.createAccountRequestId, attempt: 1 },
            {
                type: "polling",
                tenantId: TENANT,
                requestId: result.createAccountRequestId,
                attempt: 1,
                elapsedMs: 0,
            },
            {
                type: "succeeded",
                tenantId: TENANT,
                requestId: result.createAccountRequestId,
                accountId: result.accountId,
            },
            {
                type: "moved",
                tenantId: TENANT,
                accountId: result.accountId,
                fromParentId: rootId,
                toOrganizationalUnitId: ouId,
            },
        ]);
        expect(result).toEqual({
            ...recorded,
            tenantId: TENANT,
            accountId: result.accountId,
            outcome: "created",
        });
    });

    it("gives credentials that act in the new account through its OrganizationAccountAccessRole", async () => {
        const { deps } = harness();
        const { accountId, roleName } = await vendSiloAccount({ tenantId: TENANT, email: EMAIL }, deps);

        const sts = new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials });
        const assumed = await sts.send(
            new AssumeRoleCommand({
                RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
                RoleSessionName: "bootstrap",
            }),
        );
        const inSilo = new STSClient({
            region: "us-east-1",
            endpoint: moto.endpoint,
            credentials: {
                accessKeyId: assumed.Credentials?.AccessKeyId ?? "",
                secretAccessKey: assumed.Credentials?.SecretAccessKey ?? "",
                sessionToken: assumed.Credentials?.SessionToken ?? "",
            },
        });
        const identity = await inSilo.send(new GetCallerIdentityCommand({}));

        expect([identity.Account, identity.Arn]).toEqual([
            accountId,
            `arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/bootstrap`,
        ]);
    });

    it("uses the given name and role, and leaves the account in the root when no OU is configured", async () => {
        const { memory, events, deps } = harness();

        const result = await vendSiloAccount(
            { tenantId: TENANT, email: EMAIL, accountName: "Acme Corp (silo)", roleName: "TenantAdmin" },
            deps,
        );

        expect(calls).toEqual(["CreateAccountCommand", "DescribeCreateAccountStatusCommand"]);
        expect(await parentsOf(result.accountId)).toEqual([{ Id: rootId, Type: "ROOT" }]);
        expect(
            memory.puts.map((p) => [p.state, p.accountName, p.roleName, "organizationalUnitId" in p]),
        ).toEqual([
            ["requested", "Acme Corp (silo)", "TenantAdmin", false],
            ["created", "Acme Corp (silo)", "TenantAdmin", false],
            ["placed", "Acme Corp (silo)", "TenantAdmin", false],
        ]);
        expect(events.map((event) => event.type)).toEqual(["requested", "polling", "succeeded"]);
    });
});

describe("resuming against moto's Organizations", () => {
    /** An account requested by an earlier run that crashed after recording `state`. */
    async function crashedAfter(state: "requested" | "created"): Promise<VendingRecord> {
        const { CreateAccountStatus } = await client.send(
            new CreateAccountCommand({ Email: EMAIL, AccountName: "tenant-acme" }),
        );
        calls.length = 0;
        const base = {
            tenantId: TENANT,
            email: EMAIL,
            accountName: "tenant-acme",
            roleName: "OrganizationAccountAccessRole",
            organizationalUnitId: ouId,
            createAccountRequestId: CreateAccountStatus?.Id ?? "",
        };
        return state === "requested"
            ? { ...base, state }
            : { ...base, state, accountId: CreateAccountStatus?.AccountId ?? "" };
    }

    it("polls the recorded request instead of creating a second account", async () => {
        const requested = await crashedAfter("requested");
        const { memory, events, deps } = harness(requested);

        const result = await vendSiloAccount(
            { tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId },
            deps,
        );

        expect(calls).toEqual([
            "DescribeCreateAccountStatusCommand",
            "ListParentsCommand",
            "MoveAccountCommand",
        ]);
        expect(await memberAccounts()).toEqual([result.accountId]);
        expect(memory.puts.map((p) => p.state)).toEqual(["created", "placed"]);
        expect(events.map((e) => e.type)).toEqual(["resumed", "polling", "succeeded", "moved"]);
        expect(result.outcome).toBe("resumed");
    });

    it("only moves an account that was created but not moved", async () => {
        const created = await crashedAfter("created");
        const { memory, deps } = harness(created);

        const result = await vendSiloAccount(
            { tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId },
            deps,
        );

        expect(calls).toEqual(["ListParentsCommand", "MoveAccountCommand"]);
        expect(await parentsOf(result.accountId)).toEqual([{ Id: ouId, Type: "ORGANIZATIONAL_UNIT" }]);
        expect(memory.puts.map((p) => p.state)).toEqual(["placed"]);
        expect(result.outcome).toBe("resumed");
    });

    it("does not move again an account a crashed run already moved", async () => {
        const created = await crashedAfter("created");
        const accountId = "accountId" in created ? created.accountId : "";
        await client.send(
            new MoveAccountCommand({
                AccountId: accountId,
                SourceParentId: rootId,
                DestinationParentId: ouId,
            }),
        );
        calls.length = 0;
        const { memory, events, deps } = harness(created);

        await vendSiloAccount({ tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId }, deps);

        expect(calls).toEqual(["ListParentsCommand"]);
        expect(memory.puts.map((p) => p.state)).toEqual(["placed"]);
        expect(events).toEqual([
            {
                type: "resumed",
                tenantId: TENANT,
                state: "created",
                requestId: created.createAccountRequestId,
            },
        ]);
    });

    it("refuses to move an account someone placed in another OU", async () => {
        const created = await crashedAfter("created");
        const accountId = "accountId" in created ? created.accountId : "";
        const other =
            (await client.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "elsewhere" })))
                .OrganizationalUnit?.Id ?? "";
        await client.send(
            new MoveAccountCommand({
                AccountId: accountId,
                SourceParentId: rootId,
                DestinationParentId: other,
            }),
        );
        calls.length = 0;
        const { memory, deps } = harness(created);

        const attempt = vendSiloAccount({ tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId }, deps);

        await expect(attempt).rejects.toThrow(VendingStateError);
        await expect(attempt).rejects.toThrow(
            `silo account ${accountId} of tenant "acme" is in "${other}", neither the root nor ${ouId}: someone moved it; ` +
                `move it yourself (aws organizations move-account --account-id ${accountId} --source-parent-id ${other} ` +
                `--destination-parent-id ${ouId}), then re-run ${RESUME}`,
        );
        expect(calls).toEqual(["ListParentsCommand"]);
        expect(memory.puts).toEqual([]);
        expect(await parentsOf(accountId)).toEqual([{ Id: other, Type: "ORGANIZATIONAL_UNIT" }]);
    });

    it("makes no call at all when the account is already vended", async () => {
        const created = await crashedAfter("created");
        const placed = { ...created, state: "placed" } as VendingRecord;
        const { memory, events, deps } = harness(placed);

        const result = await vendSiloAccount(
            { tenantId: TENANT, email: EMAIL, organizationalUnitId: ouId },
            deps,
        );

        expect(calls).toEqual([]);
        expect(memory.puts).toEqual([]);
        expect(events).toEqual([]);
        expect(result.outcome).toBe("unchanged");
    });
});
