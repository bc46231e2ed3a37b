/**
 * The lifecycle's dependencies in a control-plane container: the same settings resolution, local
 * workspace factory and AWS clients as the CLI (`PULUMI_BACKEND_URL`, `TENANT_TIERS_ORGANIZATION`,
 * `TENANT_TIERS_WORK_DIR`, ... as documented for the CLI), plus `PULUMI_SECRETS_PROVIDER` for the
 * tenant stacks a worker creates.
 */
import { Problems } from "../../automation/cli/problems";
import {
    type CliDeps,
    defaultCliDeps,
    type EngineSettings,
    resolveSettings,
    lazyAwsClients,
} from "../../automation/cli/settings";
import type { LifecycleDeps } from "../../automation/lifecycle/context";
import { localWorkspaceFactory } from "../../automation/lifecycle/localWorkspace";
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
            workspaces: localWorkspaceFactory({
                organization: resolved.organization,
                workDir: resolved.workDir,
                ...(resolved.pulumiRoot === undefined ? {} : { pulumiRoot: resolved.pulumiRoot }),
                // The S3 backend's KMS key: every tenant stack a worker creates is encrypted with it.
                ...(env.PULUMI_SECRETS_PROVIDER === undefined
                    ? {}
                    : { secretsProvider: env.PULUMI_SECRETS_PROVIDER }),
            }),
            region: resolved.region,
            aws: lazyAwsClients(resolved.region),
            ...overrides,
        },
    };
}
