/**
 * The account quotas a tenant can run into, as data: where Service Quotas keeps each one (service
 * and quota code, when it has one), AWS's documented default (with the page that documents it),
 * its scope, and whether it can be raised.
 */

/** The quotas the pre-checks know. */
export const QUOTA_IDS = [
    "apiKeys",
    "usagePlans",
    "restApis",
    "userPoolGroups",
    "userPoolUsers",
    "lambdaConcurrency",
    "organizationAccounts",
] as const;

export type QuotaId = (typeof QUOTA_IDS)[number];

export interface QuotaDefinition {
    readonly id: QuotaId;
    /** The quota's name as AWS writes it. */
    readonly name: string;
    /** Service Quotas' service code (also the `--service-code` of a raise). */
    readonly serviceCode: string;
    /** Service Quotas' quota code; unset for a quota Service Quotas does not list. */
    readonly quotaCode?: string;
    /** What one unit of the quota counts, for messages. */
    readonly unit: string;
    /** Where the quota applies. */
    readonly scope: "region" | "user pool" | "organization";
    /** AWS's documented default. */
    readonly documentedDefault: number;
    /** The page that documents the default. */
    readonly documentation: string;
    /** Whether AWS raises it on request. */
    readonly adjustable: boolean;
}

const API_GATEWAY_REST_QUOTAS =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html";
const COGNITO_QUOTAS = "https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html";

export const QUOTAS: Readonly<Record<QuotaId, QuotaDefinition>> = {
    // "API keys per account per Region: 10000, can be increased: No" (no Service Quotas entry).
    apiKeys: {
        id: "apiKeys",
        name: "API keys per account per Region",
        serviceCode: "apigateway",
        unit: "API keys",
        scope: "region",
        documentedDefault: 10_000,
        documentation: API_GATEWAY_REST_QUOTAS,
        adjustable: false,
    },
    // "Usage plans per account per Region: 300, can be increased: Yes (L-E8693075)".
    usagePlans: {
        id: "usagePlans",
        name: "Usage plans per account per Region",
        serviceCode: "apigateway",
        quotaCode: "L-E8693075",
        unit: "usage plans",
        scope: "region",
        documentedDefault: 300,
        documentation: API_GATEWAY_REST_QUOTAS,
        adjustable: true,
    },
    // "Regional APIs per Region: 600, can be increased: No"; a premium tenant has its own REST API.
    restApis: {
        id: "restApis",
        name: "Regional APIs per Region",
        serviceCode: "apigateway",
        unit: "REST APIs",
        scope: "region",
        documentedDefault: 600,
        documentation: API_GATEWAY_REST_QUOTAS,
        adjustable: false,
    },
    // "Groups per user pool: 10,000, adjustable: No" (resource quotas of user pools).
    userPoolGroups: {
        id: "userPoolGroups",
        name: "Groups per user pool",
        serviceCode: "cognito-idp",
        unit: "groups",
        scope: "user pool",
        documentedDefault: 10_000,
        documentation: COGNITO_QUOTAS,
        adjustable: false,
    },
    // "Users per user pool: 40,000,000, adjustable: Yes, maximum: contact your account team".
    userPoolUsers: {
        id: "userPoolUsers",
        name: "Users per user pool",
        serviceCode: "cognito-idp",
        unit: "users",
        scope: "user pool",
        documentedDefault: 40_000_000,
        documentation: COGNITO_QUOTAS,
        adjustable: true,
    },
    // "Concurrent executions: 1,000, can be increased to tens of thousands" (L-B99A9384).
    lambdaConcurrency: {
        id: "lambdaConcurrency",
        name: "Concurrent executions",
        serviceCode: "lambda",
        quotaCode: "L-B99A9384",
        unit: "reserved concurrent executions",
        scope: "region",
        documentedDefault: 1_000,
        documentation: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        adjustable: true,
    },
    // "Default maximum number of accounts: 10" (L-E619E033, raised from the management account, us-east-1).
    organizationAccounts: {
        id: "organizationAccounts",
        name: "Default maximum number of accounts",
        serviceCode: "organizations",
        quotaCode: "L-E619E033",
        unit: "accounts",
        scope: "organization",
        documentedDefault: 10,
        documentation:
            "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html",
        adjustable: true,
    },
};

/** How to raise `quota` (to `desired`), for messages. */
export function raiseAdvice(quota: QuotaDefinition, desired: number, region: string): string {
    if (!quota.adjustable) {
        return `AWS does not raise this quota: free ${quota.unit} (delete unused ones) or use another ${quota.scope === "user pool" ? "user pool" : "account or region"}`;
    }
    if (quota.quotaCode === undefined) {
        return `ask AWS Support for a raise (see ${quota.documentation})`;
    }
    const quotasRegion = quota.scope === "organization" ? "us-east-1" : region;
    return (
        `raise it in the Service Quotas console (https://console.aws.amazon.com/servicequotas/home/services/${quota.serviceCode}/quotas/${quota.quotaCode}) ` +
        `or with: aws service-quotas request-service-quota-increase --service-code ${quota.serviceCode} ` +
        `--quota-code ${quota.quotaCode} --desired-value ${desired} --region ${quotasRegion}`
    );
}
