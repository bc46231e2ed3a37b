/**
 * The REST API's Lambda REQUEST authorizer. Until the verified-JWT authorizer lands it denies
 * every request: a deployed platform is closed, never open, while it has no real identity check.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";

export function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
    console.log(
        JSON.stringify({ level: "WARN", message: "request denied", reason: "authorizer-not-configured" }),
    );
    return Promise.resolve({
        principalId: "anonymous",
        policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "execute-api:Invoke", Resource: event.methodArn }],
        },
    });
}
