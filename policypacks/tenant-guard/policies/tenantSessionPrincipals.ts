import type { StackValidationPolicy } from "@pulumi/policy";
import { accountOf } from "../lib/arn";
import { recordOf, stringsOf } from "../lib/json";
import { grants, isAllow, parsePolicyDocument, statementLabel } from "../lib/policyDocument";
import { principalValues } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export const TENANT_SESSION_PRINCIPALS_DEFAULTS: StackAnalysisConfig = STACK_ANALYSIS_DEFAULTS;

export const tenantSessionPrincipals: StackValidationPolicy = {
    name: "tenant-session-principals",
    description:
        "A role whose trust accepts TenantId session tags (a tenant access role) trusts only IAM principals in the stack's own accounts: whoever may assume it may act as any tenant it names.",
    remediationSteps:
        "Name the tenant functions' execution roles (or, for a silo's data role, the platform's tenant access role) by ARN in the trust; never \"*\", another account, a service or a federated principal. When the platform spans several accounts, list them in trustedAccountIds.",
    configSchema: { properties: { ...stackAnalysisSchema() } },
    validateStack: (args, reportViolation) => {
        const { analysis } = stackContext(args, TENANT_SESSION_PRINCIPALS_DEFAULTS);
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
