/**
 * `--remote`: the engine operations (`up`, `preview`, `destroy`) run on Pulumi Deployments through
 * `RemoteWorkspace`, from a git checkout of this repository (project `automation/remote`, whose
 * program reads the tenant spec from stack config). Everything else (opening the stack, its config
 * and progress record, outputs, `stack rm`, listing) goes through the local factory and the local
 * Pulumi CLI against the same backend, so the progress record and resume work exactly as locally.
 *
 * `RemoteStack` has no config API: each operation carries the spec into the deployment with a
 * pre-run `pulumi config set-all`. Pulumi Deployments applies policy packs through the
 * organization's policy groups (`pulumi policy enable <org>/tenant-guard`), not `--policy-pack`.
 */
import {
    type RemoteGitProgramArgs,
    type RemoteStack,
    RemoteWorkspace,
    type RemoteWorkspaceOptions,
} from "@pulumi/pulumi/automation";
import { TENANT_PROJECT } from "../../components/shared/tenantNaming";
import type { TenantSpec } from "../../tiers/tenantSpec";
import { REGION_CONFIG_KEY, SPEC_CONFIG_KEY, specConfigValue } from "./record";
import type {
    EngineOptions,
    PreviewOutcome,
    TenantStackWorkspace,
    TenantWorkspaceFactory,
    UpOutcome,
} from "./workspace";

/** Config key the remote program reads the platform's organization from. */
export const ORGANIZATION_CONFIG_KEY = `${TENANT_PROJECT}:organization`;

export interface RemoteOptions {
    /** Git URL of this repository, as Pulumi Deployments clones it. */
    readonly url: string;
    /** @default "main" */
    readonly branch?: string;
    /** The tenant project in the repository. @default "automation/remote" */
    readonly projectPath?: string;
    /** The Pulumi organization that owns the tenant stacks and the platform stack. */
    readonly organization: string;
    /** Environment variables of the deployment (AWS credentials come from OIDC or secrets here). */
    readonly envVars?: Readonly<Record<string, string | { readonly secret: string }>>;
}

/** The part of `RemoteStack` the lifecycle uses. */
export type RemoteEngine = Pick<RemoteStack, "up" | "preview" | "destroy">;

/** `RemoteWorkspace.createOrSelectStack`, or a test's stand-in. */
export type CreateRemoteStack = (
    args: RemoteGitProgramArgs,
    opts?: RemoteWorkspaceOptions,
) => Promise<RemoteEngine>;

/** Quotes a value for a POSIX shell. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The commands a deployment runs in the project folder before the operation: install the
 * repository's dependencies at its root, then put the spec into the stack's config.
 */
export function preRunCommands(
    projectPath: string,
    stackName: string,
    config: Readonly<Record<string, string>>,
): string[] {
    const root =
        projectPath
            .split("/")
            .filter((part) => part !== "" && part !== ".")
            .map(() => "..")
            .join("/") || ".";
    const pairs = Object.entries(config).map(
        ([key, value]) => `--plaintext ${shellQuote(`${key}=${value}`)}`,
    );
    return [
        `npm ci --prefix ${shellQuote(root)}`,
        `pulumi config set-all --stack ${shellQuote(stackName)} ${pairs.join(" ")}`,
    ];
}

/**
 * The factory of `--remote` runs: `local` for the stack and its config, `RemoteWorkspace` for the
 * engine. `createRemote` is `RemoteWorkspace.createOrSelectStack` unless a test replaces it.
 */
export function remoteWorkspaceFactory(
    local: TenantWorkspaceFactory,
    remote: RemoteOptions,
    createRemote: CreateRemoteStack = (args, opts) => RemoteWorkspace.createOrSelectStack(args, opts),
): TenantWorkspaceFactory {
    const engine = async (ws: TenantStackWorkspace, spec: TenantSpec): Promise<RemoteEngine> => {
        const region = (await ws.readConfig())[REGION_CONFIG_KEY];
        const qualified = `${remote.organization}/${TENANT_PROJECT}/${ws.stackName}`;
        const config = {
            [SPEC_CONFIG_KEY]: specConfigValue(spec),
            [ORGANIZATION_CONFIG_KEY]: remote.organization,
            ...(region === undefined ? {} : { [REGION_CONFIG_KEY]: region }),
        };
        const projectPath = remote.projectPath ?? "automation/remote";
        return createRemote(
            { stackName: qualified, url: remote.url, branch: remote.branch ?? "main", projectPath },
            {
                envVars: { ...remote.envVars },
                preRunCommands: preRunCommands(projectPath, qualified, config),
                skipInstallDependencies: true,
            },
        );
    };
    const changesOf = (summary: { resourceChanges?: Record<string, number> } | undefined) => ({
        ...(summary?.resourceChanges ?? {}),
    });
    return {
        ...local,
        async open(ref, mode) {
            const ws = await local.open(ref, mode);
            const remoteStack: TenantStackWorkspace = {
                stackName: ws.stackName,
                created: ws.created,
                readConfig: () => ws.readConfig(),
                writeConfig: (values) => ws.writeConfig(values),
                outputs: () => ws.outputs(),
                remove: () => ws.remove(),
                async up(spec: TenantSpec, options: EngineOptions = {}): Promise<UpOutcome> {
                    const result = await (await engine(ws, spec)).up({ ...options });
                    return {
                        outputs: Object.fromEntries(
                            Object.entries(result.outputs).map(([k, v]) => [k, v.value as unknown]),
                        ),
                        changes: changesOf(result.summary),
                    };
                },
                async preview(spec: TenantSpec, options: EngineOptions = {}): Promise<PreviewOutcome> {
                    return {
                        changes: {
                            ...(await (await engine(ws, spec)).preview({ ...options })).changeSummary,
                        },
                    };
                },
                async destroy(
                    spec: TenantSpec,
                    options: EngineOptions & { readonly previewOnly?: boolean } = {},
                ): Promise<PreviewOutcome> {
                    const { previewOnly, ...engineOptions } = options;
                    // RemoteStack has no preview of a destroy: the local CLI shows it.
                    if (previewOnly === true) return ws.destroy(spec, options);
                    const result = await (await engine(ws, spec)).destroy(engineOptions);
                    return { changes: changesOf(result.summary) };
                },
            };
            return remoteStack;
        },
    };
}
