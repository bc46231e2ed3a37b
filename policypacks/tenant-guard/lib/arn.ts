/** ARN helpers for the stack analysis: parse, take the account, and ask whether a pattern reaches a resource. */
import { globMatches } from "./glob";

export interface ArnParts {
    readonly service: string;
    readonly region: string;
    readonly account: string;
    /** Everything after the account: `table/name`, `function:name`, `bucket/key`, `role/name`. */
    readonly resource: string;
}

/** The parts of an ARN (or ARN pattern), or `undefined` for anything else. */
export function parseArn(value: string): ArnParts | undefined {
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return {
        service: parts[2] ?? "",
        region: parts[3] ?? "",
        account: parts[4] ?? "",
        resource: parts.slice(5).join(":"),
    };
}

/** IAM policy variables (`${aws:PrincipalTag/TenantId}`) read as `*`: a pattern with one reaches whatever it may expand to. */
export function variablesAsWildcards(pattern: string): string {
    return pattern.replace(/\$\{[^}]*\}/g, "*");
}

/**
 * Whether a `Resource` pattern reaches a resource of `service` whose resource part is one of
 * `candidates`, or anything inside one (objects of a bucket, indexes of a table). Region and account are ignored on purpose: a wildcard there reaches the tenant
 * store, and a literal elsewhere names a store of the same name, which is no safer.
 */
export function patternReaches(pattern: string, service: string, candidates: readonly string[]): boolean {
    if (pattern === "*") return true;
    const arn = parseArn(variablesAsWildcards(pattern));
    if (arn === undefined || !globMatches(arn.service, service, true)) return false;
    const segments = arn.resource.split("/");
    return candidates.some((c) => {
        if (globMatches(arn.resource, c)) return true;
        // `<bucket>/public/*` or `table/<name>/index/gsi1`: a pattern inside the candidate reaches it.
        const depth = c.split("/").length;
        return segments.length > depth && globMatches(segments.slice(0, depth).join("/"), c);
    });
}

/** The 12-digit account an ARN, an account id or an `arn:aws:iam::<account>:root` names, if any. */
export function accountOf(value: string): string | undefined {
    if (/^\d{12}$/.test(value)) return value;
    const account = parseArn(value)?.account;
    return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The last path segment of a role, user or function reference given as a name or an ARN. */
export function nameOf(reference: string): string {
    const arn = parseArn(reference);
    if (arn === undefined) return reference;
    const functionMatch = /^function:([^:]+)/.exec(arn.resource);
    if (functionMatch !== null) return functionMatch[1] as string;
    return arn.resource.split("/").pop() ?? reference;
}
