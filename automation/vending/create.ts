/**
 * The creation step: `CreateAccount` (unless a request is recorded), then polling
 * `DescribeCreateAccountStatus` until the account exists. The request id is recorded the moment
 * `CreateAccount` returns and the account id the moment it is known.
 */
import {
    CreateAccountCommand,
    DescribeCreateAccountStatusCommand,
    type CreateAccountStatus,
} from "@aws-sdk/client-organizations";
import {
    AccountCreationFailedError,
    VendingStateError,
    VendingStepError,
    VendingTimeoutError,
} from "./errors";
import type { VendingSpec } from "./input";
import { backoffDelay, emit, type CreatedRecord, type RequestedRecord, type Run } from "./run";

/** `FailureReason`s (and `ConstraintViolationException` reasons) after which a new request may succeed. */
export const RETRYABLE_CREATE_REASONS: readonly string[] = Object.freeze([
    "CONCURRENT_ACCOUNT_MODIFICATION",
    "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
]);

/** The retryable reason of a `CreateAccount` service error, or `undefined`. */
function retryableServiceReason(error: unknown): string | undefined {
    if (!(error instanceof Error)) return undefined;
    if (error.name === "ConcurrentModificationException") return error.name;
    const reason = "Reason" in error ? error.Reason : undefined;
    return error.name === "ConstraintViolationException" &&
        typeof reason === "string" &&
        RETRYABLE_CREATE_REASONS.includes(reason)
        ? reason
        : undefined;
}

/** Sleeps before attempt `failures + 1`, or throws when the attempts are used up. Returns the new failure count. */
async function retryCreate(
    run: Run,
    reason: string,
    failures: number,
    requestId: string | undefined,
    cause: unknown,
): Promise<number> {
    const attempts = failures + 1;
    if (attempts >= run.backoff.maxAttempts) {
        throw new AccountCreationFailedError(run.spec.tenantId, reason, attempts, requestId, { cause });
    }
    const delayMs = backoffDelay(run.backoff.retryBaseDelayMs, run.backoff.retryMaxDelayMs, attempts);
    emit(run, {
        type: "retrying",
        tenantId: run.spec.tenantId,
        step: "CreateAccount",
        reason,
        attempt: attempts,
        delayMs,
    });
    await run.sleep(delayMs);
    return attempts;
}

/** Requests the account (unless a request is recorded) and waits for it; records the account id. */
export async function createAccount(run: Run, recorded: RequestedRecord | undefined): Promise<CreatedRecord> {
    const { spec, deps } = run;
    let pending = recorded;
    let failures = 0;
    for (;;) {
        if (pending === undefined) {
            let status: CreateAccountStatus | undefined;
            try {
                const response = await deps.client.send(
                    new CreateAccountCommand({
                        Email: spec.email,
                        AccountName: spec.accountName,
                        RoleName: spec.roleName,
                        IamUserAccessToBilling: "DENY",
                        Tags: [
                            { Key: "TenantId", Value: spec.tenantId },
                            { Key: "Tier", Value: "premium" },
                        ],
                    }),
                );
                status = response.CreateAccountStatus;
            } catch (error) {
                const reason = retryableServiceReason(error);
                if (reason === undefined) {
                    throw new VendingStepError(
                        spec.tenantId,
                        "CreateAccount",
                        "No account was requested.",
                        run.resumeCommand,
                        error,
                    );
                }
                failures = await retryCreate(run, reason, failures, undefined, error);
                continue;
            }
            const requestId = status?.Id;
            if (requestId === undefined) {
                throw new VendingStateError(
                    spec.tenantId,
                    `CreateAccount for tenant "${spec.tenantId}" returned no request id: check aws organizations list-create-account-status --states IN_PROGRESS before re-running ${run.resumeCommand}`,
                );
            }
            pending = { ...requestFields(spec), state: "requested", createAccountRequestId: requestId };
            try {
                await deps.progress.put(pending);
            } catch (error) {
                throw new VendingStateError(
                    spec.tenantId,
                    `CreateAccount request ${requestId} of tenant "${spec.tenantId}" was accepted but recording it failed (${String(error)}): ` +
                        `do not re-run before the record is fixed, or a second account may be requested; find the account id with aws organizations describe-create-account-status --create-account-request-id ${requestId} and continue with --silo-account <id>`,
                    { cause: error },
                );
            }
            emit(run, { type: "requested", tenantId: spec.tenantId, requestId, attempt: failures + 1 });
        }
        const status = await awaitCreation(run, pending);
        const requestId = pending.createAccountRequestId;
        if (status.State === "SUCCEEDED") {
            if (status.AccountId === undefined) {
                throw new VendingStateError(
                    spec.tenantId,
                    `CreateAccount request ${requestId} of tenant "${spec.tenantId}" SUCCEEDED without an account id: find it with aws organizations describe-create-account-status --create-account-request-id ${requestId} and continue with --silo-account <id>`,
                );
            }
            const created: CreatedRecord = { ...pending, state: "created", accountId: status.AccountId };
            await deps.progress.put(created);
            emit(run, { type: "succeeded", tenantId: spec.tenantId, requestId, accountId: status.AccountId });
            return created;
        }
        const reason: string = status.FailureReason ?? "NO_FAILURE_REASON";
        // Out of attempts, the failed request is recorded like any other failure: no account exists.
        if (RETRYABLE_CREATE_REASONS.includes(reason) && failures + 1 < run.backoff.maxAttempts) {
            failures = await retryCreate(run, reason, failures, requestId, undefined);
            pending = undefined;
            continue;
        }
        await deps.progress.put({ ...pending, state: "failed", failureReason: reason });
        throw new AccountCreationFailedError(spec.tenantId, reason, failures + 1, requestId);
    }
}

function requestFields(spec: VendingSpec) {
    return {
        tenantId: spec.tenantId,
        email: spec.email,
        accountName: spec.accountName,
        roleName: spec.roleName,
        ...(spec.organizationalUnitId === undefined
            ? {}
            : { organizationalUnitId: spec.organizationalUnitId }),
    };
}

/** Polls `DescribeCreateAccountStatus` with backoff until the request is no longer `IN_PROGRESS`. */
async function awaitCreation(run: Run, pending: RequestedRecord): Promise<CreateAccountStatus> {
    const { spec, backoff } = run;
    const requestId = pending.createAccountRequestId;
    for (let attempt = 1; ; attempt++) {
        emit(run, {
            type: "polling",
            tenantId: spec.tenantId,
            requestId,
            attempt,
            elapsedMs: run.now() - run.startedAt,
        });
        let status: CreateAccountStatus | undefined;
        try {
            const response = await run.deps.client.send(
                new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }),
            );
            status = response.CreateAccountStatus;
        } catch (error) {
            const done = `CreateAccount request ${requestId} is recorded.`;
            throw new VendingStepError(
                spec.tenantId,
                "DescribeCreateAccountStatus",
                done,
                run.resumeCommand,
                error,
            );
        }
        if (status?.State === "SUCCEEDED" || status?.State === "FAILED") {
            return status;
        }
        const elapsedMs = run.now() - run.startedAt;
        if (elapsedMs >= backoff.timeoutMs) {
            throw new VendingTimeoutError(spec.tenantId, requestId, elapsedMs, run.resumeCommand);
        }
        const delay = backoffDelay(backoff.pollBaseDelayMs, backoff.pollMaxDelayMs, attempt);
        // The last wait ends at the deadline, so the final poll happens exactly when the time is up.
        await run.sleep(Math.min(delay, backoff.timeoutMs - elapsedMs));
    }
}
