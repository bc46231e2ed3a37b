// aws-sdk-client-mock here, not moto: moto's CreateAccount is SUCCEEDED at once (no IN_PROGRESS to poll,
// so no backoff or timeout), never FAILED with a FailureReason, and moto never answers CreateAccount or
// MoveAccount with ConcurrentModificationException, ConstraintViolationException or AccessDeniedException.
// Everything moto does reproduce (create, status, move, parents, resume, AssumeRole) is in vendMoto.test.ts.
import {
    AccessDeniedException,
    ConcurrentModificationException,
    ConstraintViolationException,
    CreateAccountCommand,
    type CreateAccountFailureReason,
    type CreateAccountStatus,
    DescribeCreateAccountStatusCommand,
    ListParentsCommand,
    MoveAccountCommand,
    OrganizationsClient,
    type Parent,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
    AccountCreationFailedError,
    vendSiloAccount,
    VendingStateError,
    VendingStepError,
    VendingTimeoutError,
    type VendingBackoff,
    type VendingEvent,
    type VendingRecord,
    type VendSiloAccountInput,
} from "../../../automation/vending/vend";

const TENANT = "acme";
const EMAIL = "aws+acme@example.com";
const OU = "ou-ab12-cdef3456";
const ROOT = "r-ab12";
const REQUEST = "car-11111111111111111111111111111111";
const REQUEST_2 = "car-22222222222222222222222222222222";
const ACCOUNT = "210987654321";
const INPUT: VendSiloAccountInput = { tenantId: TENANT, email: EMAIL, organizationalUnitId: OU };
const RECORDED = {
    tenantId: TENANT,
    email: EMAIL,
    accountName: "tenant-acme",
    roleName: "OrganizationAccountAccessRole",
    organizationalUnitId: OU,
    createAccountRequestId: REQUEST,
} as const;
const REQUESTED: VendingRecord = { ...RECORDED, state: "requested" };
const CREATED: VendingRecord = { ...RECORDED, state: "created", accountId: ACCOUNT };
const PLACED: VendingRecord = { ...RECORDED, state: "placed", accountId: ACCOUNT };
const EXPECTED_CREATE_INPUT = {
    Email: EMAIL,
    AccountName: "tenant-acme",
    RoleName: "OrganizationAccountAccessRole",
    IamUserAccessToBilling: "DENY",
    Tags: [
        { Key: "TenantId", Value: "acme" },
        { Key: "Tier", Value: "premium" },
    ],
};
const EXPECTED_MOVE_INPUT = { AccountId: ACCOUNT, SourceParentId: ROOT, DestinationParentId: OU };
const RESUME = "npm run tenant -- signup acme --tier premium --silo create --email aws+acme@example.com";

const orgs = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: "us-east-1" });

const inProgress = (id = REQUEST): CreateAccountStatus => ({ Id: id, State: "IN_PROGRESS" });
const succeeded = (id = REQUEST): CreateAccountStatus => ({ Id: id, State: "SUCCEEDED", AccountId: ACCOUNT });
const failed = (reason: CreateAccountFailureReason, id = REQUEST): CreateAccountStatus => ({
    Id: id,
    State: "FAILED",
    FailureReason: reason,
});
const metadata = { $metadata: {} };

/** A store that keeps every record written, and can fail the n-th put (1-based) to simulate a crash. */
function memoryStore(initial?: VendingRecord, failPut?: number) {
    const puts: VendingRecord[] = [];
    let current = initial;
    let gets = 0;
    return {
        puts,
        gets: () => gets,
        current: () => current,
        store: {
            get: async () => {
                gets++;
                return current;
            },
            put: async (record: VendingRecord) => {
                if (puts.length + 1 === failPut) throw new Error("store unavailable");
                puts.push(record);
                current = record;
            },
        },
    };
}

