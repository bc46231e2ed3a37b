import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { ApiIntegration } from "../lib/awsTypes";
import { configOf, stringList } from "../lib/config";
import { parseJsonInput, recordOf } from "../lib/json";
import { resourceLabel } from "../lib/resource";

export interface TenantIdFromAuthorizerConfig {
    /** The header Lambda reads the tenant from. */
    readonly headerName: string;
    /** Mapping-expression prefixes a tenant header may come from. */
    readonly allowedSourcePrefixes: string[];
}

export const TENANT_ID_FROM_AUTHORIZER_DEFAULTS: TenantIdFromAuthorizerConfig = Object.freeze({
    headerName: "X-Amz-Tenant-Id",
    allowedSourcePrefixes: ["context.authorizer."],
});

function isAllowedSource(source: unknown, prefixes: readonly string[]): boolean {
    return (
        typeof source === "string" && prefixes.some((p) => source.startsWith(p) && source.length > p.length)
    );
}

export const tenantIdFromAuthorizer: ResourceValidationPolicy = {
    name: "tenant-id-from-authorizer",
    description:
        "A REST API integration that sets the X-Amz-Tenant-Id header maps it from the verified authorizer context (context.authorizer.*), never from anything the client sends.",
    remediationSteps:
        'Map the header from the authorizer: requestParameters: { "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId" }, with a Lambda authorizer that returns the tenant id from a verified token.',
    configSchema: {
        properties: {
            headerName: {
                type: "string",
                default: TENANT_ID_FROM_AUTHORIZER_DEFAULTS.headerName,
                description: "The tenant header (compared case-insensitively)",
            },
            allowedSourcePrefixes: stringList(
                "Mapping-expression prefixes the tenant header may come from",
                TENANT_ID_FROM_AUTHORIZER_DEFAULTS.allowedSourcePrefixes,
            ),
        },
    },
    validateResource: validateResourceOfType(ApiIntegration, (integration, args, reportViolation) => {
        const config = configOf(args, TENANT_ID_FROM_AUTHORIZER_DEFAULTS);
        const parsed = parseJsonInput(integration.requestParameters);
        const parameters = parsed.ok ? (recordOf(parsed.value) ?? {}) : {};
        const target = `integration.request.header.${config.headerName}`.toLowerCase();
        for (const [parameter, source] of Object.entries(parameters)) {
            if (
                parameter.toLowerCase() === target &&
                !isAllowedSource(source, config.allowedSourcePrefixes)
            ) {
                reportViolation(
                    `${resourceLabel(args)} maps ${parameter} from ${JSON.stringify(source)}, but the tenant header must come from ${config.allowedSourcePrefixes.map((p) => `${p}*`).join(" or ")}.`,
                );
            }
        }
    }),
};
