import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { IamRole } from "../lib/awsTypes";
import { configOf } from "../lib/config";
import { recordOf, stringsOf } from "../lib/json";
import {
    conditionEntries,
    grants,
    isAllow,
    parsePolicyDocument,
    type Statement,
    statementLabel,
} from "../lib/policyDocument";
import { resourceLabel } from "../lib/resource";

export interface TenantSessionTrustConfig {
    /** The session tag that names the tenant. */
    readonly tenantTagKey: string;
}

export const TENANT_SESSION_TRUST_DEFAULTS: TenantSessionTrustConfig = Object.freeze({
    tenantTagKey: "TenantId",
});

/** Operators that make a request tag mandatory or pin its value. */
const REQUIRING_OPERATORS = ["StringEquals", "ForAnyValue:StringEquals"];

/**
 * True when the statement refuses a request without the tenant tag: the caller must pass
 * `aws:RequestTag/<key>`, or (the second hop of a role chain, where the tag travels as a transitive
 * tag the caller cannot change) its session must already carry `aws:PrincipalTag/<key>` with a
 * value pinned by `StringEquals`.
 */
function requiresTenantTag(statement: Statement, tagKey: string): boolean {
    const requestTag = `aws:RequestTag/${tagKey}`.toLowerCase();
    const principalTag = `aws:PrincipalTag/${tagKey}`.toLowerCase();
    const pinned = (values: readonly string[]) => values.length > 0 && values.every((v) => !/[*?]/.test(v));
    return conditionEntries(statement).some((c) => {
        const key = c.key.toLowerCase();
        if (key === requestTag) {
            return (
                (c.operator === "Null" && c.values.length > 0 && c.values.every((v) => v === "false")) ||
                (REQUIRING_OPERATORS.includes(c.operator) && pinned(c.values))
            );
        }
        return key === principalTag && REQUIRING_OPERATORS.includes(c.operator) && pinned(c.values);
    });
}

/** The principals of a statement that are not named (a wildcard anywhere), or the reason none are named. */
function unnamedPrincipals(statement: Statement): string[] {
    if (statement.hasNotPrincipal) return ["NotPrincipal"];
    if (statement.principal === undefined) return ["(no Principal)"];
    if (statement.principal === "*") return ["*"];
    const principal = recordOf(statement.principal);
    if (principal === undefined) return [JSON.stringify(statement.principal)];
    const values = Object.values(principal).flatMap(stringsOf);
    if (values.length === 0) return ["(empty Principal)"];
    return values.filter((v) => v.includes("*"));
}

export const tenantSessionTrust: ResourceValidationPolicy = {
    name: "tenant-session-trust",
    description:
        "A role trust policy that allows sts:TagSession requires the aws:RequestTag/TenantId session tag (or, for a chained hop, pins aws:PrincipalTag/TenantId) and names its principals (no wildcard).",
    remediationSteps:
        'In every trust statement that allows sts:TagSession, add Condition: { Null: { "aws:RequestTag/TenantId": "false" } } (or StringEquals on it) and list the trusted role ARNs in Principal.AWS instead of "*".',
    configSchema: {
        properties: {
            tenantTagKey: {
                type: "string",
                default: TENANT_SESSION_TRUST_DEFAULTS.tenantTagKey,
                description: "The session tag that names the tenant",
            },
        },
    },
    validateResource: validateResourceOfType(IamRole, (role, args, reportViolation) => {
        const config = configOf(args, TENANT_SESSION_TRUST_DEFAULTS);
        const parsed = parsePolicyDocument(role.assumeRolePolicy);
        if (!parsed.ok) {
            reportViolation(
                `${resourceLabel(args)} has an assumeRolePolicy that cannot be checked: ${parsed.error}.`,
            );
            return;
        }
        for (const statement of parsed.document.statements) {
            if (!isAllow(statement) || !grants(statement, "sts:TagSession")) continue;
            const where = `${resourceLabel(args)} trust ${statementLabel(statement)}`;
            for (const principal of unnamedPrincipals(statement)) {
                reportViolation(
                    `${where} allows sts:TagSession to principal ${JSON.stringify(principal)}, but a trust that accepts session tags must name its principals.`,
                );
            }
            if (!requiresTenantTag(statement, config.tenantTagKey)) {
                const keys = conditionEntries(statement).map((c) => `${c.operator} ${c.key}`);
                reportViolation(
                    `${where} allows sts:TagSession without requiring aws:RequestTag/${config.tenantTagKey} or pinning aws:PrincipalTag/${config.tenantTagKey} (its conditions: ${keys.length === 0 ? "none" : keys.join(", ")}).`,
                );
            }
        }
    }),
};
