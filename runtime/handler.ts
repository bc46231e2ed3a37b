/**
 * The pooled tenant function's entry point. It runs in Lambda tenant isolation mode, so each
 * execution environment serves exactly one tenant, named by `context.tenantId` (set by Lambda from
 * the `X-Amz-Tenant-Id` header that API Gateway maps from the verified authorizer context).
 *
 * Minimal until the tenant runtime lands: it proves the tenant reaches the code and refuses
 * invocations without one, or an environment that sees a second tenant.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";

/** `Context` plus the field Lambda sets in tenant isolation mode. */
export type TenantContext = Context & { readonly tenantId?: string };

let environmentTenant: string | undefined;

export class TenantIsolationError extends Error {
    override readonly name = "TenantIsolationError";
}

/** Resets the per-environment tenant pin; only tests call this. */
export function resetEnvironmentTenantForTests(): void {
    environmentTenant = undefined;
}

export async function handler(
    event: APIGatewayProxyEvent,
    context: TenantContext,
): Promise<APIGatewayProxyResult> {
    const tenantId = context.tenantId;
    if (tenantId === undefined || tenantId === "") {
        throw new TenantIsolationError(
            "invocation has no tenant id: the function must run with PER_TENANT isolation",
        );
    }
    if (environmentTenant === undefined) {
        environmentTenant = tenantId;
    } else if (environmentTenant !== tenantId) {
        throw new TenantIsolationError(
            `execution environment of tenant "${environmentTenant}" received tenant "${tenantId}": the function is not in PER_TENANT mode`,
        );
    }
    return {
        statusCode: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tenantId, method: event.httpMethod, resource: event.resource }),
    };
}
