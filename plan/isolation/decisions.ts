/**
 * Decides attempts with the IAM simulator, once per canonical request: an attempt whose canonical
 * form (see ./classes.ts) was simulated before, for parties of the same classes, reuses that decision.
 */
import type { PolicyDocument } from "../../components/policies/document";
import type { Attempt } from "./attempt";
import { canonical, OTHER, SELF } from "./classes";
import { type Decision, simulate } from "./simulation";

/** What the simulator said about one attempt, or why it could not say. */
export interface Outcome {
    readonly result: Decision | "error";
    readonly ignoredContextKeys: readonly string[];
    readonly detail?: string;
}

/** The parties of an attempt: its session's id and the other id it names, with their class key. */
export interface Parties {
    readonly self?: string;
    readonly other?: string;
    /** Classes of both ids and their overlaps: requests equal up to the ids are decided alike only then. */
    readonly classKey: string;
}

/** Simulates attempts, remembering decisions by canonical request. */
export class Decider {
    /** Requests actually sent to the simulator. */
    simulated = 0;
    private readonly decisions = new Map<string, Promise<Outcome>>();
    private readonly documentIds = new Map<string, number>();
    private readonly documentText = new WeakMap<PolicyDocument, string>();

    /**
     * @param check why the classes do not hold for a canonical text (see ./classes.ts), if they do
     *   not: such a request fails instead of being decided.
     */
    constructor(private readonly check: (text: string) => string | undefined) {}

    private textOf(document: PolicyDocument): string {
        let text = this.documentText.get(document);
        if (text === undefined) {
            text = JSON.stringify(document);
            this.documentText.set(document, text);
        }
        return text;
    }

    private documentId(text: string): number {
        let id = this.documentIds.get(text);
        if (id === undefined) {
            id = this.documentIds.size;
            this.documentIds.set(text, id);
            this.checkWords(text);
        }
        return id;
    }

    private checkWords(text: string): void {
        const problem = this.check(text);
        if (problem !== undefined) throw new Error(`${problem}, so tenants cannot be grouped`);
    }

    /** The decision for `attempt`, simulated unless an equal canonical request was. */
    async decide(attempt: Attempt, parties: Parties): Promise<Outcome> {
        let key: string;
        const ids: [string, string][] = [];
        if (parties.self !== undefined) ids.push([parties.self, SELF]);
        if (parties.other !== undefined && parties.other !== parties.self) ids.push([parties.other, OTHER]);
        try {
            const documents = [...attempt.identityPolicies, attempt.resourcePolicy]
                .map((d) => (d === undefined ? "-" : this.documentId(canonical(this.textOf(d), ids))))
                .join(",");
            const request = canonical(
                JSON.stringify([
                    attempt.principal,
                    attempt.action,
                    attempt.resource,
                    attempt.resourceAccountId,
                    attempt.context,
                ]),
                ids,
            );
            if (!this.decisions.has(`${parties.classKey}|${documents}|${request}`)) this.checkWords(request);
            key = `${parties.classKey}|${documents}|${request}`;
        } catch (err) {
            return {
                result: "error",
                ignoredContextKeys: [],
                detail: err instanceof Error ? err.message : String(err),
            };
        }
        let decision = this.decisions.get(key);
        if (decision === undefined) {
            decision = this.simulate(attempt);
            this.decisions.set(key, decision);
        }
        return decision;
    }

    private async simulate(attempt: Attempt): Promise<Outcome> {
        this.simulated++;
        try {
            const outcome = await simulate({
                identityPolicies: attempt.identityPolicies,
                resourcePolicy: attempt.resourcePolicy,
                action: attempt.action,
                resource: attempt.resource,
                principal: attempt.principal,
                context: attempt.context,
                resourceAccountId: attempt.resourceAccountId,
            });
            return { result: outcome.result, ignoredContextKeys: outcome.ignoredContextKeys };
        } catch (err) {
            return {
                result: "error",
                ignoredContextKeys: [],
                detail: err instanceof Error ? err.message : String(err),
            };
        }
    }
}
