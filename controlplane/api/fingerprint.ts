/** The digest an idempotency key is bound to: method, path and body, with object keys in a fixed order. */
import { createHash } from "node:crypto";

function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
    return createHash("sha256")
        .update(JSON.stringify([method, path, canonical(body ?? null)]))
        .digest("hex");
}
