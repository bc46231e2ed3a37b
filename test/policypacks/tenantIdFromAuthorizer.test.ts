import { describe, expect, it } from "vitest";
import { tenantIdFromAuthorizer } from "../../policypacks/tenant-guard/policies";
import { check } from "./harness";

const INTEGRATION = "aws:apigateway/integration:Integration";
const label = `${INTEGRATION} "route"`;
const params = (requestParameters: unknown) => ({ type: "AWS_PROXY", requestParameters });

describe("tenant-id-from-authorizer", () => {
    it.each<[string, unknown]>([
        [
            "the authorizer context",
            { "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId" },
        ],
        [
            "the authorizer context, as a JSON string",
            JSON.stringify({ "integration.request.header.X-Amz-Tenant-Id": "context.authorizer.tenantId" }),
        ],
        ["no request parameters", undefined],
        [
            "another header from the client",
            { "integration.request.header.X-Request-Id": "method.request.header.X-Request-Id" },
        ],
    ])("passes a mapping from %s", async (_name, requestParameters) => {
        expect(await check(tenantIdFromAuthorizer, INTEGRATION, "route", params(requestParameters))).toEqual(
            [],
        );
    });

    it.each<[string, string, unknown, string]>([
        [
            "a client header",
            "integration.request.header.X-Amz-Tenant-Id",
            "method.request.header.X-Amz-Tenant-Id",
            '"method.request.header.X-Amz-Tenant-Id"',
        ],
        [
            "a lowercase header name and a query string",
            "integration.request.header.x-amz-tenant-id",
            "method.request.querystring.tenant",
            '"method.request.querystring.tenant"',
        ],
        ["a static value", "integration.request.header.X-AMZ-TENANT-ID", "'acme'", "\"'acme'\""],
        [
            "the bare authorizer prefix",
            "integration.request.header.X-Amz-Tenant-Id",
            "context.authorizer.",
            '"context.authorizer."',
        ],
        [
            "the authorizer's principal id (any user can pick their own)",
            "integration.request.header.X-Amz-Tenant-Id",
            "context.authorizer.principalId",
            '"context.authorizer.principalId"',
        ],
        [
            "the caller's identity",
            "integration.request.header.X-Amz-Tenant-Id",
            "context.identity.sourceIp",
            '"context.identity.sourceIp"',
        ],
    ])("reports %s", async (_name, parameter, source, shown) => {
        expect(
            await check(tenantIdFromAuthorizer, INTEGRATION, "route", params({ [parameter]: source })),
        ).toEqual([
            `${label} maps ${parameter} from ${shown}, but the tenant header must come from exactly "context.authorizer.tenantId".`,
        ]);
    });

    it("uses the configured header and authorizer key", async () => {
        const config = { headerName: "X-Tenant", authorizerContextKey: "claims.tenant" };
        const props = params({
            "integration.request.header.X-Tenant": "context.authorizer.tenantId",
            "integration.request.header.X-Amz-Tenant-Id": "method.request.header.X-Amz-Tenant-Id",
        });
        expect(await check(tenantIdFromAuthorizer, INTEGRATION, "route", props, { config })).toEqual([
            `${label} maps integration.request.header.X-Tenant from "context.authorizer.tenantId", but the tenant header must come from exactly "context.authorizer.claims.tenant".`,
        ]);
    });

    const HTTP = "aws:apigatewayv2/integration:Integration";
    it.each<[string, Record<string, string>]>([
        [
            "overwritten from the authorizer",
            { "overwrite:header.X-Amz-Tenant-Id": "$context.authorizer.tenantId" },
        ],
        ["removed", { "remove:header.X-Amz-Tenant-Id": "''" }],
        ["untouched, with another header appended", { "append:header.X-Request-Id": "$context.requestId" }],
    ])("passes an HTTP API integration whose tenant header is %s", async (_name, requestParameters) => {
        expect(
            await check(tenantIdFromAuthorizer, HTTP, "http-route", {
                integrationType: "HTTP_PROXY",
                requestParameters,
            }),
        ).toEqual([]);
    });

    it.each<[string, string, string]>([
        ["appended from a client header", "append:header.X-Amz-Tenant-Id", "$request.header.x-tenant"],
        [
            "overwritten from the authorizer's principal id (a Lambda authorizer returns the user, not the tenant)",
            "overwrite:header.X-Amz-Tenant-Id",
            "$context.authorizer.principalId",
        ],
        [
            "overwritten from a JWT claim the client controls",
            "overwrite:header.x-amz-tenant-id",
            "$context.authorizer.claims.custom:tenant",
        ],
    ])("reports an HTTP API integration whose tenant header is %s", async (_name, parameter, source) => {
        expect(
            await check(tenantIdFromAuthorizer, HTTP, "http-route", {
                integrationType: "HTTP_PROXY",
                requestParameters: { [parameter]: source },
            }),
        ).toEqual([
            `${HTTP} "http-route" maps ${parameter} from ${JSON.stringify(source)}, but the tenant header must come from exactly "$context.authorizer.tenantId".`,
        ]);
    });
});
