/** The control-plane stack evaluated under mocks, from an example stack file or from given config. */
import * as path from "node:path";
import { type PlannedStack, planStack } from "../../../plan/mockRuntime";
import { readStackConfig } from "../../../plan/stackConfig";
import { CONTROL_PLANE_PROJECT } from "../../../controlplane/infra/settings";

export const CONTROL_PLANE_DIR = path.resolve(__dirname, "../../../controlplane");

/** The config of `controlplane/Pulumi.<stack>.yaml`, as the CLI hands it to the program. */
export function controlPlaneConfig(stack: string): Record<string, string> {
    return { ...readStackConfig(stack, CONTROL_PLANE_DIR).values };
}

export async function planControlPlane(
    stack: string,
    config = controlPlaneConfig(stack),
): Promise<PlannedStack> {
    return planStack({
        project: CONTROL_PLANE_PROJECT,
        stack,
        kind: "control-plane",
        config,
        program: async () => (await import("../../../controlplane/infra/program")).controlPlaneProgram(),
    });
}
