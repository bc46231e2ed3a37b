/**
 * One operation in the operations table: what was asked, where it stands, each step the worker
 * recorded, and the result or the error. The API writes it `queued`; the worker moves it on.
 */
import type { OperationRequest } from "./request";

export type OperationStatus = "queued" | "running" | "succeeded" | "failed";

/** One recorded step: a lifecycle step event, or a worker event (started, resumed, finished). */
export interface OperationStep {
    readonly at: string;
    readonly step: string;
    readonly state: string;
    readonly detail?: string;
}

export interface OperationRecord {
    readonly operationId: string;
    readonly environment: string;
    /** The tenant of a tenant operation (the table's `byTenant` index); absent for a rollout. */
    readonly tenantId?: string;
    readonly request: OperationRequest;
    readonly status: OperationStatus;
    readonly createdAt: string;
    readonly updatedAt: string;
    /** How many times a worker picked the operation up (more than 1: it resumed after a crash or a retry). */
    readonly attempts: number;
    readonly steps: readonly OperationStep[];
    /** The lifecycle's result (or the rollout report) once succeeded. */
    readonly result?: unknown;
    /** What went wrong, in the lifecycle's words, once failed. */
    readonly error?: { readonly name: string; readonly message: string };
}

/** The URL path of an operation; the `Location` of every `202 Accepted`. */
export const operationPath = (record: Pick<OperationRecord, "operationId" | "request">): string =>
    record.request.kind === "rollout"
        ? `/fleet/rollouts/${record.operationId}`
        : `/operations/${record.operationId}`;