/** A clock that only moves when the code sleeps; every delay is recorded. */
function fakeClock() {
    const delays: number[] = [];
    let now = 1_700_000_000_000;
    return {
        delays,
        now: () => now,
        sleep: async (ms: number) => {
            delays.push(ms);
            now += ms;
        },
    };
}

function harness(
    initial?: VendingRecord,
    options: { failPut?: number; backoff?: Partial<VendingBackoff> } = {},
) {
    const memory = memoryStore(initial, options.failPut);
    const clock = fakeClock();
    const events: VendingEvent[] = [];
    const deps = {
        client,
        progress: memory.store,
        sleep: clock.sleep,
        now: clock.now,
        onProgress: (event: VendingEvent) => events.push(event),
        resumeCommand: RESUME,
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    };
    return { memory, clock, events, deps };
}

const commandNames = () => orgs.calls().map((call) => call.args[0].constructor.name);

async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof Error) return error;
        throw error;
    }
    throw new Error("expected a rejection");
}

/** A healthy organization: the request succeeds after `pollsInProgress` polls; the account starts in the root. */
function healthy(pollsInProgress = 0, parent: Parent = { Id: ROOT, Type: "ROOT" }) {
    orgs.on(CreateAccountCommand).resolves({ CreateAccountStatus: inProgress() });
    const describe = orgs.on(DescribeCreateAccountStatusCommand);
    for (let i = 0; i < pollsInProgress; i++) describe.resolvesOnce({ CreateAccountStatus: inProgress() });
    describe.resolves({ CreateAccountStatus: succeeded() });
    orgs.on(ListParentsCommand).resolves({ Parents: [parent] });
    orgs.on(MoveAccountCommand).resolves({});
}

beforeEach(() => {
    orgs.reset();
});

describe("vending a silo account", () => {
    it("creates, polls with backoff, records each step, then moves the account into the OU", async () => {
        // Prepare
        healthy(2);
        const { memory, clock, events, deps } = harness();

        // Act
        const result = await vendSiloAccount(INPUT, deps);

        // Assert
        expect(commandNames()).toEqual([
            "CreateAccountCommand",
            "DescribeCreateAccountStatusCommand",
            "DescribeCreateAccountStatusCommand",
            "DescribeCreateAccountStatusCommand",
            "ListParentsCommand",
            "MoveAccountCommand",
        ]);
        expect(orgs.commandCalls(CreateAccountCommand)[0]?.args[0].input).toEqual(EXPECTED_CREATE_INPUT);
        expect(
            orgs.commandCalls(DescribeCreateAccountStatusCommand).map((call) => call.args[0].input),
        ).toEqual([
            { CreateAccountRequestId: REQUEST },
            { CreateAccountRequestId: REQUEST },
            { CreateAccountRequestId: REQUEST },
        ]);
        expect(orgs.commandCalls(ListParentsCommand)[0]?.args[0].input).toEqual({ ChildId: ACCOUNT });
        expect(orgs.commandCalls(MoveAccountCommand)[0]?.args[0].input).toEqual(EXPECTED_MOVE_INPUT);
        expect(clock.delays).toEqual([5_000, 10_000]);
        expect(memory.puts).toEqual([REQUESTED, CREATED, PLACED]);
        expect(events).toEqual([
            { type: "requested", tenantId: TENANT, requestId: REQUEST, attempt: 1 },
            { type: "polling", tenantId: TENANT, requestId: REQUEST, attempt: 1, elapsedMs: 0 },
            { type: "polling", tenantId: TENANT, requestId: REQUEST, attempt: 2, elapsedMs: 5_000 },
            { type: "polling", tenantId: TENANT, requestId: REQUEST, attempt: 3, elapsedMs: 15_000 },
            { type: "succeeded", tenantId: TENANT, requestId: REQUEST, accountId: ACCOUNT },
            {
                type: "moved",
                tenantId: TENANT,
                accountId: ACCOUNT,
                fromParentId: ROOT,
                toOrganizationalUnitId: OU,
            },
        ]);
        expect(result).toEqual({
            tenantId: TENANT,
            accountId: ACCOUNT,
            email: EMAIL,
            accountName: "tenant-acme",
            roleName: "OrganizationAccountAccessRole",
            organizationalUnitId: OU,
            createAccountRequestId: REQUEST,
            outcome: "created",
        });
    });

    it("doubles the polling delay up to its maximum", async () => {
        healthy(7);
        const { clock, deps } = harness();

        await vendSiloAccount(INPUT, deps);

        expect(orgs.commandCalls(DescribeCreateAccountStatusCommand)).toHaveLength(8);
        expect(clock.delays).toEqual([5_000, 10_000, 20_000, 30_000, 30_000, 30_000, 30_000]);
    });

    it("times out with a named error saying what to re-run, keeping the request recorded", async () => {
        orgs.on(CreateAccountCommand).resolves({ CreateAccountStatus: inProgress() });
        orgs.on(DescribeCreateAccountStatusCommand).resolves({ CreateAccountStatus: inProgress() });
        const { memory, clock, deps } = harness(undefined, { backoff: { timeoutMs: 60_000 } });

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(VendingTimeoutError);
        expect(error.message).toBe(
            `the silo account of tenant "acme" is still being created after 60s (request ${REQUEST}): ` +
                `the request is recorded, so re-run ${RESUME} to resume polling; no second account will be created`,
        );
        // The last wait is cut to the deadline, so the final poll happens exactly at 60 s.
        expect(clock.delays).toEqual([5_000, 10_000, 20_000, 25_000]);
        expect(orgs.commandCalls(DescribeCreateAccountStatusCommand)).toHaveLength(5);
        expect(memory.puts).toEqual([REQUESTED]);
    });
});

