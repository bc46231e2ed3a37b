/**
 * The tenants and pairs of one tenant access role in classes (see ./classes.ts): the key that
 * decides whether two visits of the proof share their decisions, and the parties their requests
 * are made canonical with.
 */
import { canonical, IdClasses, OTHER, OWNER, SELF } from "./classes";
import type { Parties } from "./decisions";
import { foreignAttempts, ownAttempts, ownerMaterial, type ProofScope } from "./families";
import type { Family } from "./pairs";

interface IdInfo {
    readonly cls: number;
    /** Class of what the id owns (0: nothing). */
    readonly owned: number;
    /** What the id owns, canonical and lower-cased, when it owns something. */
    readonly ownedText: string | undefined;
}

/** Classes of the ids of one scope. */
export class ScopeClasses {
    readonly ids: IdClasses;
    private readonly owned = new Map<string, { id: number; text: string }>();
    private readonly info = new Map<string, IdInfo>();

    /** @param ids every id the proof will visit in `scope` */
    constructor(scope: ProofScope, ids: Iterable<string>) {
        const texts = new Map<string, number>();
        for (const id of ids) {
            const material = ownerMaterial(scope, id);
            if (material === "") continue;
            const text = canonical(material, [[id, OWNER]]);
            if (!texts.has(text)) texts.set(text, texts.size + 1);
            this.owned.set(id, { id: texts.get(text) as number, text: text.toLowerCase() });
        }
        // Requests built with the placeholders as ids, and the documents once.
        const template = [...ownAttempts(scope, SELF), ...foreignAttempts(scope, SELF, OTHER)];
        const documents = new Set(template.flatMap((a) => [...a.identityPolicies, a.resourcePolicy]));
        const requests = template.map((a) => [
            a.principal,
            a.action,
            a.resource,
            a.resourceAccountId,
            a.context,
        ]);
        const shared = JSON.stringify([{ ...scope.setup, ownedBuckets: [] }, [...documents], requests]);
        this.ids = new IdClasses(shared, texts.keys());
    }

    private infoOf(id: string): IdInfo {
        let info = this.info.get(id);
        if (info === undefined) {
            const owned = this.owned.get(id);
            info = { cls: this.ids.classOf(id), owned: owned?.id ?? 0, ownedText: owned?.text };
            this.info.set(id, info);
        }
        return info;
    }

    private pairKey(self: string, other: string, a: IdInfo, b: IdInfo): string {
        // An id named in what the other owns is compared as itself there: the pair is a class of its own.
        const cross = b.ownedText?.includes(self) === true || a.ownedText?.includes(other) === true;
        return `${a.cls}|${b.cls}|${this.ids.relation(self, other)}${cross ? `|${self}>${other}` : ""}`;
    }

    /** The class key of a visit: visits with equal keys have equal canonical requests and decisions. */
    keyOf(family: Family, self: string, other: string | undefined): string {
        const a = this.infoOf(self);
        if (other === undefined) return `own|${a.cls}|${a.owned}`;
        const b = this.infoOf(other);
        return `${family}|${this.pairKey(self, other, a, b)}|${a.owned}|${b.owned}`;
    }

    /** The parties a visit's requests are made canonical with; special ids stay as they are. */
    partiesOf(self: string, other: string | undefined): Parties {
        const a = this.infoOf(self);
        const selfParty = this.ids.isSpecial(self) ? {} : { self };
        if (other === undefined) return { ...selfParty, classKey: `${a.cls}` };
        const otherParty = this.ids.isSpecial(other) ? {} : { other };
        return { ...selfParty, ...otherParty, classKey: this.pairKey(self, other, a, this.infoOf(other)) };
    }
}
