/**
 * The PER_TENANT function: API requests (through API Gateway) and ingestion events (through the
 * router), for the one tenant Lambda names in `context.tenantId`. The tenant is read there and
 * nowhere else; headers, bodies and paths never name it.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { TenantId } from "../tiers/tenantId";
import type { TierName } from "../tiers/tier";
import { clientErrorResponse, json } from "./http";
import { type IngestionEvent, isIngestionEvent, parseIngestionBody } from "./ingestion";
import { handleApiRequest } from "./itemRoutes";
import { annotateTenant, countForTier, type Telemetry, tenantLogKeys, traceInvocation } from "./telemetry";
import type { TenantData } from "./tenantData";
import { type TenantContext, TenantIsolationError, TenantPin } from "./tenantPin";

export interface TenantHandlerDependencies {
    readonly tier: TierName;
    /** A dedicated (premium) function's tenant: every other tenant is refused. */
    readonly dedicatedTenantId?: TenantId;
    readonly telemetry: Telemetry;
    /** Opens the tenant's data stores; called once per execution environment, on its first invocation. */
    readonly openData: (tenantId: TenantId) => TenantData;
}

/** What the function answers an ingestion event with. */
export interface IngestionResult {
    readonly messageId: string;
    readonly itemId: string;
}

export type TenantEvent = APIGatewayProxyEvent | IngestionEvent;
export type TenantHandler = (
    event: TenantEvent,
    context: TenantContext,
) => Promise<APIGatewayProxyResult | IngestionResult>;

/** An event that is neither an API Gateway request nor an ingestion event. */
export class UnsupportedEventError extends Error {
    override readonly name = "UnsupportedEventError";
}

const isApiEvent = (event: unknown): event is APIGatewayProxyEvent =>
    typeof event === "object" && event !== null && "httpMethod" in event && "resource" in event;

/**
 * API Gateway also passes the authorizer context in the event. It must name the tenant Lambda
 * named: a mismatch, or its absence, means the integration is not mapped from the authorizer.
 */
function checkAuthorizerTenant(event: APIGatewayProxyEvent, tenantId: TenantId): void {
    const authorized: unknown = event.requestContext?.authorizer?.tenantId;
    if (authorized !== tenantId) {
        throw new TenantIsolationError(
            `API request for tenant "${tenantId}" carries authorizer tenant ${JSON.stringify(authorized)}: the X-Amz-Tenant-Id mapping must be context.authorizer.tenantId`,
        );
    }
}

/** Builds the tenant function's handler (the entry point wires the real dependencies). */
export function createTenantHandler(deps: TenantHandlerDependencies): TenantHandler {
    const { logger, metrics, tracer } = deps.telemetry;
    const pin = new TenantPin(deps.dedicatedTenantId);
    let data: TenantData | undefined;

    const serve = async (event: TenantEvent, tenantId: TenantId, store: TenantData) => {
        annotateTenant(tracer, tenantId, deps.tier);
        if (isIngestionEvent(event)) {
            const command = parseIngestionBody(event.body);
            const item = await store.items.upsert(command.itemId, command.item);
            logger.info("ingestion message applied", { messageId: event.messageId, itemId: item.itemId });
            countForTier(metrics, "MessageApplied", deps.tier);
            return { messageId: event.messageId, itemId: item.itemId };
        }
        if (!isApiEvent(event))
            throw new UnsupportedEventError("event is neither an API Gateway request nor an ingestion event");
        checkAuthorizerTenant(event, tenantId);
        const route = `${event.httpMethod} ${event.resource}`;
        let response: APIGatewayProxyResult;
        try {
            response = await handleApiRequest(event, store);
        } catch (error) {
            if (error instanceof TenantIsolationError) throw error;
            const clientError = clientErrorResponse(error);
            if (clientError === undefined) logger.error("request failed", { route, error: error as Error });
            response = clientError ?? json(500, { message: "internal error" });
        }
        logger.info("request handled", { route, statusCode: response.statusCode });
        countForTier(metrics, response.statusCode >= 500 ? "ServerError" : "Request", deps.tier);
        return response;
    };

    return async (event, context) => {
        let tenantId: TenantId;
        try {
            tenantId = pin.pin(context);
        } catch (error) {
            logger.error("tenant isolation violated", { error: error as Error });
            throw error;
        }
        if (data === undefined) {
            data = deps.openData(tenantId);
            logger.appendPersistentKeys(tenantLogKeys(tenantId, deps.tier));
        }
        logger.addContext(context);
        const store = data;
        return traceInvocation(tracer, () => serve(event, tenantId, store));
    };
}
