import type { StackValidationPolicy } from "@pulumi/policy";
import { accountOf, nameOf } from "../lib/arn";
import { recordOf, stringsOf } from "../lib/json";
import { grants, isAllow, parsePolicyDocument, statementLabel } from "../lib/policyDocument";
import { matchesAny } from "../lib/glob";
import { isNamedPrincipal } from "../lib/principals";
import { principalValues, type StackAnalysis } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label, refersTo, str } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

/** Actions that let a principal become a tenant (assume with any tag) or rewrite what a tenant may. */
const SESSION_ACTIONS = ["sts:AssumeRole", "sts:TagSession"];
const ROLE_CHANGE_ACTIONS = [
    "iam:PutRolePolicy",
    "iam:AttachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:DeleteRolePermissionsBoundary",
    "iam:PutRolePermissionsBoundary",
    "iam:DetachRolePolicy",
    "iam:DeleteRolePolicy",
];

/** Whether a principal of an identity document is a tenant function's role or a tenant access role (role chaining to a silo). */
function mayAssumeTenantRoles(
    reference: string,
    analysis: StackAnalysis,
    platform: readonly string[],
): boolean {
    const roleArns = [...analysis.functions.keys()].map((fn) => str(fn.props, "role") ?? "");
    return (
        roleArns.some((arn) => arn !== "" && (arn === reference || nameOf(arn) === nameOf(reference))) ||
        analysis.accessRoles.some((r) => refersTo(reference, r)) ||
        isNamedPrincipal(reference, platform, analysis)
    );
}

export const TENANT_SESSION_PRINCIPALS_DEFAULTS: StackAnalysisConfig = STACK_ANALYSIS_DEFAULTS;

export const tenantSessionPrincipals: StackValidationPolicy = {
    name: "tenant-session-principals",
    description:
        "A role whose trust accepts TenantId session tags (a tenant access role) trusts only IAM principals in the stack's own accounts: whoever may assume it may act as any tenant it names. Identity grants of sts:AssumeRole or sts:TagSession on it go only to tenant functions' roles (or other tenant access roles, or platformPrincipals); grants to rewrite its policies, trust or boundary only to platformPrincipals.",
    remediationSteps:
        "Name the tenant functions' execution roles (or, for a silo's data role, the platform's tenant access role) by ARN in the trust; never \"*\", another account, a service or a federated principal. When the platform spans several accounts, list them in trustedAccountIds.",
    configSchema: { properties: { ...stackAnalysisSchema() } },
    validateStack: (args, reportViolation) => {
        const { analysis, config } = stackContext(args, TENANT_SESSION_PRINCIPALS_DEFAULTS);
        const accessArns = [
            ...analysis.accessRoles.map((r) => str(r.props, "arn") ?? `arn:aws:iam::*:role/${r.name}`),
            ...analysis.accessRoleArns,
        ];
        // Identity grants: with a trust that delegates to the account (its root), an identity grant
        // is what decides who may become a tenant; and whoever may rewrite a tenant access role's
        // policies or trust may grant itself every tenant.
        for (const doc of analysis.documents) {
            const parsed = parsePolicyDocument(doc.policy);
            if (!parsed.ok) continue;
            for (const statement of parsed.document.statements.filter(isAllow)) {
                const reached = accessArns.filter((arn) => matchesAny(statement.resources, arn));
                if (reached.length === 0) continue;
                const sessions = SESSION_ACTIONS.filter((a) => grants(statement, a));
                const changes = ROLE_CHANGE_ACTIONS.filter((a) => grants(statement, a));
                const outsiders = doc.principals.filter(
                    (p) => !mayAssumeTenantRoles(p, analysis, config.platformPrincipals),
                );
                const where = `tenant-session-principals: ${doc.label} ${statementLabel(statement)}`;
                if (sessions.length > 0 && outsiders.length > 0) {
                    reportViolation(
                        `${where} lets ${JSON.stringify(outsiders)} ${sessions.join(", ")} on tenant access role ${JSON.stringify(reached[0])}, but only tenant functions' roles may become a tenant.`,
                        doc.resource.urn,
                    );
                }
                const changers = doc.principals.filter(
                    (p) => !isNamedPrincipal(p, config.platformPrincipals, analysis),
                );
                if (changes.length > 0 && changers.length > 0) {
                    reportViolation(
                        `${where} lets ${JSON.stringify(changers)} ${changes.join(", ")} on tenant access role ${JSON.stringify(reached[0])}, which would let them rewrite what every tenant may do.`,
                        doc.resource.urn,
                    );
                }
            }
        }
        const own = JSON.stringify([...analysis.ownAccounts]);
        for (const role of analysis.accessRoles) {
            const parsed = parsePolicyDocument(role.props.assumeRolePolicy);
            if (!parsed.ok) continue;
            for (const statement of parsed.document.statements.filter(isAllow)) {
                if (!grants(statement, "sts:AssumeRole") && !grants(statement, "sts:TagSession")) continue;
                const where = `tenant-session-principals: ${label(role)} trust ${statementLabel(statement)}`;
                if (statement.hasNotPrincipal) {
                    reportViolation(
                        `${where} uses NotPrincipal, so everyone else may become a tenant.`,
                        role.urn,
                    );
                }
                const aws = new Set(stringsOf(recordOf(statement.principal)?.AWS));
                for (const value of principalValues(statement.principal)) {
                    const account = accountOf(value);
                    if (value === "*") {
                        reportViolation(
                            `${where} trusts Principal "*", so anyone may become a tenant.`,
                            role.urn,
                        );
                    } else if (!aws.has(value)) {
                        reportViolation(
                            `${where} trusts ${JSON.stringify(value)}, which is not an IAM principal of the stack's accounts ${own}.`,
                            role.urn,
                        );
                    } else if (account === undefined || !analysis.ownAccounts.has(account)) {
                        reportViolation(
                            `${where} trusts ${JSON.stringify(value)}, which is outside the stack's accounts ${own}.`,
                            role.urn,
                        );
                    }
                }
            }
        }
    },
};
