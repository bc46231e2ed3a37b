// aws-sdk-client-mock here, not moto: moto's CreateAccount always ends SUCCEEDED (checked with moto 5.1.22:
// even a second account with the same email succeeds), so no FailureReason can be produced by it.
import {
    CreateAccountCommand,
    CreateAccountFailureReason,
    DescribeCreateAccountStatusCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
    AccountCreationFailedError,
    CREATE_ACCOUNT_FAILURE_EXPLANATIONS,
    explainFailure,
    RETRYABLE_CREATE_REASONS,
    vendSiloAccount,
    type VendingRecord,
} from "../../../automation/vending/vend";

const REQUEST = "car-11111111111111111111111111111111";
const orgs = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: "us-east-1" });

/** Every non-retryable reason of the installed SDK and the exact "what. Fix: ..." an operator reads. */
const FAILURE_MESSAGES: readonly [string, string][] = [
    [
        "ACCOUNT_LIMIT_EXCEEDED",
        'the organization has reached its quota of member accounts (10 by default). Fix: request a higher "Default maximum number of accounts" quota for AWS Organizations in Service Quotas from the management account, or close unused accounts, then re-run.',
    ],
    [
        "EMAIL_ALREADY_EXISTS",
        "another AWS account already uses this email address. Fix: use an address no AWS account uses (for example a plus address such as aws+<tenant>@example.com); if an earlier run crashed before it recorded its request, the account is already in this organization: find it with aws organizations list-accounts and pass it with --silo-account <id>.",
    ],
    [
        "FAILED_BUSINESS_VALIDATION",
        "the management account failed business license validation. Fix: resolve the business validation of the management account with AWS Support, then re-run.",
    ],
    [
        "GOVCLOUD_ACCOUNT_ALREADY_EXISTS",
        "an AWS GovCloud (US) account with this email address already exists. Fix: use another email address, then re-run.",
    ],
    [
        "INTERNAL_FAILURE",
        "AWS Organizations failed internally. Fix: re-run later; if it keeps failing, contact AWS Support with the request id.",
    ],
    [
        "INVALID_ADDRESS",
        "the contact address of the management account is not valid. Fix: correct the contact information in the management account's Account settings, then re-run.",
    ],
    [
        "INVALID_EMAIL",
        "AWS rejected the email address. Fix: use a deliverable address (6-64 ASCII characters, one @, a domain with a dot), then re-run.",
    ],
    [
        "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION",
        "the management account has no valid identity data for business license validation. Fix: update the identity data of the management account with AWS Support, then re-run.",
    ],
    [
        "INVALID_PAYMENT_INSTRUMENT",
        "the payment method of the management account is not supported. Fix: add a supported payment method in the management account's Billing console (Payment preferences), then re-run.",
    ],
    [
        "MISSING_BUSINESS_VALIDATION",
        "the management account has not received business license validation. Fix: complete business validation of the management account with AWS Support, then re-run.",
    ],
    [
        "MISSING_PAYMENT_INSTRUMENT",
        "the management account has no payment method. Fix: add a valid payment method (such as a credit card) in the management account's Billing console, then re-run.",
    ],
    [
        "PENDING_BUSINESS_VALIDATION",
        "business license validation of the management account is still in progress. Fix: wait until AWS completes the validation, then re-run.",
    ],
    [
        "UNKNOWN_BUSINESS_VALIDATION",
        "business license validation of the management account has an unknown issue. Fix: contact AWS Support about the management account's business validation, then re-run.",
    ],
    [
        "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED",
        "Organizations refused the tags of the request because tags only apply when a resource is first created. Fix: check with aws organizations list-create-account-status that no other request for this email is running, then re-run; if it repeats, contact AWS Support with the request id.",
    ],
    // Not in the installed SDK: a reason AWS adds later still gets a message naming it.
    [
        "SOME_FUTURE_REASON",
        "AWS Organizations reported a failure reason this tool does not know (SOME_FUTURE_REASON). Fix: look the reason up in the CreateAccountStatus API reference, fix it, then re-run.",
    ],
];

function memoryStore() {
    const puts: VendingRecord[] = [];
    return {
        puts,
        store: {
            get: async () => puts.at(-1),
            put: async (record: VendingRecord) => {
                puts.push(record);
            },
        },
    };
}

beforeEach(() => {
    orgs.reset();
});

describe("CreateAccount failure reasons", () => {
    it("has a message for every FailureReason of the installed SDK (fails when an SDK upgrade adds one)", () => {
        const sdkReasons = Object.values(CreateAccountFailureReason).sort();
        const covered = [...FAILURE_MESSAGES.map(([reason]) => reason), ...RETRYABLE_CREATE_REASONS];

        expect(Object.keys(CREATE_ACCOUNT_FAILURE_EXPLANATIONS).sort()).toEqual(sdkReasons);
        expect(sdkReasons.filter((reason) => !covered.includes(reason))).toEqual([]);
        expect(sdkReasons).toHaveLength(15);
    });

    it.each(FAILURE_MESSAGES)(
        "%s fails with its explanation and records the failure",
        async (reason, message) => {
            // Prepare
            orgs.on(CreateAccountCommand).resolves({
                CreateAccountStatus: { Id: REQUEST, State: "IN_PROGRESS" },
            });
            // The SDK types FailureReason as its enum; the service may send newer values (the last row).
            const FailureReason = reason as CreateAccountFailureReason;
            orgs.on(DescribeCreateAccountStatusCommand).resolves({
                CreateAccountStatus: { Id: REQUEST, State: "FAILED", FailureReason },
            });
            const memory = memoryStore();
            const sleeps: number[] = [];

            // Act
            const error: unknown = await vendSiloAccount(
                { tenantId: "acme", email: "aws+acme@example.com" },
                { client, progress: memory.store, sleep: async (ms) => void sleeps.push(ms), now: () => 0 },
            ).then(
                () => undefined,
                (rejected: unknown) => rejected,
            );

            // Assert
            expect(error).toBeInstanceOf(AccountCreationFailedError);
            expect(error).toMatchObject({ failureReason: reason, attempts: 1, requestId: REQUEST });
            expect(error).toHaveProperty(
                "message",
                `creating the silo account of tenant "acme" failed (request ${REQUEST}): ${reason}: ${message}`,
            );
            expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
            expect(sleeps).toEqual([]);
            const requested = {
                tenantId: "acme",
                email: "aws+acme@example.com",
                accountName: "tenant-acme",
                roleName: "OrganizationAccountAccessRole",
                createAccountRequestId: REQUEST,
            };
            expect(memory.puts).toStrictEqual([
                { ...requested, state: "requested" },
                { ...requested, state: "failed", failureReason: reason },
            ]);
        },
    );

    it("explains the retryable reasons too, for when the attempts run out", () => {
        expect(explainFailure("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED")).toEqual({
            what: "the organization created too many accounts in a short time",
            fix: "wait an hour (or ask AWS Support to raise the account creation rate), then re-run",
        });
        expect(explainFailure("CONCURRENT_ACCOUNT_MODIFICATION")).toEqual({
            what: "another request with the same information was being processed at the same time",
            fix: "wait for it to finish (aws organizations list-create-account-status --states IN_PROGRESS), then re-run",
        });
    });
});
