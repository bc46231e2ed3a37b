/** The ids the proof sets against each other: who goes after whom, and with which family of attempts. */
import { neighboursOf } from "./attempt";

/** Which attempts a visit stands for: see ./families.ts. */
export type Family = "own" | "foreign" | "intruder";

/** Calls `visit` for every tenant (family `own`) and every pair the proof covers, in a stable order. */
export function visitPairs(
    tenants: readonly string[],
    unplannedOwners: readonly string[],
    visit: (family: Family, self: string, other: string | undefined) => void,
): void {
    const planned = new Set(tenants);
    for (const tenant of tenants) visit("own", tenant, undefined);
    for (const tenant of tenants) {
        for (const other of tenants) if (other !== tenant) visit("foreign", tenant, other);
        for (const other of new Set(neighboursOf(tenant)))
            if (!planned.has(other)) visit("foreign", tenant, other);
    }
    for (const owner of tenants) {
        for (const intruder of new Set(neighboursOf(owner))) {
            if (!planned.has(intruder)) visit("intruder", intruder, owner);
        }
    }
    for (const owner of unplannedOwners) {
        const callers = new Set([...tenants, ...neighboursOf(owner)]);
        for (const caller of callers) {
            // A planned tenant next to the owner already went after it in its foreign attempts.
            const already = planned.has(caller) && neighboursOf(caller).includes(owner);
            if (caller !== owner && !already) visit("intruder", caller, owner);
        }
    }
}

/** How many pairs {@link visitPairs} visits (tenants alone not counted), without visiting them. */
export function pairCount(tenants: readonly string[], unplannedOwners: readonly string[]): number {
    const planned = new Set(tenants);
    const outside = (ids: Iterable<string>) => [...ids].filter((id) => !planned.has(id)).length;
    let count = tenants.length * (tenants.length - 1);
    for (const tenant of tenants) count += 2 * outside(new Set(neighboursOf(tenant)));
    for (const owner of unplannedOwners) {
        const near = new Set(neighboursOf(owner));
        const callers = new Set([...tenants, ...near]);
        callers.delete(owner);
        for (const caller of callers) {
            if (planned.has(caller) && neighboursOf(caller).includes(owner)) callers.delete(caller);
        }
        count += callers.size;
    }
    return count;
}

/** Every id {@link visitPairs} visits: the tenants, the unplanned owners and their neighbours. */
export function pairIds(tenants: readonly string[], unplannedOwners: readonly string[]): Set<string> {
    return new Set([...tenants, ...unplannedOwners].flatMap((id) => [id, ...neighboursOf(id)]));
}
