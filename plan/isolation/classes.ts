/**
 * When tenant ids are interchangeable for the IAM simulator: the argument the proof's classes rest on.
 *
 * For a tenant `T` (and a pair `T`, `O`) the proof builds requests from fixed templates and the
 * plan's documents. Replace `T` and `O` by placeholders and the text left is the request's canonical
 * form. Two pairs with the same canonical requests get the same decisions when every comparison the
 * simulator makes (equality, `*`/`?` globs, their case-insensitive variants, over the text after
 * policy variables are substituted) comes out the same for both. Tenant ids hold only `[a-z0-9-]`,
 * so only runs of those characters can equal part of an id ("runs"; the literal part of a run is a
 * "word"). A pattern run bounded by other characters (`/`, `:`, `"`, the string's ends) must line up
 * with a whole run of the value; only a run next to a `*` or `?` slides. Hence:
 * - a word that touches no id and no wildcard can equal a run holding an id only if it contains the
 *   id: such an id (found anywhere in the shared text or in what a tenant owns) is "special",
 *   classed as itself and never replaced by a placeholder;
 * - a word before an id (`premium-${T}`) can meet an id that starts inside it or contains it, a word
 *   after an id one that ends inside it or contains it, a word next to a wildcard any overlap: each
 *   such overlap (which ends, on each side, at an end of the word or of the id) is part of the id's
 *   class; an id with none is "plain";
 * - two ids meet character by character only where their runs line up: if no run holding an id
 *   touches a wildcard ("sliding") and both ids are plain, runs line up whole and only one id
 *   containing the other matters; otherwise every end-touching overlap of the two ids does, and of
 *   an id with itself shifted;
 * - lengths matter only through `?`; `true`/`false` and ids that parse as dates are set apart for
 *   `Bool` and `Date` operators.
 *
 * Equal classes (and, for pairs, equal overlaps) therefore mean equal decisions. The proof checks
 * each canonical request it simulates against the words and sliding seen here ({@link IdClasses.check}).
 */

/** Stands for the session's tenant id in canonical text. */
export const SELF = "\u0001";
/** Stands for the other party's id in canonical text. */
export const OTHER = "\u0003";
/** Stands for the owner of a document in canonical owner material. */
export const OWNER = "\u0004";
const VARIABLE = "\u0002";
const SLOTS = new Set([SELF, OTHER, OWNER, VARIABLE]);
const WILDCARDS = new Set(["*", "?"]);
// Built from the constants: a literal would hold control characters.
const RUN = new RegExp(`[a-z0-9\\-${SELF}-${OWNER}]+`, "g");
const WORD = /[a-z0-9-]+/g;

/** Which overlaps of a word with an id can take part in a comparison (see {@link overlaps}). */
type Kinds = "A" | "B" | "C" | "D";

/** `text` with each party's id replaced by its placeholder, longest id first. */
export function canonical(
    text: string,
    parties: readonly (readonly [id: string, placeholder: string])[],
): string {
    let out = text;
    for (const [id, placeholder] of [...parties].sort((a, b) => b[0].length - a[0].length)) {
        out = out.split(id).join(placeholder);
    }
    return out;
}

/** What a text shows of its words and runs: the overlap kinds of each word that touches an id or a wildcard, and sliding. */
export interface TextShape {
    readonly words: ReadonlyMap<string, ReadonlySet<Kinds>>;
    readonly sliding: boolean;
}

/** The shape of `text`, lower-cased, policy variables counted as ids. */
export function shapeOf(text: string): TextShape {
    const lower = text.toLowerCase().replace(/\$\{[^}]*\}/g, VARIABLE);
    const words = new Map<string, Set<Kinds>>();
    let sliding = false;
    for (const run of lower.matchAll(RUN)) {
        const before = lower[run.index - 1] ?? "";
        const after = lower[run.index + run[0].length] ?? "";
        const hasSlot = [...run[0]].some((c) => SLOTS.has(c));
        if (hasSlot && (WILDCARDS.has(before) || WILDCARDS.has(after))) sliding = true;
        for (const word of run[0].matchAll(WORD)) {
            const start = run.index + word.index;
            const prev = lower[start - 1] ?? "";
            const next = lower[start + word[0].length] ?? "";
            const kinds: Kinds[] = [];
            if (WILDCARDS.has(prev) || WILDCARDS.has(next)) kinds.push("A", "B", "C", "D");
            if (SLOTS.has(next)) kinds.push("A", "B", "D");
            if (SLOTS.has(prev)) kinds.push("A", "B", "C");
            if (kinds.length === 0) continue;
            const set = words.get(word[0]) ?? new Set<Kinds>();
            for (const k of kinds) set.add(k);
            words.set(word[0], set);
        }
    }
    return { words, sliding };
}

function sameRun(u: string, ui: number, v: string, vi: number, len: number): boolean {
    for (let k = 0; k < len; k++) if (u.charCodeAt(ui + k) !== v.charCodeAt(vi + k)) return false;
    return true;
}

/**
 * Every stretch where `u` and `v` can be lined up with equal characters and that ends, on each
 * side, at an end of `u` or `v`: `u` inside `v` (A, offsets from both ends of `v`), `v` inside `u`
 * (B), a prefix of `u` equal to a suffix of `v` (C, its length), a suffix of `u` equal to a prefix
 * of `v` (D). Empty when the two cannot overlap.
 */
