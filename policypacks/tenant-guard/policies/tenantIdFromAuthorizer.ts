import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { ApiIntegration, HttpApiIntegration } from "../lib/awsTypes";
import { configOf } from "../lib/config";
import { parseJsonInput, recordOf } from "../lib/json";
import { resourceLabel } from "../lib/resource";

export interface TenantIdFromAuthorizerConfig {
    /** The header Lambda reads the tenant from. */
    readonly headerName: string;
    /** The authorizer context key that carries the verified tenant id. */
    readonly authorizerContextKey: string;
}

export const TENANT_ID_FROM_AUTHORIZER_DEFAULTS: TenantIdFromAuthorizerConfig = Object.freeze({
    headerName: "X-Amz-Tenant-Id",
    authorizerContextKey: "tenantId",
});

function parametersOf(value: unknown): Record<string, unknown> {
    const parsed = parseJsonInput(value);
    return parsed.ok ? (recordOf(parsed.value) ?? {}) : {};
}

/**
 * The mappings of the tenant header that do not come from exactly the authorizer's tenant key.
 * REST: `integration.request.header.<h>` = `context.authorizer.<key>`. HTTP API:
 * `append:header.<h>` or `overwrite:header.<h>` = `$context.authorizer.<key>` (`remove:` is fine).
 * Any other authorizer key (`principalId`, a claim the client chose) is not the verified tenant.
 */
function wrongMappings(
    parameters: Record<string, unknown>,
    targets: readonly string[],
    expected: string,
): [string, unknown][] {
    return Object.entries(parameters).filter(
        ([parameter, source]) => targets.includes(parameter.toLowerCase()) && source !== expected,
    );
}

export const tenantIdFromAuthorizer: ResourceValidationPolicy = {
    name: "tenant-id-from-authorizer",
    description:
        "A REST or HTTP API integration that sets the X-Amz-Tenant-Id header maps it from exactly the authorizer's verified tenant id (context.authorizer.tenantId), never from anything the client sends or another authorizer field.",
    remediationSteps:
        'REST: requestParameters: { "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId" }; HTTP API: requestParameters: { "overwrite:header.X-Amz-Tenant-Id": "$context.authorizer.tenantId" }; the Lambda authorizer returns the tenant id from a verified token under that key.',
    configSchema: {
        properties: {
            headerName: {
                type: "string",
                default: TENANT_ID_FROM_AUTHORIZER_DEFAULTS.headerName,
                description: "The tenant header (compared case-insensitively)",
            },
            authorizerContextKey: {
                type: "string",
                default: TENANT_ID_FROM_AUTHORIZER_DEFAULTS.authorizerContextKey,
                description: "The authorizer context key that carries the verified tenant id",
            },
        },
    },
    validateResource: [
        validateResourceOfType(ApiIntegration, (integration, args, reportViolation) => {
            const config = configOf(args, TENANT_ID_FROM_AUTHORIZER_DEFAULTS);
            const expected = `context.authorizer.${config.authorizerContextKey}`;
            const target = `integration.request.header.${config.headerName}`.toLowerCase();
            for (const [parameter, source] of wrongMappings(
                parametersOf(integration.requestParameters),
                [target],
                expected,
            )) {
                reportViolation(
                    `${resourceLabel(args)} maps ${parameter} from ${JSON.stringify(source)}, but the tenant header must come from exactly "${expected}".`,
                );
            }
        }),
        validateResourceOfType(HttpApiIntegration, (integration, args, reportViolation) => {
            const config = configOf(args, TENANT_ID_FROM_AUTHORIZER_DEFAULTS);
            const expected = `$context.authorizer.${config.authorizerContextKey}`;
            const header = `header.${config.headerName}`.toLowerCase();
            for (const [parameter, source] of wrongMappings(
                parametersOf(integration.requestParameters),
                [`append:${header}`, `overwrite:${header}`],
                expected,
            )) {
                reportViolation(
                    `${resourceLabel(args)} maps ${parameter} from ${JSON.stringify(source)}, but the tenant header must come from exactly "${expected}".`,
                );
            }
        }),
    ],
};
