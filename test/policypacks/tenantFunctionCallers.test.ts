import { describe, expect, it } from "vitest";
import { tenantFunctionCallers } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import {
    ACCOUNT,
    baseStack,
    doc,
    FN,
    FN_ARN,
    OUTSIDE,
    PLATFORM_TAGS,
    REGION,
    stackWith,
} from "./stackFixtures";

const permission = (props: Record<string, unknown>): StackFixture => ({
    type: "aws:lambda/permission:Permission",
    name: "extra-invoke",
    props: { action: "lambda:InvokeFunction", function: FN, ...props },
});
const invokePolicy = (role: string, resource: string): StackFixture => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: `${role}-invoke`,
    props: {
        role,
        policy: doc({ Sid: "Invoke", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: resource }),
    },
});
const label = 'aws:lambda/permission:Permission "extra-invoke" on tenant function "items-handler"';

describe("tenant-function-callers", () => {
    it.each<[string, StackFixture[]]>([
        ["the stack's API Gateway permission", baseStack()],
        [
            "an S3 notification without sourceAccount on a platform function",
            stackWith({
                ...permission({
                    principal: "s3.amazonaws.com",
                    sourceArn: "arn:aws:s3:::uploads",
                    function: "thumbnailer",
                }),
            }),
        ],
        [
            "the router's role invoking every function",
            stackWith(invokePolicy("ingest-router-role", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`)),
        ],
        [
            "a function URL with IAM auth",
            stackWith({
                type: "aws:lambda/functionUrl:FunctionUrl",
                name: "url",
                props: { functionName: FN, authorizationType: "AWS_IAM" },
            }),
        ],
        [
            "a role invoking a platform function",
            stackWith(invokePolicy("ci", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:migrations`)),
        ],
    ])("passes %s", async (_name, stack) => {
        expect(await checkStack(tenantFunctionCallers, stack)).toEqual([]);
    });

    it.each<[string, StackFixture[], string]>([
        [
            "an API Gateway permission copied from another account's API",
            stackWith(
                permission({
                    principal: "apigateway.amazonaws.com",
                    sourceArn: `arn:aws:execute-api:${REGION}:${OUTSIDE}:zz9yx8/prod/*/*`,
                }),
            ),
            `extra-invoke: tenant-function-callers: ${label} lets apigateway.amazonaws.com invoke it from "arn:aws:execute-api:${REGION}:${OUTSIDE}:zz9yx8/prod/*/*", which is outside the stack's accounts ["${ACCOUNT}"].`,
        ],
        [
            "an EventBridge permission without a sourceArn",
            stackWith(permission({ principal: "events.amazonaws.com" })),
            `extra-invoke: tenant-function-callers: ${label} lets events.amazonaws.com invoke it without a sourceArn, so any of that service's resources in any account may.`,
        ],
        [
            "an S3 notification without sourceAccount",
            stackWith(permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" })),
            `extra-invoke: tenant-function-callers: ${label} lets s3.amazonaws.com invoke it from "arn:aws:s3:::uploads" without a sourceAccount.`,
        ],
        [
            "a router role in another account",
            stackWith(permission({ principal: `arn:aws:iam::${OUTSIDE}:role/tenant-router` })),
            `extra-invoke: tenant-function-callers: ${label} lets "arn:aws:iam::${OUTSIDE}:role/tenant-router" invoke it, which is neither a service with a sourceArn nor a router or invoker in an own account.`,
        ],
        [
            "everyone, on the function's alias ARN",
            stackWith(permission({ principal: "*", function: `${FN_ARN}:live` })),
            `extra-invoke: tenant-function-callers: ${label} lets Principal "*" invoke it.`,
        ],
        [
            "a public function URL for a quick demo",
            stackWith({
                type: "aws:lambda/functionUrl:FunctionUrl",
                name: "demo-url",
                props: { functionName: FN, authorizationType: "NONE" },
            }),
            `demo-url: tenant-function-callers: aws:lambda/functionUrl:FunctionUrl "demo-url" opens tenant function "items-handler" with authorizationType "NONE", but a tenant function may have no URL without AWS_IAM auth.`,
        ],
        [
            "a queue wired straight to the tenant function",
            stackWith({
                type: "aws:lambda/eventSourceMapping:EventSourceMapping",
                name: "jobs-to-items",
                props: { eventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`, functionName: FN_ARN },
            }),
            `jobs-to-items: tenant-function-callers: aws:lambda/eventSourceMapping:EventSourceMapping "jobs-to-items" feeds "arn:aws:sqs:${REGION}:${ACCOUNT}:jobs" straight into tenant function "items-handler", but events reach tenant functions only through the router, which invokes with a TenantId.`,
        ],
        [
            "a CI role allowed to invoke anything",
            stackWith(invokePolicy("ci", "*")),
            `ci-invoke: tenant-function-callers: aws:iam/rolePolicy:RolePolicy "ci-invoke" statement "Invoke" lets ["ci"] invoke ["*"] (through lambda:InvokeFunction), which reaches tenant functions, but only the router and invokerPrincipals may.`,
        ],
    ])("reports %s", async (_name, stack, message) => {
        expect(await checkStack(tenantFunctionCallers, stack)).toEqual([message]);
    });

    const changePolicy = (role: string, action: string | string[], resource: string): StackFixture => ({
        type: "aws:iam/rolePolicy:RolePolicy",
        name: `${role}-lambda`,
        props: {
            role,
            policy: doc({ Sid: "Lambda", Effect: "Allow", Action: action, Resource: resource }),
        },
    });
    const changeMessage = (role: string, resource: string, through: string) =>
        `${role}-lambda: tenant-function-callers: aws:iam/rolePolicy:RolePolicy "${role}-lambda" statement "Lambda" lets ["${role}"] change the code or configuration of ["${resource}"] (through ${through}), which reaches tenant functions, but only platformPrincipals may.`;

    it.each<[string, StackFixture, string]>([
        [
            "a CI role allowed to push code to the tenant function",
            changePolicy("ci", ["lambda:GetFunction", "lambda:UpdateFunctionCode"], FN_ARN),
            changeMessage("ci", FN_ARN, "lambda:UpdateFunctionCode"),
        ],
        [
            "an ops role allowed lambda:Update* on every function",
            changePolicy("ops", "lambda:Update*", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`),
            changeMessage("ops", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`, "lambda:Update*"),
        ],
        [
            "the router's role given lambda:* instead of invoke",
            changePolicy("ingest-router-role", "lambda:*", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`),
            changeMessage("ingest-router-role", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`, "lambda:*"),
        ],
        [
            "a support role allowed to change the tenant function's configuration",
            changePolicy(
                "support",
                "lambda:UpdateFunctionConfiguration",
                "arn:aws:lambda:*:*:function:items-*",
            ),
            changeMessage(
                "support",
                "arn:aws:lambda:*:*:function:items-*",
                "lambda:UpdateFunctionConfiguration",
            ),
        ],
    ])("reports %s", async (_name, grant, message) => {
        expect(await checkStack(tenantFunctionCallers, stackWith(grant))).toEqual([message]);
    });

    it("lets only platformPrincipals change tenant functions", async () => {
        const deployer = changePolicy(
            "deployer",
            ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"],
            FN_ARN,
        );
        const config = { platformPrincipals: [`arn:aws:iam::${ACCOUNT}:role/deployer`] };
        expect(await checkStack(tenantFunctionCallers, stackWith(deployer), { config })).toEqual([]);
        expect(await checkStack(tenantFunctionCallers, stackWith(deployer))).toEqual([
            changeMessage(
                "deployer",
                FN_ARN,
                "lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration",
            ),
        ]);
        const platformCode = changePolicy(
            "migrations",
            "lambda:UpdateFunctionCode",
            `arn:aws:lambda:${REGION}:${ACCOUNT}:function:migrations`,
        );
        expect(await checkStack(tenantFunctionCallers, stackWith(platformCode))).toEqual([]);
    });

    it("classifies a function by its runtime contract, not its tags", async () => {
        const sneaky: StackFixture = {
            type: "aws:lambda/function:Function",
            name: "reports",
            props: {
                name: "reports",
                role: `arn:aws:iam::${ACCOUNT}:role/reports`,
                environment: {
                    variables: { TENANT_ACCESS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/tenant-access` },
                },
                tags: PLATFORM_TAGS,
            },
        };
        expect(
            await checkStack(
                tenantFunctionCallers,
                stackWith(sneaky, { ...permission({ principal: "*", function: "reports" }) }),
            ),
        ).toEqual([
            'extra-invoke: tenant-function-callers: aws:lambda/permission:Permission "extra-invoke" on tenant function "reports" lets Principal "*" invoke it.',
        ]);
    });
});
