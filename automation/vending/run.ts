/**
 * Internals shared by the steps of silo-account vending: the state of one call, the record
 * states each step takes and returns, and the backoff series.
 */
import type { VendingSpec } from "./input";
import type { VendingBackoff, VendingDeps, VendingEvent, VendingRecord } from "./types";

export type RequestedRecord = Extract<VendingRecord, { state: "requested" }>;
export type CreatedRecord = Extract<VendingRecord, { state: "created" }>;
export type PlacedRecord = Extract<VendingRecord, { state: "placed" }>;
export type ActiveRecord = RequestedRecord | CreatedRecord | PlacedRecord;

/** One call of `vendSiloAccount`, with defaults applied. */
export interface Run {
    readonly spec: VendingSpec;
    readonly deps: VendingDeps;
    readonly backoff: VendingBackoff;
    readonly sleep: (ms: number) => Promise<void>;
    readonly now: () => number;
    readonly startedAt: number;
    readonly resumeCommand: string;
}

/** The `n`-th delay (1-based) of a doubling series capped at `max`. */
export const backoffDelay = (base: number, max: number, n: number): number =>
    Math.min(max, base * 2 ** (n - 1));

export const emit = (run: Run, event: VendingEvent): void => run.deps.onProgress?.(event);

export const show = (value: string | undefined): string =>
    value === undefined ? "none" : JSON.stringify(value);
