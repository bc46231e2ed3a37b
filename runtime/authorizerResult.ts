/**
 * The IAM policies a REQUEST authorizer returns. API Gateway caches a decision per token for the
 * authorizer TTL and reuses it for every route, so an Allow must cover the whole API stage (not
 * just the method that was called) and must name nothing outside it.
 */
import type { APIGatewayAuthorizerResult } from "aws-lambda";

/** The parts of a method ARN: `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<verb>/<path>`. */
export interface MethodArn {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly apiId: string;
    readonly stage: string;
}

const METHOD_ARN = /^arn:(aws[a-z-]*):execute-api:([a-z0-9-]+):(\d{12}):([a-z0-9]+)\/([\w-]+)\/[A-Z*]+\/.*$/;

/** Parses an `event.methodArn`; `undefined` when it is not one. */
export function parseMethodArn(methodArn: string): MethodArn | undefined {
    const m = METHOD_ARN.exec(methodArn);
    if (m === null) return undefined;
    const [, partition, region, accountId, apiId, stage] = m as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
    ];
    return { partition, region, accountId, apiId, stage };
}

/** Every method of one API stage. */
export function stageResource(arn: MethodArn): string {
    return `arn:${arn.partition}:execute-api:${arn.region}:${arn.accountId}:${arn.apiId}/${arn.stage}/*/*`;
}

/** The context the authorizer hands to API Gateway (mapped to `X-Amz-Tenant-Id` and the access log). */
export interface TenantAuthorizerContext {
    readonly tenantId: string;
    readonly tier: string;
}

/** Allows the stage, names the tenant in the context and meters it on its own API key. */
export function allowResult(
    principalId: string,
    resource: string,
    context: TenantAuthorizerContext,
    usageIdentifierKey: string,
): APIGatewayAuthorizerResult {
    return {
        principalId,
        policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resource }],
        },
        context: { tenantId: context.tenantId, tier: context.tier },
        usageIdentifierKey,
    };
}

/** Denies `resource`; no context, so nothing downstream can mistake a denied caller for a tenant. */
export function denyResult(resource: string): APIGatewayAuthorizerResult {
    return {
        principalId: "anonymous",
        policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "execute-api:Invoke", Resource: resource }],
        },
    };
}
