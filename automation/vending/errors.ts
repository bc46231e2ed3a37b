/**
 * Errors of silo-account vending, and what to do about every way `CreateAccount` can fail. Each
 * message names what went wrong, the value involved and the fix, so a CLI can print it as is.
 */
import type { CreateAccountFailureReason } from "@aws-sdk/client-organizations";

/** What a failure reason means and how an operator fixes it. */
export interface FailureExplanation {
    readonly what: string;
    readonly fix: string;
}

/**
 * One explanation per `CreateAccountFailureReason` of the installed SDK. The `Record` makes the
 * compiler reject an SDK upgrade that adds a reason without an explanation here.
 */
export const CREATE_ACCOUNT_FAILURE_EXPLANATIONS: Readonly<
    Record<CreateAccountFailureReason, FailureExplanation>
> = Object.freeze({
    ACCOUNT_LIMIT_EXCEEDED: {
        what: "the organization has reached its quota of member accounts (10 by default)",
        fix: 'request a higher "Default maximum number of accounts" quota for AWS Organizations in Service Quotas from the management account, or close unused accounts, then re-run',
    },
    CONCURRENT_ACCOUNT_MODIFICATION: {
        what: "another request with the same information was being processed at the same time",
        fix: "wait for it to finish (aws organizations list-create-account-status --states IN_PROGRESS), then re-run",
    },
    EMAIL_ALREADY_EXISTS: {
        what: "another AWS account already uses this email address",
        fix: "use an address no AWS account uses (for example a plus address such as aws+<tenant>@example.com); if an earlier run crashed before it recorded its request, the account is already in this organization: find it with aws organizations list-accounts and pass it with --silo-account <id>",
    },
    FAILED_BUSINESS_VALIDATION: {
        what: "the management account failed business license validation",
        fix: "resolve the business validation of the management account with AWS Support, then re-run",
    },
    GOVCLOUD_ACCOUNT_ALREADY_EXISTS: {
        what: "an AWS GovCloud (US) account with this email address already exists",
        fix: "use another email address, then re-run",
    },
    INTERNAL_FAILURE: {
        what: "AWS Organizations failed internally",
        fix: "re-run later; if it keeps failing, contact AWS Support with the request id",
    },
    INVALID_ADDRESS: {
        what: "the contact address of the management account is not valid",
        fix: "correct the contact information in the management account's Account settings, then re-run",
    },
    INVALID_EMAIL: {
        what: "AWS rejected the email address",
        fix: "use a deliverable address (6-64 ASCII characters, one @, a domain with a dot), then re-run",
    },
    INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: {
        what: "the management account has no valid identity data for business license validation",
        fix: "update the identity data of the management account with AWS Support, then re-run",
    },
    INVALID_PAYMENT_INSTRUMENT: {
        what: "the payment method of the management account is not supported",
        fix: "add a supported payment method in the management account's Billing console (Payment preferences), then re-run",
    },
    MISSING_BUSINESS_VALIDATION: {
        what: "the management account has not received business license validation",
        fix: "complete business validation of the management account with AWS Support, then re-run",
    },
    MISSING_PAYMENT_INSTRUMENT: {
        what: "the management account has no payment method",
        fix: "add a valid payment method (such as a credit card) in the management account's Billing console, then re-run",
    },
    PENDING_BUSINESS_VALIDATION: {
        what: "business license validation of the management account is still in progress",
        fix: "wait until AWS completes the validation, then re-run",
    },
    UNKNOWN_BUSINESS_VALIDATION: {
        what: "business license validation of the management account has an unknown issue",
        fix: "contact AWS Support about the management account's business validation, then re-run",
    },
    UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: {
        what: "Organizations refused the tags of the request because tags only apply when a resource is first created",
        fix: "check with aws organizations list-create-account-status that no other request for this email is running, then re-run; if it repeats, contact AWS Support with the request id",
    },
});

/** Retryable reasons that arrive as a `ConstraintViolationException` rather than a `FailureReason`. */
const SERVICE_ERROR_EXPLANATIONS: Readonly<Record<string, FailureExplanation>> = Object.freeze({
    ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED: {
        what: "the organization created too many accounts in a short time",
        fix: "wait an hour (or ask AWS Support to raise the account creation rate), then re-run",
    },
    ConcurrentModificationException: {
        what: "the organization was being modified by another request",
        fix: "wait for the other operation to finish, then re-run",
    },
});

