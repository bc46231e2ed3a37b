/**
 * The lifecycle's dependencies in a control-plane container: the same settings resolution, workspace
 * factory and AWS clients as the CLI (`PULUMI_BACKEND_URL`, `TENANT_TIERS_ORGANIZATION`,
 * `TENANT_TIERS_WORK_DIR`, ... as documented for the CLI), for the container's environment.
 */
import { Problems } from "../../automation/cli/problems";
import {
    type CliDeps,
    defaultCliDeps,
    type EngineSettings,
    resolveSettings,
    workspaceFactoryOf,
    lazyAwsClients,
} from "../../automation/cli/settings";
import type { LifecycleDeps } from "../../automation/lifecycle/context";
import type { ControlPlaneSettings } from "./serviceSettings";

export interface EngineContext {
    readonly cli: CliDeps;
    readonly engine: EngineSettings;
    readonly lifecycle: LifecycleDeps;
}

/** Throws the CLI's `CliInputError` when the environment does not say where tenant stacks live. */
export function engineContext(
    settings: ControlPlaneSettings,
    env: Readonly<Record<string, string | undefined>>,
    overrides: Partial<Pick<LifecycleDeps, "onEvent" | "sleep">> = {},
): EngineContext {
    const cli: CliDeps = { ...defaultCliDeps(), env, io: { out: () => undefined, err: () => undefined } };
    const problems = new Problems();
    const engine = resolveSettings(
        { environment: settings.environment, region: settings.region },
        cli,
        problems,
    );
    problems.throwIfAny();
    const resolved = engine as EngineSettings;
    return {
        cli,
        engine: resolved,
        lifecycle: {
            workspaces: workspaceFactoryOf(resolved),
            region: resolved.region,
            aws: lazyAwsClients(resolved.region),
            ...overrides,
        },
    };
}
