/**
 * Fault injection: TENANT_TIERS_AWS_DOUBLE_FAULTS holds a JSON list of rules, each failing the
 * `create` or `update` of resources whose URN matches `urn` (a regular expression), `once` (the
 * first match only, across provider processes, remembered in the journal) or `always`.
 *
 *     [{ "op": "create", "urn": "acme-membership-registry-entry$", "times": "once" }]
 */
import { readJournal, record } from "./journal";

export interface FaultRule {
    readonly op: "create" | "update";
    readonly urn: string;
    readonly times: "once" | "always";
}

function rules(): FaultRule[] {
    const raw = process.env.TENANT_TIERS_AWS_DOUBLE_FAULTS;
    if (raw === undefined || raw.trim() === "") return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed))
        throw new Error("TENANT_TIERS_AWS_DOUBLE_FAULTS must be a JSON list of rules");
    return parsed as FaultRule[];
}

/** Throws the injected failure when a rule matches this operation. */
export function injectFault(op: "create" | "update", urn: string): void {
    rules().forEach((rule, index) => {
        if (rule.op !== op || !new RegExp(rule.urn).test(urn)) return;
        if (rule.times === "once") {
            const journal = process.env.TENANT_TIERS_AWS_DOUBLE_JOURNAL;
            if (journal === undefined)
                throw new Error("a fault with times=once needs TENANT_TIERS_AWS_DOUBLE_JOURNAL");
            if (readJournal(journal).some((e) => e.op === "fault" && e.rule === index)) return;
        }
        record({ op: "fault", urn, rule: index });
        throw new Error(
            `injected fault: ${op} of ${urn} failed (rule ${index} of TENANT_TIERS_AWS_DOUBLE_FAULTS)`,
        );
    });
}
