/** Who a principal is, relative to the stack: its own accounts, the configured platform principals, everyone else. */
import { accountOf, parseArn } from "./arn";
import { matchesAny } from "./glob";
import type { StackAnalysis } from "./stackAnalysis";

/** ARN forms of a principal reference: itself when it is an ARN, else a role, user or group of that name in each own account. */
export function principalArns(reference: string, analysis: StackAnalysis): string[] {
    if (parseArn(reference) !== undefined) return [reference];
    const accounts = analysis.ownAccounts.size > 0 ? [...analysis.ownAccounts] : ["000000000000"];
    return accounts.flatMap((a) =>
        ["role", "user", "group"].map((k) => `arn:aws:iam::${a}:${k}/${reference}`),
    );
}

/** Whether a principal (name or ARN) matches one of `patterns` (ARN globs) and is in an own account. */
export function isNamedPrincipal(
    reference: string,
    patterns: readonly string[],
    analysis: StackAnalysis,
): boolean {
    return principalArns(reference, analysis).some(
        (arn) => isOwnAccount(arn, analysis) && matchesAny(patterns, arn),
    );
}

/** Whether every principal of a document is a named one (and there is at least one). */
export function allNamed(
    references: readonly string[],
    patterns: readonly string[],
    analysis: StackAnalysis,
): boolean {
    return references.length > 0 && references.every((r) => isNamedPrincipal(r, patterns, analysis));
}

export function isOwnAccount(value: string, analysis: StackAnalysis): boolean {
    const account = accountOf(value);
    return account !== undefined && analysis.ownAccounts.has(account);
}

/** An own account itself (`<id>` or `arn:aws:iam::<id>:root`): a resource policy delegating to the account's IAM. */
export function isOwnAccountRoot(value: string, analysis: StackAnalysis): boolean {
    return isOwnAccount(value, analysis) && (/^\d{12}$/.test(value) || /:root$/.test(value));
}

export function isServicePrincipal(value: string): boolean {
    return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value);
}
