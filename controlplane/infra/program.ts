import * as aws from "@pulumi/aws";
import { ControlPlane } from "./stack";
import { loadControlPlaneSettings } from "./settings";

/**
 * The control-plane stack's program: validated config in, the ControlPlane component, its outputs
 * out. `controlplane/index.ts` runs it under the Pulumi engine; the tests run it under mocks.
 */
export function controlPlaneProgram() {
    const settings = loadControlPlaneSettings();
    const caller = aws.getCallerIdentityOutput();
    const controlPlane = new ControlPlane("control-plane", {
        settings,
        accountId: caller.accountId,
        // arn:<partition>:iam::<account>:... names the partition (aws, aws-cn, aws-us-gov).
        partition: caller.arn.apply((arn) => arn.split(":")[1] ?? "aws"),
    });
    return controlPlane.outputs();
}
