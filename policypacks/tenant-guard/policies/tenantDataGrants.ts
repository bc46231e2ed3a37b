import type { StackValidationPolicy } from "@pulumi/policy";
import { grantProblems } from "../lib/abacPattern";
import { nameOf } from "../lib/arn";
import { stringList } from "../lib/config";
import { isAllow, parsePolicyDocument, statementLabel } from "../lib/policyDocument";
import { allNamed } from "../lib/principals";
import { storesReached } from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label } from "../lib/stackDocuments";
import { stackContext } from "../lib/stackPolicy";

export interface TenantDataGrantsConfig extends StackAnalysisConfig {
    /** AWS managed policies (names) that reach every table, bucket or key of the account. */
    readonly broadManagedPolicies: string[];
}

/** AWS managed policies whose grants cover tenant tables, buckets or keys without any tenant condition. */
export const BROAD_MANAGED_POLICIES: readonly string[] = Object.freeze([
    "AdministratorAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
    "DataScientist",
    "DatabaseAdministrator",
    "AmazonDynamoDBFullAccess",
    "AmazonDynamoDBFullAccess_v2",
    "AmazonDynamoDBReadOnlyAccess",
    "AmazonDynamoDBFullAccesswithDataPipeline",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AWSKeyManagementServicePowerUser",
    "AWSLambda_FullAccess",
    "AWSLambdaRole",
]);

export const TENANT_DATA_GRANTS_DEFAULTS: TenantDataGrantsConfig = Object.freeze({
    ...STACK_ANALYSIS_DEFAULTS,
    broadManagedPolicies: [...BROAD_MANAGED_POLICIES],
});

export const tenantDataGrants: StackValidationPolicy = {
    name: "tenant-data-grants",
    description:
        "Every identity grant (role, user and group policies, inline or attached, AWS managed policies included) that reaches a tenant table, bucket or key follows the ABAC pattern, unless every principal it applies to is a configured platform principal.",
    remediationSteps:
        "Grant tenant data only to the tenant access role with the conditions of components/policies/tenantAccessPolicy.ts (LeadingKeys pinned to ${aws:PrincipalTag/TenantId} with the Null guard, objects under <bucket>/${aws:PrincipalTag/TenantId}/, keys by aws:ResourceTag/TenantId or kms:ViaService); replace broad AWS managed policies with such statements; list migration or backup roles in platformPrincipals.",
    configSchema: {
        properties: {
            ...stackAnalysisSchema(),
            broadManagedPolicies: stringList(
                "AWS managed policy names that reach every tenant store",
                TENANT_DATA_GRANTS_DEFAULTS.broadManagedPolicies,
            ),
        },
    },
    validateStack: (args, reportViolation) => {
        const { config, analysis, pins, keyTenant } = stackContext(args, TENANT_DATA_GRANTS_DEFAULTS);
        const platform = (principals: readonly string[]) =>
            allNamed(principals, config.platformPrincipals, analysis);
        for (const doc of analysis.documents) {
            if (platform(doc.principals)) continue;
            const parsed = parsePolicyDocument(doc.policy);
            if (!parsed.ok) continue; // tenant-data-abac reports documents it cannot read
            const statements = parsed.document.statements;
            for (const statement of statements.filter(isAllow)) {
                const problems = grantProblems(
                    statement,
                    statements,
                    storesReached(statement, analysis.stores),
                    pins,
                    keyTenant,
                );
                for (const problem of problems) {
                    reportViolation(
                        `tenant-data-grants: ${doc.label} ${statementLabel(statement)} ${problem}.`,
                        doc.resource.urn,
                    );
                }
            }
        }
        for (const attachment of analysis.attachments) {
            const managed = /^arn:aws[a-z-]*:iam::aws:policy\//.test(attachment.policyArn);
            const name = nameOf(attachment.policyArn);
            if (!managed || !config.broadManagedPolicies.includes(name) || platform(attachment.principals))
                continue;
            reportViolation(
                `tenant-data-grants: ${label(attachment.resource)} attaches AWS managed policy "${name}" to ${JSON.stringify(attachment.principals)}, which reaches every tenant's data without the TenantId conditions.`,
                attachment.resource.urn,
            );
        }
    },
};
