/**
 * Resource inputs that are documents (policies, provider settings) reach a policy either as a JSON
 * string (what `JSON.stringify` or the provider's own encoding produced) or as an object.
 */
export type Parsed =
    { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function parseJsonInput(value: unknown): Parsed {
    if (typeof value !== "string") {
        return { ok: true, value };
    }
    try {
        return { ok: true, value: JSON.parse(value) as unknown };
    } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
}

/** A plain (non-array) object, or `undefined`. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
}

/** A string, or a list of values, as a list of strings (IAM allows both spellings). */
export function stringsOf(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    const list: unknown[] = Array.isArray(value) ? value : [value];
    return list.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}
