import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../policies";

/**
 * Renders a policy document built by a pure function once its ARN inputs are known, as the JSON
 * string the provider receives.
 */
export function policyJson<T extends Record<string, pulumi.Input<unknown>>>(
    inputs: T,
    build: (resolved: pulumi.Unwrap<T>) => PolicyDocument,
): pulumi.Output<string> {
    return pulumi.output(inputs).apply((resolved) => JSON.stringify(build(resolved)));
}