describe("retrying CreateAccount", () => {
    it.each([
        [
            "ConcurrentModificationException",
            new ConcurrentModificationException({ message: "busy", ...metadata }),
            "ConcurrentModificationException",
        ],
        [
            "ConstraintViolationException ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
            new ConstraintViolationException({
                message: "too many accounts created",
                Reason: "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
                ...metadata,
            }),
            "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
        ],
    ])("retries after the service error %s with backoff", async (_name, serviceError, reason) => {
        healthy();
        orgs.on(CreateAccountCommand)
            .rejectsOnce(serviceError)
            .resolves({ CreateAccountStatus: inProgress() });
        const { memory, clock, events, deps } = harness();

        const result = await vendSiloAccount(INPUT, deps);

        expect(orgs.commandCalls(CreateAccountCommand).map((call) => call.args[0].input)).toEqual([
            EXPECTED_CREATE_INPUT,
            EXPECTED_CREATE_INPUT,
        ]);
        expect(clock.delays).toEqual([15_000]);
        expect(events.slice(0, 2)).toEqual([
            {
                type: "retrying",
                tenantId: TENANT,
                step: "CreateAccount",
                reason,
                attempt: 1,
                delayMs: 15_000,
            },
            { type: "requested", tenantId: TENANT, requestId: REQUEST, attempt: 2 },
        ]);
        expect(memory.puts).toEqual([REQUESTED, CREATED, PLACED]);
        expect(result.accountId).toBe(ACCOUNT);
    });

    it.each([
        ["CONCURRENT_ACCOUNT_MODIFICATION"],
        // Not in the SDK's enum, but AWS documents it as a retryable reason of account creation.
        ["ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED"],
    ])("requests again after FailureReason %s, recording the new request id", async (reason) => {
        healthy();
        orgs.on(CreateAccountCommand)
            .resolvesOnce({ CreateAccountStatus: inProgress(REQUEST_2) })
            .resolves({ CreateAccountStatus: inProgress() });
        orgs.on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: REQUEST_2 }).resolves({
            CreateAccountStatus: failed(reason as CreateAccountFailureReason, REQUEST_2),
        });
        const { memory, clock, events, deps } = harness();

        await vendSiloAccount(INPUT, deps);

        expect(commandNames()).toEqual([
            "CreateAccountCommand",
            "DescribeCreateAccountStatusCommand",
            "CreateAccountCommand",
            "DescribeCreateAccountStatusCommand",
            "ListParentsCommand",
            "MoveAccountCommand",
        ]);
        expect(clock.delays).toEqual([15_000]);
        expect(memory.puts).toEqual([
            { ...REQUESTED, createAccountRequestId: REQUEST_2 },
            REQUESTED,
            CREATED,
            PLACED,
        ]);
        expect(events[2]).toEqual({
            type: "retrying",
            tenantId: TENANT,
            step: "CreateAccount",
            reason,
            attempt: 1,
            delayMs: 15_000,
        });
    });

    it("gives up after the maximum attempts of a service error, with doubling delays and nothing recorded", async () => {
        const busy = new ConcurrentModificationException({ message: "busy", ...metadata });
        orgs.on(CreateAccountCommand).rejects(busy);
        const { memory, clock, deps } = harness();

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(AccountCreationFailedError);
        expect(error.message).toBe(
            'creating the silo account of tenant "acme" failed after 5 attempts: ConcurrentModificationException: ' +
                "the organization was being modified by another request. Fix: wait for the other operation to finish, then re-run.",
        );
        expect(error.cause).toBe(busy);
        expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(5);
        expect(clock.delays).toEqual([15_000, 30_000, 60_000, 120_000]);
        expect(memory.puts).toEqual([]);
    });

    it("gives up after the maximum attempts of a retryable FailureReason and records the request as failed", async () => {
        orgs.on(CreateAccountCommand)
            .resolvesOnce({ CreateAccountStatus: inProgress() })
            .resolves({ CreateAccountStatus: inProgress(REQUEST_2) });
        orgs.on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: REQUEST }).resolves({
            CreateAccountStatus: failed("CONCURRENT_ACCOUNT_MODIFICATION"),
        });
        orgs.on(DescribeCreateAccountStatusCommand, { CreateAccountRequestId: REQUEST_2 }).resolves({
            CreateAccountStatus: failed("CONCURRENT_ACCOUNT_MODIFICATION", REQUEST_2),
        });
        const { memory, clock, deps } = harness(undefined, { backoff: { maxAttempts: 2 } });

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(AccountCreationFailedError);
        expect(error.message).toBe(
            `creating the silo account of tenant "acme" failed after 2 attempts (request ${REQUEST_2}): CONCURRENT_ACCOUNT_MODIFICATION: ` +
                "another request with the same information was being processed at the same time. " +
                "Fix: wait for it to finish (aws organizations list-create-account-status --states IN_PROGRESS), then re-run.",
        );
        expect(clock.delays).toEqual([15_000]);
        const second = { ...REQUESTED, createAccountRequestId: REQUEST_2 };
        expect(memory.puts).toEqual([
            REQUESTED,
            second,
            { ...second, state: "failed", failureReason: "CONCURRENT_ACCOUNT_MODIFICATION" },
        ]);
    });

    it("does not retry a constraint violation other than the creation rate", async () => {
        const limit = new ConstraintViolationException({
            message: "You have exceeded the allowed number of AWS accounts.",
            Reason: "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
            ...metadata,
        });
        orgs.on(CreateAccountCommand).rejects(limit);
        const { memory, deps } = harness();

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(VendingStepError);
        expect(error.message).toBe(
            'vending the silo account of tenant "acme" failed at CreateAccount: ConstraintViolationException: ' +
                "You have exceeded the allowed number of AWS accounts. No account was requested. " +
                `Fix the cause, then re-run ${RESUME}; it resumes from the recorded progress.`,
        );
        expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
        expect(memory.puts).toEqual([]);
    });

    it("explains that CreateAccount needs management-account credentials", async () => {
        orgs.on(CreateAccountCommand).rejects(
            new AccessDeniedException({ message: "not allowed", ...metadata }),
        );
        const { deps } = harness();

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(VendingStepError);
        expect(error.message).toBe(
            'vending the silo account of tenant "acme" failed at CreateAccount: AccessDeniedException: not allowed. No account was requested. ' +
                "Fix: use credentials of the organization's management account (CreateAccount is only allowed there) with " +
                `organizations:CreateAccount, DescribeCreateAccountStatus, ListParents and MoveAccount, then re-run ${RESUME}; it resumes from the recorded progress.`,
        );
    });
});

