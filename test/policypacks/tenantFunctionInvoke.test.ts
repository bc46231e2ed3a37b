import { describe, expect, it } from "vitest";
import { tenantFunctionInvoke } from "../../policypacks/tenant-guard/policies";
import { check } from "./harness";

const PERMISSION = "aws:lambda/permission:Permission";
const label = `${PERMISSION} "invoke"`;
const API = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5";
const ROUTER = "arn:aws:iam::123456789012:role/tenant-tiers-dev-router";
const permission = (props: Record<string, unknown>) => ({
    action: "lambda:InvokeFunction",
    function: "pooled",
    ...props,
});

describe("tenant-function-invoke", () => {
    it.each<[string, Record<string, unknown>]>([
        ["API Gateway on one stage", { principal: "apigateway.amazonaws.com", sourceArn: `${API}/dev/*/*` }],
        [
            "API Gateway as authorizer",
            { principal: "apigateway.amazonaws.com", sourceArn: `${API}/authorizers/abc123` },
        ],
        ["the router's role", { principal: ROUTER }],
    ])("passes %s", async (_name, props) => {
        expect(await check(tenantFunctionInvoke, PERMISSION, "invoke", permission(props))).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string]>([
        [
            "API Gateway without a sourceArn",
            { principal: "apigateway.amazonaws.com" },
            `${label} lets apigateway.amazonaws.com invoke tenant function "pooled" with sourceArn unset, but it must name one API's execute-api ARN.`,
        ],
        [
            "API Gateway from any API",
            {
                principal: "apigateway.amazonaws.com",
                sourceArn: "arn:aws:execute-api:eu-west-1:123456789012:*/*",
            },
            `${label} lets apigateway.amazonaws.com invoke tenant function "pooled" with sourceArn "arn:aws:execute-api:eu-west-1:123456789012:*/*", but it must name one API's execute-api ARN.`,
        ],
        [
            "an event source",
            { principal: "events.amazonaws.com", sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/r" },
            `${label} lets "events.amazonaws.com" invoke tenant function "pooled", but only apigateway.amazonaws.com (with a sourceArn) or the router may invoke tenant functions.`,
        ],
        [
            "an account",
            { principal: "123456789012" },
            `${label} lets "123456789012" invoke tenant function "pooled", but only apigateway.amazonaws.com (with a sourceArn) or the router may invoke tenant functions.`,
        ],
        [
            "everyone, on a function named by its ARN",
            { principal: "*", function: "arn:aws:lambda:eu-west-1:123456789012:function:pooled:live" },
            `${label} lets "*" invoke tenant function "pooled", but only apigateway.amazonaws.com (with a sourceArn) or the router may invoke tenant functions.`,
        ],
    ])("reports %s", async (_name, props, message) => {
        expect(await check(tenantFunctionInvoke, PERMISSION, "invoke", permission(props))).toEqual([message]);
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>, number]>([
        [
            "tenantFunctions leaves other functions alone",
            { tenantFunctions: ["premium-*"] },
            { principal: "*" },
            0,
        ],
        ["tenantFunctions still checks matching ones", { tenantFunctions: ["pool*"] }, { principal: "*" }, 1],
        [
            "routerPrincipals names the router",
            { routerPrincipals: ["arn:aws:iam::123456789012:role/fanout"] },
            { principal: "arn:aws:iam::123456789012:role/fanout" },
            0,
        ],
        [
            "routerPrincipals replaces the default",
            { routerPrincipals: ["arn:aws:iam::123456789012:role/fanout"] },
            { principal: ROUTER },
            1,
        ],
    ])("config: %s", async (_name, config, props, count) => {
        expect(
            await check(tenantFunctionInvoke, PERMISSION, "invoke", permission(props), { config }),
        ).toHaveLength(count);
    });
});
