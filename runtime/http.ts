/** JSON responses of the sample tenant API and the client errors it answers with a 4xx. */
import type { APIGatewayProxyResult } from "aws-lambda";
import { InvalidItemError } from "./tenantItems";
import { InvalidItemIdError } from "./tenantKeys";

/** A client error with its HTTP status. */
export class HttpError extends Error {
    override readonly name = "HttpError";
    constructor(
        readonly statusCode: number,
        message: string,
    ) {
        super(message);
    }
}

/** A JSON response; `body` is omitted for 204. */
export function json(statusCode: number, body?: unknown): APIGatewayProxyResult {
    return {
        statusCode,
        headers: { "content-type": "application/json" },
        body: body === undefined ? "" : JSON.stringify(body),
    };
}

/** The 4xx response for a client error, or `undefined` when `error` is not one (the caller answers 500). */
export function clientErrorResponse(error: unknown): APIGatewayProxyResult | undefined {
    if (error instanceof HttpError) return json(error.statusCode, { message: error.message });
    if (error instanceof InvalidItemIdError || error instanceof InvalidItemError) {
        return json(400, { message: error.message });
    }
    return undefined;
}

/** The request body as text (API Gateway base64-encodes binary bodies). */
export function bodyBytes(body: string | null, isBase64Encoded: boolean): Buffer {
    if (body === null) return Buffer.alloc(0);
    return isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
}

/** A header value, looked up without regard to case. */
export function header(
    headers: Readonly<Record<string, string | undefined>> | null,
    name: string,
): string | undefined {
    if (headers === null) return undefined;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : headers[key];
}
