/**
 * The contract of silo-account vending: what the caller injects, what is recorded between steps,
 * what is reported while it runs and what it returns.
 */
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { TenantId } from "../../tiers/tenantId";

/** AWS access shared by vending and the existing-account check. */
export interface OrganizationsDeps {
    /** A client with management-account credentials (`CreateAccount` is only allowed there). */
    readonly client: OrganizationsClient;
    /** @default a `setTimeout` promise */
    readonly sleep?: (ms: number) => Promise<void>;
    /** @default Date.now */
    readonly now?: () => number;
}

/** Fields recorded with every state; they are the request, so a re-run can tell whether it changed. */
interface VendingRecordBase {
    readonly tenantId: string;
    readonly email: string;
    readonly accountName: string;
    readonly roleName: string;
    /** Target OU; absent when the account stays in the root. */
    readonly organizationalUnitId?: string;
    /** Id of the `CreateAccount` request (`car-...`), recorded as soon as `CreateAccount` returns. */
    readonly createAccountRequestId: string;
}

/**
 * Progress of one tenant's vending, written after every step. Plain JSON-able strings, so the
 * lifecycle can keep it in the tenant stack's config or the registry.
 * - `requested`: `CreateAccount` accepted; a re-run polls this request instead of creating again.
 * - `created`: the account exists (its id is recorded before anything else touches it).
 * - `placed`: the account is in the target OU (or the root when none is configured): done.
 * - `failed`: the request ended in a non-retryable `FailureReason`; no account exists, so a re-run
 *   may request again, also with a corrected email or name.
 */
export type VendingRecord =
    | (VendingRecordBase & { readonly state: "requested" })
    | (VendingRecordBase & { readonly state: "created"; readonly accountId: string })
    | (VendingRecordBase & { readonly state: "placed"; readonly accountId: string })
    | (VendingRecordBase & { readonly state: "failed"; readonly failureReason: string });

export type VendingState = VendingRecord["state"];

/** Where vending keeps its progress for one tenant. */
export interface VendingProgressStore {
    get(): Promise<VendingRecord | undefined>;
    put(record: VendingRecord): Promise<void>;
}

/** Waiting and retry limits. All delays double per attempt up to their maximum; no jitter, so runs are reproducible. */
export interface VendingBackoff {
    /** Delay after the first `DescribeCreateAccountStatus` that is still `IN_PROGRESS`. */
    readonly pollBaseDelayMs: number;
    readonly pollMaxDelayMs: number;
    /** Overall limit, measured from the start of the call, on waiting for the account. */
    readonly timeoutMs: number;
    /** Delay before the first retry of `CreateAccount` or `MoveAccount`. */
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
    /** Attempts of `CreateAccount` (and of `MoveAccount`) per call, the first included. */
    readonly maxAttempts: number;
}

/** Account creation usually takes one to a few minutes. */
export const DEFAULT_VENDING_BACKOFF: Readonly<VendingBackoff> = Object.freeze({
    pollBaseDelayMs: 5_000,
    pollMaxDelayMs: 30_000,
    timeoutMs: 30 * 60_000,
    retryBaseDelayMs: 15_000,
    retryMaxDelayMs: 300_000,
    maxAttempts: 5,
});

/** What {@link vendSiloAccount} reports while it runs, one event per step. */
export type VendingEvent =
    | {
          readonly type: "resumed";
          readonly tenantId: string;
          readonly state: "requested" | "created";
          readonly requestId: string;
      }
    | {
          readonly type: "requested";
          readonly tenantId: string;
          readonly requestId: string;
          readonly attempt: number;
      }
    | {
          readonly type: "retrying";
          readonly tenantId: string;
          readonly step: "CreateAccount" | "MoveAccount";
          readonly reason: string;
          readonly attempt: number;
          readonly delayMs: number;
      }
    | {
          readonly type: "polling";
          readonly tenantId: string;
          readonly requestId: string;
          readonly attempt: number;
          readonly elapsedMs: number;
      }
    | {
          readonly type: "succeeded";
          readonly tenantId: string;
          readonly requestId: string;
          readonly accountId: string;
      }
    | {
          readonly type: "moved";
          readonly tenantId: string;
          readonly accountId: string;
          readonly fromParentId: string;
          readonly toOrganizationalUnitId: string;
      };

export interface VendingDeps extends OrganizationsDeps {
    /** The tenant's vending record; read first, written after every step. */
    readonly progress: VendingProgressStore;
    readonly onProgress?: (event: VendingEvent) => void;
    /** Overrides of {@link DEFAULT_VENDING_BACKOFF}. */
    readonly backoff?: Partial<VendingBackoff>;
    /**
     * How an operator re-runs this vending, named in error messages.
     * @default "the same command"
     */
    readonly resumeCommand?: string;
}

/** A tenant's silo account, vended and placed. */
export interface VendedAccount {
    readonly tenantId: TenantId;
    readonly accountId: string;
    readonly email: string;
    readonly accountName: string;
    readonly roleName: string;
    readonly organizationalUnitId?: string;
    readonly createAccountRequestId: string;
    /** `created`: requested by this call; `resumed`: finished a recorded request; `unchanged`: already done. */
    readonly outcome: "created" | "resumed" | "unchanged";
}

/** An existing account that passed the checks of `checkExistingAccount`. */
export interface ExistingAccount {
    readonly accountId: string;
    readonly email: string;
    /** The OU the account is in; absent when it is directly in the root. */
    readonly ouId?: string;
}
