/** IAM-style wildcard match: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
    const source = pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
    return patterns.some((p) => globMatches(p, value));
}
