import { type PolicyDocument, policyDocument } from "./document";

/**
 * Lets API Gateway invoke one function through a role (`authorizerCredentials`) instead of a
 * `lambda.Permission` on that function, whose resource policy would grow with every caller.
 */
export function invokeFunctionPolicy(functionArn: string): PolicyDocument {
    return policyDocument({
        Sid: "InvokeOneFunction",
        Effect: "Allow",
        Action: "lambda:InvokeFunction",
        Resource: functionArn,
    });
}
