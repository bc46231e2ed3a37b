import { type PolicyDocument, policyDocument } from "./document";

/**
 * Trust policy that lets one AWS service (for example `lambda.amazonaws.com`) assume a role.
 *
 * Deliberately without `aws:SourceArn`/`aws:SourceAccount` (issue 11, item 3; docs/confused-deputies.md):
 * - `lambda.amazonaws.com` (execution roles): Lambda documents the source function ARN only for the
 *   calls it makes *with* the role (lambda/latest/dg/permissions-source-function-arn.html), not as a
 *   condition on assuming it;
 * - `apigateway.amazonaws.com` (authorizer credentials, CloudWatch logging): API Gateway does not
 *   populate `aws:SourceAccount` when it assumes a credentials role, and a trust that requires it
 *   breaks every request with a 500 (aws-solutions-library-samples/accelerated-intelligent-document-
 *   processing-on-aws PR 479, "API Gateway does not have permission to assume the provided role").
 * Both roles can only be given to a service by a principal of this account with `iam:PassRole`
 * (a role cannot be passed across accounts), and the one the premium APIs use may invoke the
 * authorizer only. Service invocations of our functions are pinned in `lambda.Permission`s instead,
 * and the plan's isolation proof tries them from foreign sources (plan/isolation/deputies.ts).
 */
export function serviceTrust(service: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
    });
}
