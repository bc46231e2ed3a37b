import { loadPlatformConfig } from "../../config";
import { currentAccountId, Platform } from "./stack";

/**
 * The platform stack's program: validated config in, the Platform component, its outputs out.
 * `index.ts` runs it under the Pulumi engine; the offline plan and the tests run it under mocks.
 */
export function platformProgram() {
    const config = loadPlatformConfig();
    const platform = new Platform("platform", { config, accountId: currentAccountId() });
    return platform.outputs();
}

export type PlatformOutputs = ReturnType<typeof platformProgram>;