export function overlaps(u: string, v: string, kinds: ReadonlySet<Kinds> = ALL_KINDS): string {
    const out: string[] = [];
    if (kinds.has("A")) {
        for (let j = v.indexOf(u); j !== -1; j = v.indexOf(u, j + 1))
            out.push(`A${j},${v.length - j - u.length}`);
    }
    if (kinds.has("B") && u.length > v.length) {
        for (let i = u.indexOf(v); i !== -1; i = u.indexOf(v, i + 1))
            out.push(`B${i},${u.length - i - v.length}`);
    }
    const shorter = Math.min(u.length, v.length);
    if (kinds.has("C")) {
        for (let len = 1; len < shorter; len++)
            if (sameRun(u, 0, v, v.length - len, len)) out.push(`C${len}`);
    }
    if (kinds.has("D")) {
        for (let len = 1; len < shorter; len++)
            if (sameRun(u, u.length - len, v, 0, len)) out.push(`D${len}`);
    }
    return out.join(" ");
}

const ALL_KINDS: ReadonlySet<Kinds> = new Set(["A", "B", "C", "D"]);
const CONTAINMENT: ReadonlySet<Kinds> = new Set(["A", "B"]);

/** Classes of ids relative to the text of one tenant access role's documents and requests. */
export class IdClasses {
    private readonly shape: TextShape;
    private readonly sorted: readonly (readonly [string, ReadonlySet<Kinds>])[];
    private readonly sharedLower: string;
    private readonly lengthMatters: boolean;
    private readonly byId = new Map<string, { cls: number; plain: boolean }>();
    private readonly byKey = new Map<string, number>();
    private readonly special = new Map<string, boolean>();

    /**
     * @param shared text every request of the role may hold (documents, ARNs, template requests)
     * @param canonicalOwnerTexts what each owner owns, its id replaced by {@link OWNER}
     */
    constructor(shared: string, canonicalOwnerTexts: Iterable<string>) {
        const owned = [...canonicalOwnerTexts];
        const words = new Map<string, Set<Kinds>>();
        let sliding = false;
        let question = false;
        for (const text of [shared, ...owned]) {
            const shape = shapeOf(text);
            sliding ||= shape.sliding;
            question ||= text.includes("?");
            for (const [word, kinds] of shape.words) {
                const set = words.get(word) ?? new Set<Kinds>();
                for (const k of kinds) set.add(k);
                words.set(word, set);
            }
        }
        this.shape = { words, sliding };
        this.sorted = [...words].sort((a, b) => a[0].localeCompare(b[0]));
        // Owned material counts too: an id named in what another tenant owns is compared as itself.
        this.sharedLower = [shared, ...owned].join("\n").toLowerCase();
        this.lengthMatters = question;
    }

    /** Whether `id` occurs in the shared text or in owned material: then it is compared as itself, never replaced. */
    isSpecial(id: string): boolean {
        let special = this.special.get(id);
        if (special === undefined) {
            special = this.sharedLower.includes(id);
            this.special.set(id, special);
        }
        return special;
    }

    private entry(id: string): { cls: number; plain: boolean } {
        const known = this.byId.get(id);
        if (known !== undefined) return known;
        const met = this.sorted
            .map(([w, kinds]) => {
                const o = overlaps(w, id, kinds);
                return o === "" ? "" : `${w}:${o}`;
            })
            .filter((p) => p !== "");
        const plain = met.length === 0;
        const parts = [
            this.isSpecial(id) ? `=${id}` : "",
            this.lengthMatters ? `#${id.length}` : "",
            id === "true" || id === "false" ? "bool" : "",
            Number.isNaN(Date.parse(id)) ? "" : "date",
            this.shape.sliding || !plain ? `self:${overlaps(id, id).replace(/^A0,0 ?/, "")}` : "",
            ...met,
        ];
        const key = parts.filter((p) => p !== "").join("|");
        let cls = this.byKey.get(key);
        if (cls === undefined) {
            cls = this.byKey.size;
            this.byKey.set(key, cls);
        }
        const entry = { cls, plain };
        this.byId.set(id, entry);
        return entry;
    }

    /** The class of `id`, as a small number: equal numbers, interchangeable ids. */
    classOf(id: string): number {
        return this.entry(id).cls;
    }

    /** What of `a` and `b`'s overlaps matters: containment only for plain ids and no sliding, else all. */
    relation(a: string, b: string): string {
        if (this.shape.sliding || !this.entry(a).plain || !this.entry(b).plain) return overlaps(a, b);
        return a.includes(b) || b.includes(a) ? overlaps(a, b, CONTAINMENT) : "";
    }

    /** Why the classes do not hold for canonical `text`, or `undefined` when they do. */
    check(text: string): string | undefined {
        const shape = shapeOf(text);
        if (shape.sliding && !this.shape.sliding) return "a tenant id next to a wildcard was not classified";
        if (!this.lengthMatters && text.includes("?")) return "a ? wildcard was not classified";
        for (const [word, kinds] of shape.words) {
            const known = this.shape.words.get(word);
            if (known === undefined || [...kinds].some((k) => !known.has(k))) {
                return `"${word}" next to a wildcard or tenant id was not classified`;
            }
        }
        return undefined;
    }
}
