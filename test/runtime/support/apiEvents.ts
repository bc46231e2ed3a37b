/** API Gateway proxy events as the tenant API delivers them (authorizer context included). */
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { TenantContext } from "../../../runtime/tenantPin";

export interface ApiRequest {
    readonly itemId?: string;
    readonly body?: string | null;
    readonly base64?: boolean;
    readonly headers?: Record<string, string>;
    readonly query?: Record<string, string>;
    /** The tenant in the authorizer context; `null` leaves the context out. */
    readonly authorizerTenant?: string | null;
}

export function apiEvent(
    method: string,
    resource: string,
    tenantId: string,
    request: ApiRequest = {},
): APIGatewayProxyEvent {
    const path = resource.replace("{itemId}", request.itemId ?? "");
    return {
        httpMethod: method,
        resource,
        path,
        headers: request.headers ?? {},
        multiValueHeaders: {},
        queryStringParameters: request.query ?? null,
        multiValueQueryStringParameters: null,
        pathParameters: request.itemId === undefined ? null : { itemId: request.itemId },
        stageVariables: null,
        body: request.body ?? null,
        isBase64Encoded: request.base64 ?? false,
        requestContext: {
            authorizer:
                request.authorizerTenant === null
                    ? undefined
                    : { tenantId: request.authorizerTenant ?? tenantId, tier: "pooled" },
        } as unknown as APIGatewayProxyEvent["requestContext"],
    };
}

/** The Lambda context of an invocation for `tenantId` (what Lambda sets in PER_TENANT mode). */
export function contextFor(tenantId: string | undefined): TenantContext {
    return {
        tenantId,
        functionName: "tenant-tiers-dev-pooled",
        awsRequestId: "req-1",
    } as unknown as TenantContext;
}
