/**
 * What the API puts on the queue: one lifecycle operation on one tenant (or one fleet rollout),
 * as plain data. The worker validates it again with the CLI's own validators before it runs, so a
 * message that did not come from the API is held to the same rules.
 */

/** The signup options, named as the CLI names them (`--tier`, `--admin-email`, `--silo`, ...). */
export interface SignupRequestOptions {
    readonly tier?: string;
    readonly adminEmail?: string;
    readonly silo?: string;
    readonly email?: string;
    readonly ou?: string;
    readonly siloAccount?: string;
}

/** Where a tier change puts the data, named as the CLI names it (`--silo`, `--silo-account`, `--platform-account`). */
export interface ChangeTierRequestOptions {
    readonly silo?: string;
    readonly email?: string;
    readonly ou?: string;
    readonly siloAccount?: string;
    readonly platformAccount?: boolean;
    /** `--settle`: seconds to wait after suspending (default 60). */
    readonly settleSeconds?: number;
}

export type OperationRequest =
    | { readonly kind: "signup"; readonly tenantId: string; readonly options: SignupRequestOptions }
    | {
          readonly kind: "change-tier";
          readonly tenantId: string;
          readonly tier: string;
          /** Absent: the data stays in the account it is in (the platform's, or its silo). */
          readonly options?: ChangeTierRequestOptions;
      }
    | { readonly kind: "suspend" | "resume"; readonly tenantId: string }
    | {
          readonly kind: "offboard";
          readonly tenantId: string;
          readonly archive: string;
          readonly purge?: { readonly confirm: string };
      }
    | {
          readonly kind: "rollout";
          /** Percentages of the fleet reached after each wave after the canary, ascending, ending at 100. */
          readonly waves: readonly number[];
          readonly pauseSeconds: number;
      };

export type OperationKind = OperationRequest["kind"];

/**
 * The FIFO message group of a request: the tenant id (one operation per tenant at a time, tenants
 * in parallel); a rollout has a group of its own per environment, since it spans every tenant.
 */
export function messageGroupOf(request: OperationRequest, environment: string): string {
    return request.kind === "rollout" ? `fleet-rollout.${environment}` : request.tenantId;
}
