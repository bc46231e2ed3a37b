import { type PolicyDocument, policyDocument } from "./document";

/** Trust policy that lets one AWS service (for example `lambda.amazonaws.com`) assume a role. */
export function serviceTrust(service: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
    });
}
