/**
 * The sample tenant API: item CRUD and one file per item. Data, not code, so the API component,
 * its tests and the docs all read the same list.
 */
export interface SampleRoute {
    /** Path under the API root, with `{param}` segments. */
    readonly path: string;
    readonly method: "GET" | "POST" | "PUT" | "DELETE";
}

export const SAMPLE_ROUTES: readonly SampleRoute[] = Object.freeze([
    { path: "items", method: "GET" },
    { path: "items", method: "POST" },
    { path: "items/{itemId}", method: "GET" },
    { path: "items/{itemId}", method: "PUT" },
    { path: "items/{itemId}", method: "DELETE" },
    { path: "items/{itemId}/file", method: "GET" },
    { path: "items/{itemId}/file", method: "PUT" },
]);

/** The integration request parameter that tells Lambda which tenant an invocation belongs to. */
export const TENANT_HEADER_PARAMETER = "integration.request.header.X-Amz-Tenant-Id";

/**
 * Its only safe source: the context the authorizer returned after verifying the token. A
 * `method.request.header.*` source would let any caller choose any tenant.
 */
export const TENANT_HEADER_SOURCE = "context.authorizer.tenantId";

/** Path parameters of a route path, in order (`items/{itemId}/file` → `["itemId"]`). */
export function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