describe("moving the account", () => {
    it("retries MoveAccount on ConcurrentModificationException", async () => {
        healthy();
        orgs.on(MoveAccountCommand)
            .rejectsOnce(new ConcurrentModificationException({ message: "busy", ...metadata }))
            .resolves({});
        const { clock, events, deps } = harness();

        await vendSiloAccount(INPUT, deps);

        expect(orgs.commandCalls(MoveAccountCommand).map((call) => call.args[0].input)).toEqual([
            EXPECTED_MOVE_INPUT,
            EXPECTED_MOVE_INPUT,
        ]);
        expect(clock.delays).toEqual([15_000]);
        expect(events.at(-2)).toEqual({
            type: "retrying",
            tenantId: TENANT,
            step: "MoveAccount",
            reason: "ConcurrentModificationException",
            attempt: 1,
            delayMs: 15_000,
        });
    });
});

describe("resuming from the recorded progress", () => {
    it("polls the recorded request instead of creating a second account", async () => {
        healthy(1);
        const { memory, clock, events, deps } = harness(REQUESTED);

        const result = await vendSiloAccount(INPUT, deps);

        expect(commandNames()).toEqual([
            "DescribeCreateAccountStatusCommand",
            "DescribeCreateAccountStatusCommand",
            "ListParentsCommand",
            "MoveAccountCommand",
        ]);
        expect(clock.delays).toEqual([5_000]);
        expect(memory.puts).toEqual([CREATED, PLACED]);
        expect(events.map((event) => event.type)).toEqual([
            "resumed",
            "polling",
            "polling",
            "succeeded",
            "moved",
        ]);
        expect(events[0]).toEqual({
            type: "resumed",
            tenantId: TENANT,
            state: "requested",
            requestId: REQUEST,
        });
        expect(result.outcome).toBe("resumed");
    });

    it.each<[string, () => void, number | undefined, VendingRecord, string[]]>([
        [
            "DescribeCreateAccountStatus",
            () => orgs.on(DescribeCreateAccountStatusCommand).rejects(new Error("socket hang up")),
            undefined,
            REQUESTED,
            ["DescribeCreateAccountStatusCommand", "ListParentsCommand", "MoveAccountCommand"],
        ],
        [
            "recording the account id",
            () => undefined,
            2,
            REQUESTED,
            ["DescribeCreateAccountStatusCommand", "ListParentsCommand", "MoveAccountCommand"],
        ],
        [
            "ListParents",
            () => orgs.on(ListParentsCommand).rejects(new Error("socket hang up")),
            undefined,
            CREATED,
            ["ListParentsCommand", "MoveAccountCommand"],
        ],
        [
            "MoveAccount",
            () => orgs.on(MoveAccountCommand).rejects(new Error("socket hang up")),
            undefined,
            CREATED,
            ["ListParentsCommand", "MoveAccountCommand"],
        ],
        ["recording the move", () => undefined, 3, CREATED, ["ListParentsCommand"]],
    ])(
        "finishes after a crash at %s without a second CreateAccount",
        async (_step, crash, failPut, recordAfterCrash, secondRunCommands) => {
            // Prepare: the first run crashes at the step.
            healthy();
            crash();
            const first = harness(undefined, failPut === undefined ? {} : { failPut });
            await rejection(vendSiloAccount(INPUT, first.deps));
            expect(first.memory.current()).toEqual(recordAfterCrash);
            expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);

            // Act: a healthy re-run from the same record (the account is where the first run left it).
            orgs.reset();
            healthy(0, failPut === 3 ? { Id: OU, Type: "ORGANIZATIONAL_UNIT" } : { Id: ROOT, Type: "ROOT" });
            const second = harness(first.memory.current());
            const result = await vendSiloAccount(INPUT, second.deps);

            // Assert
            expect(commandNames()).toEqual(secondRunCommands);
            expect(second.memory.current()).toEqual(PLACED);
            expect(result.accountId).toBe(ACCOUNT);
        },
    );

    it("stops, naming the request id, when the request cannot be recorded", async () => {
        healthy();
        const { deps } = harness(undefined, { failPut: 1 });

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(VendingStateError);
        expect(error.message).toBe(
            `CreateAccount request ${REQUEST} of tenant "acme" was accepted but recording it failed (Error: store unavailable): ` +
                "do not re-run before the record is fixed, or a second account may be requested; find the account id with " +
                `aws organizations describe-create-account-status --create-account-request-id ${REQUEST} and continue with --silo-account <id>`,
        );
        expect(commandNames()).toEqual(["CreateAccountCommand"]);
    });

    it("refuses a different email for a tenant that already has a request, making no call", async () => {
        healthy();
        const { memory, deps } = harness(REQUESTED);

        const error = await rejection(vendSiloAccount({ ...INPUT, email: "ops@acme.example" }, deps));

        expect(error).toBeInstanceOf(VendingStateError);
        expect(error.message).toBe(
            `tenant "acme" already has a silo account (request ${REQUEST}, state requested) with email "aws+acme@example.com", ` +
                'but this run asks for "ops@acme.example": a tenant gets one silo account, so re-run with the recorded email; nothing was changed',
        );
        expect(orgs.calls()).toHaveLength(0);
        expect(memory.puts).toEqual([]);
    });

    it("refuses another OU for a vended account, making no call", async () => {
        const { deps } = harness(PLACED);

        const error = await rejection(vendSiloAccount({ tenantId: TENANT, email: EMAIL }, deps));

        expect(error.message).toBe(
            `tenant "acme" already has a silo account (request ${REQUEST}, state placed) with organizational unit id "ou-ab12-cdef3456", ` +
                "but this run asks for none: a tenant gets one silo account, so re-run with the recorded organizational unit id; nothing was changed",
        );
        expect(orgs.calls()).toHaveLength(0);
    });

    it("refuses a record of another tenant", async () => {
        const { deps } = harness({ ...PLACED, tenantId: "globex" });

        const error = await rejection(vendSiloAccount(INPUT, deps));

        expect(error).toBeInstanceOf(VendingStateError);
        expect(error.message).toBe(
            'the progress store returned the vending record of tenant "globex" while vending for "acme": it is wired to the wrong tenant; nothing was changed',
        );
        expect(orgs.calls()).toHaveLength(0);
    });

    it("requests again, also with a corrected email, after a request that failed", async () => {
        healthy();
        const failedRecord: VendingRecord = {
            ...RECORDED,
            state: "failed",
            failureReason: "EMAIL_ALREADY_EXISTS",
        };
        const { memory, deps } = harness(failedRecord);

        const result = await vendSiloAccount({ ...INPUT, email: "aws+acme-2@example.com" }, deps);

        expect(orgs.commandCalls(CreateAccountCommand)[0]?.args[0].input).toEqual({
            ...EXPECTED_CREATE_INPUT,
            Email: "aws+acme-2@example.com",
        });
        expect(memory.puts.map((record) => [record.state, record.email])).toEqual([
            ["requested", "aws+acme-2@example.com"],
            ["created", "aws+acme-2@example.com"],
            ["placed", "aws+acme-2@example.com"],
        ]);
        expect(result.outcome).toBe("created");
    });
});
