/**
 * IAM policy documents as policies see them: parsed from a JSON string or taken as an object, with
 * every `string | string[]` field normalised to a list.
 */
import { globMatches } from "./glob";
import { parseJsonInput, recordOf, stringsOf } from "./json";

export interface Statement {
    /** `Sid`, or `#<index>` for a statement without one. */
    readonly id: string;
    readonly effect: string;
    readonly actions: readonly string[];
    /** Present when the statement uses `NotAction` (it then grants everything else). */
    readonly notActions: readonly string[] | undefined;
    /** `Resource` values; `["*"]` for a statement with `NotResource`. */
    readonly resources: readonly string[];
    /** `Principal` as written (`"*"` or an object of lists), `undefined` when absent. */
    readonly principal: unknown;
    readonly hasNotPrincipal: boolean;
    /** operator → condition key → values. */
    readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface ParsedDocument {
    readonly statements: readonly Statement[];
    /** The document as JSON text, for searches such as "does it mention the tenant tag". */
    readonly text: string;
}

export type DocumentResult =
    { readonly ok: true; readonly document: ParsedDocument } | { readonly ok: false; readonly error: string };

export function parsePolicyDocument(input: unknown): DocumentResult {
    const parsed = parseJsonInput(input);
    if (!parsed.ok) return { ok: false, error: `it is not valid JSON (${parsed.error})` };
    const document = recordOf(parsed.value);
    if (document === undefined) return { ok: false, error: "it is not a JSON object" };
    const rawStatements: unknown[] = Array.isArray(document.Statement)
        ? (document.Statement as unknown[])
        : document.Statement === undefined
          ? []
          : [document.Statement];
    const statements: Statement[] = [];
    for (const [index, raw] of rawStatements.entries()) {
        const s = recordOf(raw);
        if (s === undefined) return { ok: false, error: `statement #${index} is not an object` };
        const conditions: Record<string, Record<string, string[]>> = {};
        for (const [operator, block] of Object.entries(recordOf(s.Condition) ?? {})) {
            conditions[operator] = Object.fromEntries(
                Object.entries(recordOf(block) ?? {}).map(([key, values]) => [key, stringsOf(values)]),
            );
        }
        statements.push({
            id: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `#${index}`,
            effect: typeof s.Effect === "string" ? s.Effect : "",
            actions: stringsOf(s.Action),
            notActions: s.NotAction === undefined ? undefined : stringsOf(s.NotAction),
            resources: s.NotResource === undefined ? stringsOf(s.Resource) : ["*"],
            principal: s.Principal,
            hasNotPrincipal: s.NotPrincipal !== undefined,
            conditions,
        });
    }
    return { ok: true, document: { statements, text: JSON.stringify(document) } };
}

/** The action patterns of `statement` that grant `action` (IAM action names are case-insensitive). */
export function grantingPatterns(statement: Statement, action: string): string[] {
    if (statement.notActions !== undefined) {
        return statement.notActions.some((p) => globMatches(p, action, true)) ? [] : ["NotAction"];
    }
    return statement.actions.filter((p) => globMatches(p, action, true));
}

export function grants(statement: Statement, action: string): boolean {
    return grantingPatterns(statement, action).length > 0;
}

export function isAllow(statement: Statement): boolean {
    return statement.effect === "Allow";
}

/** Values of condition `key` (case-insensitive, as IAM compares keys) under `operator`, or `undefined`. */
export function conditionValues(
    statement: Statement,
    operator: string,
    key: string,
): readonly string[] | undefined {
    const block = statement.conditions[operator];
    if (block === undefined) return undefined;
    const found = Object.keys(block).find((k) => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? undefined : block[found];
}

/** Every (operator, key, values) of a statement. */
export function conditionEntries(
    statement: Statement,
): { operator: string; key: string; values: readonly string[] }[] {
    return Object.entries(statement.conditions).flatMap(([operator, block]) =>
        Object.entries(block).map(([key, values]) => ({ operator, key, values })),
    );
}

/** How a message names a statement. */
export function statementLabel(statement: Statement): string {
    return `statement "${statement.id}"`;
}

/** Every value of a `Principal` (`"*"`, or the lists under `AWS`, `Service`, `Federated`, ...). */
export function principalValues(principal: unknown): string[] {
    if (typeof principal === "string") return [principal];
    const record = recordOf(principal);
    if (record === undefined) return [];
    return Object.values(record).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
}
