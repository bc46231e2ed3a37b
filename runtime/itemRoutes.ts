/**
 * The sample tenant API (`components/shared/sampleRoutes.ts`): item CRUD and one file per item. Handlers
 * receive the tenant's data stores, never a tenant id: which tenant they serve was decided before.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { SampleRoute } from "../components/shared/sampleRoutes";
import { bodyBytes, header, HttpError, json } from "./http";
import type { TenantData } from "./tenantData";
import { MAX_FILE_BYTES } from "./tenantFiles";
import { parseItemInput } from "./tenantItems";
import { TenantKeys } from "./tenantKeys";

type RouteHandler = (event: APIGatewayProxyEvent, data: TenantData) => Promise<APIGatewayProxyResult>;

/** `GET /items/{itemId}`: the key API Gateway's `event.resource` gives for a route. */
export function routeKey(route: SampleRoute): string {
    return `${route.method} /${route.path}`;
}

const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;

function readJson(event: APIGatewayProxyEvent): unknown {
    const text = bodyBytes(event.body, event.isBase64Encoded).toString("utf8");
    try {
        return JSON.parse(text) as unknown;
    } catch {
        throw new HttpError(400, "request body is not valid JSON");
    }
}

const itemIdOf = (event: APIGatewayProxyEvent): string => TenantKeys.itemId(event.pathParameters?.itemId);

function pageSize(value: string | undefined): number {
    if (value === undefined) return DEFAULT_PAGE;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > MAX_PAGE) {
        throw new HttpError(
            400,
            `limit ${JSON.stringify(value)} is invalid: use a whole number from 1 to ${MAX_PAGE}`,
        );
    }
    return n;
}

const notFound = (itemId: string) => new HttpError(404, `item ${itemId} does not exist`);

/** Route key → handler; covers exactly `SAMPLE_ROUTES` (a test holds them together). */
export const ITEM_ROUTES: Readonly<Record<string, RouteHandler>> = Object.freeze({
    "GET /items": async (event, data) => {
        const query = event.queryStringParameters ?? {};
        const after = query.after === undefined ? undefined : TenantKeys.itemId(query.after);
        return json(200, await data.items.list(pageSize(query.limit), after));
    },
    "POST /items": async (event, data) => json(201, await data.items.create(parseItemInput(readJson(event)))),
    "GET /items/{itemId}": async (event, data) => {
        const itemId = itemIdOf(event);
        const item = await data.items.get(itemId);
        if (item === undefined) throw notFound(itemId);
        return json(200, item);
    },
    "PUT /items/{itemId}": async (event, data) => {
        const itemId = itemIdOf(event);
        const item = await data.items.replace(itemId, parseItemInput(readJson(event)));
        if (item === undefined) throw notFound(itemId);
        return json(200, item);
    },
    "DELETE /items/{itemId}": async (event, data) => {
        const itemId = itemIdOf(event);
        if (!(await data.items.delete(itemId))) throw notFound(itemId);
        await data.files.delete(itemId);
        return json(204);
    },
    "GET /items/{itemId}/file": async (event, data) => {
        const itemId = itemIdOf(event);
        const file = await data.files.get(itemId);
        if (file === undefined) throw new HttpError(404, `item ${itemId} has no file`);
        return {
            statusCode: 200,
            headers: { "content-type": file.contentType },
            body: Buffer.from(file.body).toString("base64"),
            isBase64Encoded: true,
        };
    },
    "PUT /items/{itemId}/file": async (event, data) => {
        const itemId = itemIdOf(event);
        const body = bodyBytes(event.body, event.isBase64Encoded);
        if (body.length > MAX_FILE_BYTES) {
            throw new HttpError(
                413,
                `file of ${body.length} bytes is too large: the limit is ${MAX_FILE_BYTES} bytes`,
            );
        }
        if ((await data.items.get(itemId)) === undefined) throw notFound(itemId);
        const contentType = header(event.headers, "content-type") ?? "application/octet-stream";
        await data.files.put(itemId, { body, contentType });
        const item = await data.items.recordFile(itemId, { contentType, size: body.length });
        if (item === undefined) throw notFound(itemId);
        return json(200, item);
    },
});

/** Answers one API request for the tenant whose data is given. */
export async function handleApiRequest(
    event: APIGatewayProxyEvent,
    data: TenantData,
): Promise<APIGatewayProxyResult> {
    const route = ITEM_ROUTES[`${event.httpMethod} ${event.resource}`];
    if (route === undefined) throw new HttpError(404, `no route ${event.httpMethod} ${event.resource}`);
    return route(event, data);
}
