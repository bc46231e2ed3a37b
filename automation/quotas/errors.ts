/** The refusal of an operation that would exceed an account quota. */
import { LifecycleError } from "../lifecycle/errors";
import { QUOTAS, raiseAdvice } from "./catalog";
import type { QuotaRow } from "./report";

/** One quota an operation would exceed. */
export interface QuotaShortfall {
    readonly row: QuotaRow;
    /** Units the operation needs. */
    readonly need: number;
}

/** The quota's name and code, as a raise request names it. */
export function quotaLabel(row: Pick<QuotaRow, "name" | "serviceCode" | "quotaCode">): string {
    return row.quotaCode === undefined
        ? `"${row.name}" (${row.serviceCode}, not in Service Quotas)`
        : `"${row.name}" (${row.serviceCode} ${row.quotaCode})`;
}

function shortfallText({ row, need }: QuotaShortfall, region: string): string {
    const kept =
        row.kept === 0
            ? `the limit of ${row.limit}`
            : `the ${row.limit - row.kept} reservable (limit ${row.limit} minus ${row.kept} kept unreserved by concurrencyHeadroom)`;
    return (
        `${quotaLabel(row)} in ${row.scope}: ${row.inUse} in use + ${need} needed = ${row.inUse + need}, ` +
        `above ${kept} (${row.source}); ${raiseAdvice(QUOTAS[row.id], row.inUse + need + row.kept, region)}`
    );
}

/** An operation refused by the quota pre-check; nothing was created. */
export class QuotaExceededError extends LifecycleError {
    override readonly name = "QuotaExceededError";
    /** `subject`: what was refused, e.g. `premium signup of tenant "acme"`. */
    constructor(
        readonly subject: string,
        readonly shortfalls: readonly QuotaShortfall[],
        readonly region: string,
    ) {
        super(
            `${subject} would exceed ${shortfalls.length === 1 ? "a quota" : `${shortfalls.length} quotas`}: ` +
                `${shortfalls.map((s) => shortfallText(s, region)).join("; ")}; nothing was created`,
        );
    }
}

/** The pre-check could not read a quota or its use; nothing was created. */
export class QuotaCheckError extends LifecycleError {
    override readonly name = "QuotaCheckError";
    constructor(
        readonly subject: string,
        cause: unknown,
    ) {
        const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        super(
            `the quota pre-check of the ${subject} could not read the account's quotas (${reason}); ` +
                `nothing was created: fix the cause (permissions are listed in docs/quotas.md) and run it again`,
            { cause },
        );
    }
}
