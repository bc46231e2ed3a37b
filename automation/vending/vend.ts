/**
 * Silo-account vending: one AWS account per silo tenant, created through AWS Organizations from
 * the management account. `CreateAccount` is asynchronous and an account can only be closed, never
 * deleted, so each step is recorded in the caller's progress store before the next one starts, and
 * a re-run resumes from that record instead of asking for a second account.
 *
 * Steps: create.ts (request and wait), placement.ts (move into the OU);
 * `--silo-account <id>`: existing.ts.
 */
import { VendingInputError, VendingStateError } from "./errors";
import { parseVendingInput, type VendingSpec, type VendSiloAccountInput } from "./input";
import { createAccount } from "./create";
import { placeAccount } from "./placement";
import { emit, show, type ActiveRecord, type Run } from "./run";
import { DEFAULT_VENDING_BACKOFF, type VendedAccount, type VendingBackoff, type VendingDeps } from "./types";

export { RETRYABLE_CREATE_REASONS } from "./create";
export { backoffDelay } from "./run";
export * from "./errors";
export * from "./existing";
export * from "./input";
export * from "./types";

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function resolveBackoff(overrides: Partial<VendingBackoff> = {}): VendingBackoff {
    // An explicit `undefined` keeps the default rather than erasing it.
    const given = Object.entries(overrides).filter(([, value]) => value !== undefined);
    const backoff: VendingBackoff = { ...DEFAULT_VENDING_BACKOFF, ...Object.fromEntries(given) };
    for (const [key, value] of Object.entries(backoff)) {
        if (!Number.isSafeInteger(value) || value < 1) {
            throw new VendingInputError(`backoff.${key}`, value, "use a positive whole number");
        }
    }
    return backoff;
}

/** Throws unless `record` describes the same request as `spec` (a tenant gets one silo account). */
function assertSameRequest(record: ActiveRecord, spec: VendingSpec): void {
    if (record.tenantId !== spec.tenantId) {
        throw new VendingStateError(
            spec.tenantId,
            `the progress store returned the vending record of tenant "${record.tenantId}" while vending for "${spec.tenantId}": it is wired to the wrong tenant; nothing was changed`,
        );
    }
    const fields: [string, string | undefined, string | undefined][] = [
        ["email", record.email, spec.email],
        ["account name", record.accountName, spec.accountName],
        ["role name", record.roleName, spec.roleName],
        ["organizational unit id", record.organizationalUnitId, spec.organizationalUnitId],
    ];
    for (const [field, recorded, requested] of fields) {
        if (recorded !== requested) {
            throw new VendingStateError(
                spec.tenantId,
                `tenant "${spec.tenantId}" already has a silo account (request ${record.createAccountRequestId}, state ${record.state}) ` +
                    `with ${field} ${show(recorded)}, but this run asks for ${show(requested)}: a tenant gets one silo account, so re-run with the recorded ${field}; nothing was changed`,
            );
        }
    }
}

/**
 * Vends the silo account of a tenant: `CreateAccount` (tagged `TenantId` and `Tier=premium`),
 * polling until it is created, then `MoveAccount` into the configured OU. Input is validated before
 * any call; progress is recorded after every step and a re-run resumes from it, so no tenant ever
 * gets a second account.
 * @throws InvalidTenantIdError | VendingInputError for bad input (no AWS call made)
 * @throws AccountCreationFailedError | VendingTimeoutError | VendingStateError | VendingStepError
 */
export async function vendSiloAccount(
    input: VendSiloAccountInput,
    deps: VendingDeps,
): Promise<VendedAccount> {
    const spec = parseVendingInput(input);
    const backoff = resolveBackoff(deps.backoff);
    const now = deps.now ?? Date.now;
    const run: Run = {
        spec,
        deps,
        backoff,
        sleep: deps.sleep ?? defaultSleep,
        now,
        startedAt: now(),
        resumeCommand: deps.resumeCommand ?? "the same command",
    };
    const recorded = await deps.progress.get();
    // A failed request created no account, so it does not bind the tenant to its email or name.
    let record: ActiveRecord | undefined = recorded?.state === "failed" ? undefined : recorded;
    if (record !== undefined) {
        assertSameRequest(record, spec);
    }
    const outcome = record === undefined ? "created" : record.state === "placed" ? "unchanged" : "resumed";
    if (record !== undefined && record.state !== "placed") {
        emit(run, {
            type: "resumed",
            tenantId: spec.tenantId,
            state: record.state,
            requestId: record.createAccountRequestId,
        });
    }
    if (record === undefined || record.state === "requested") {
        record = await createAccount(run, record);
    }
    if (record.state === "created") {
        record = await placeAccount(run, record);
    }
    return {
        tenantId: spec.tenantId,
        accountId: record.accountId,
        email: record.email,
        accountName: record.accountName,
        roleName: record.roleName,
        ...(record.organizationalUnitId === undefined
            ? {}
            : { organizationalUnitId: record.organizationalUnitId }),
        createAccountRequestId: record.createAccountRequestId,
        outcome,
    };
}