/** The explanation of `reason`, also for a reason newer than the installed SDK. */
export function explainFailure(reason: string): FailureExplanation {
    const known: Readonly<Record<string, FailureExplanation>> = CREATE_ACCOUNT_FAILURE_EXPLANATIONS;
    return (
        known[reason] ??
        SERVICE_ERROR_EXPLANATIONS[reason] ?? {
            what: `AWS Organizations reported a failure reason this tool does not know (${reason})`,
            fix: "look the reason up in the CreateAccountStatus API reference, fix it, then re-run",
        }
    );
}

/** Invalid input, detected before any AWS call. The message names the field, the value and the rule. */
export class VendingInputError extends Error {
    override readonly name = "VendingInputError";
    constructor(
        readonly field: string,
        readonly value: unknown,
        readonly rule: string,
    ) {
        super(`${field} ${JSON.stringify(value)} is invalid: ${rule}`);
    }
}

/** `CreateAccount` ended in `FAILED`, or kept hitting a retryable reason until the attempts ran out. */
export class AccountCreationFailedError extends Error {
    override readonly name = "AccountCreationFailedError";
    readonly fix: string;
    constructor(
        readonly tenantId: string,
        readonly failureReason: string,
        readonly attempts: number,
        readonly requestId?: string,
        options?: ErrorOptions,
    ) {
        const { what, fix } = explainFailure(failureReason);
        const request = requestId === undefined ? "" : ` (request ${requestId})`;
        const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
        super(
            `creating the silo account of tenant "${tenantId}" failed${tries}${request}: ${failureReason}: ${what}. Fix: ${fix}.`,
            options,
        );
        this.fix = fix;
    }
}

/** Account creation was still `IN_PROGRESS` when the overall timeout ran out. */
export class VendingTimeoutError extends Error {
    override readonly name = "VendingTimeoutError";
    constructor(
        readonly tenantId: string,
        readonly requestId: string,
        readonly elapsedMs: number,
        resumeCommand: string,
    ) {
        super(
            `the silo account of tenant "${tenantId}" is still being created after ${Math.round(elapsedMs / 1000)}s (request ${requestId}): ` +
                `the request is recorded, so re-run ${resumeCommand} to resume polling; no second account will be created`,
        );
    }
}

/** The recorded progress and the request or the organization disagree; nothing was changed. */
export class VendingStateError extends Error {
    override readonly name = "VendingStateError";
    constructor(
        readonly tenantId: string,
        message: string,
        options?: ErrorOptions,
    ) {
        super(message, options);
    }
}

/** Hints for AWS errors whose fix is always the same. */
const STEP_HINTS: Readonly<Record<string, string>> = Object.freeze({
    AccessDeniedException:
        "use credentials of the organization's management account (CreateAccount is only allowed there) with organizations:CreateAccount, DescribeCreateAccountStatus, ListParents and MoveAccount",
    CreateAccountStatusNotFoundException:
        "this organization does not know the recorded request id: check that the credentials belong to the organization that created it; if the request is older than 90 days, find the account with aws organizations list-accounts and continue with --silo-account <id>",
    AWSOrganizationsNotInUseException:
        "these credentials do not belong to an organization: use the management account's",
});

/** An AWS call failed in a way vending does not handle; what was recorded so far is kept. */
export class VendingStepError extends Error {
    override readonly name = "VendingStepError";
    constructor(
        readonly tenantId: string,
        readonly step: string,
        done: string,
        resumeCommand: string,
        cause: unknown,
    ) {
        const reason =
            cause instanceof Error ? `${cause.name}: ${cause.message.replace(/\.$/, "")}` : String(cause);
        const hint = cause instanceof Error ? STEP_HINTS[cause.name] : undefined;
        super(
            `vending the silo account of tenant "${tenantId}" failed at ${step}: ${reason}. ${done} ` +
                `${hint === undefined ? "Fix the cause" : `Fix: ${hint}`}, then re-run ${resumeCommand}; it resumes from the recorded progress.`,
            { cause },
        );
    }
}

/** Why an existing account cannot be used as a tenant's silo account. */
export type ExistingAccountProblem =
    | "not-found"
    | "not-active"
    | "other-organization"
    | "organization-mismatch"
    | "management-account"
    | "aws-error";

/** `--silo-account <id>` names an account that cannot host a tenant. */
export class ExistingAccountError extends Error {
    override readonly name = "ExistingAccountError";
    constructor(
        readonly accountId: string,
        readonly problem: ExistingAccountProblem,
        message: string,
        options?: ErrorOptions,
    ) {
        super(message, options);
    }
}
