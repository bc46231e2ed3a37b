/**
 * The workspace factory of local runs: `LocalWorkspace` with the tenant program as an inline
 * program (`tenantProgram(spec, { organization })`), in the tenant project, one stack per tenant
 * and environment, `up`/`preview` with the tenant-guard policy pack.
 *
 * Stack config (the tenant spec and the progress record) lives in `Pulumi.<stack>.yaml` files in
 * `workDir`, next to the tenant project's `Pulumi.yaml`: keep that directory (it is the tenant
 * stacks' equivalent of a project checkout). A stack that exists in the backend but has no config
 * here (another machine, a lost directory) gets it back from its last deployment (`config refresh`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    LocalWorkspace,
    type OutputMap,
    PulumiCommand,
    Stack,
    StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import {
    platformStackReference,
    TENANT_PROJECT,
    tenantStackName,
} from "../../components/shared/tenantNaming";
import type { TenantSpec } from "../../tiers/tenantSpec";
import { BOOTSTRAP_PROJECT, bootstrapStackName, type SiloBootstrapArgs } from "../bootstrap/args";
import { PulumiCliNotFoundError, TenantNotFoundError } from "./errors";
import type {
    BootstrapStackWorkspace,
    EngineOptions,
    PreviewOutcome,
    TenantStackRef,
    TenantStackWorkspace,
    TenantWorkspaceFactory,
    UpOutcome,
} from "./workspace";

/** The repository root (the platform project). */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The tenant-guard CrossGuard pack, enforced on every tenant `up` and `preview`. */
export const TENANT_GUARD_PACK = path.join(REPO_ROOT, "policypacks", "tenant-guard");

export interface LocalWorkspaceFactoryOptions {
    /** The Pulumi organization of the platform stack (`<org>/tenant-tiers/<env>`). */
    readonly organization: string;
    /** The tenant project's directory: `Pulumi.yaml` and every tenant stack's `Pulumi.<stack>.yaml`. */
    readonly workDir: string;
    /** The Pulumi CLI to run. @default `PulumiCommand.get()`: `pulumi` on PATH, or under `pulumiRoot` */
    readonly pulumiCommand?: PulumiCommand;
    /** Folder of a Pulumi CLI installation (holding `bin/pulumi`). */
    readonly pulumiRoot?: string;
    /** Extra environment variables of every CLI call (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...). */
    readonly envVars?: Readonly<Record<string, string>>;
    /** @default [TENANT_GUARD_PACK] */
    readonly policyPacks?: readonly string[];
    /** The platform project's directory, where platform stack outputs are read. @default REPO_ROOT */
    readonly platformDir?: string;
    /**
     * Secrets provider of the tenant stacks this factory creates (`pulumi stack init
     * --secrets-provider`), e.g. `awskms://alias/<key>?region=<region>` on an S3 backend.
     * @default the backend's default (a passphrase on a self-managed backend)
     */
    readonly secretsProvider?: string;
}

/** The Pulumi CLI, with a missing installation turned into a message that says how to install it. */
export async function pulumiCommandOf(options: {
    readonly pulumiCommand?: PulumiCommand;
    readonly pulumiRoot?: string;
}): Promise<PulumiCommand> {
    if (options.pulumiCommand !== undefined) return options.pulumiCommand;
    const root = options.pulumiRoot;
    try {
        return await PulumiCommand.get(root === undefined ? {} : { root });
    } catch (error) {
        if (error instanceof Error && error.message.includes("ENOENT")) {
            throw new PulumiCliNotFoundError(
                root === undefined ? "pulumi" : path.join(root, "bin", "pulumi"),
                { cause: error },
            );
        }
        throw error;
    }
}

const plain = (map: OutputMap): Record<string, unknown> =>
    Object.fromEntries(Object.entries(map).map(([key, output]) => [key, output.value as unknown]));

async function inlineProgram(spec: TenantSpec, organization: string) {
    // Loaded on first use: the components pull in @pulumi/aws, which commands that fail validation never need.
    const { tenantProgram } = await import("../../components/tenant/program");
    return tenantProgram(spec, { organization });
}

class LocalTenantStack implements TenantStackWorkspace {
    constructor(
        private readonly stack: Stack,
        private readonly ws: LocalWorkspace,
        readonly created: boolean,
        private readonly options: LocalWorkspaceFactoryOptions,
    ) {}

    get stackName(): string {
        return this.stack.name;
    }

    async readConfig(): Promise<Readonly<Record<string, string>>> {
        let config = await this.stack.getAllConfig();
        if (!this.created && Object.keys(config).length === 0) {
            try {
                config = await this.stack.refreshConfig();
            } catch {
                // Never deployed: there is no config to restore.
            }
        }
        return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, value.value]));
    }

    async writeConfig(values: Readonly<Record<string, string>>): Promise<void> {
        await this.stack.setAllConfig(
            Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, secret: false }])),
        );
    }

    private get policyPacks(): string[] {
        return [...(this.options.policyPacks ?? [TENANT_GUARD_PACK])];
    }

    async up(spec: TenantSpec, options: EngineOptions = {}): Promise<UpOutcome> {
        const program = await inlineProgram(spec, this.options.organization);
        const result = await this.stack.up({ program, policyPacks: this.policyPacks, ...options });
        return { outputs: plain(result.outputs), changes: { ...(result.summary?.resourceChanges ?? {}) } };
    }

    async preview(spec: TenantSpec, options: EngineOptions = {}): Promise<PreviewOutcome> {
        const program = await inlineProgram(spec, this.options.organization);
        const result = await this.stack.preview({ program, policyPacks: this.policyPacks, ...options });
        return { changes: { ...result.changeSummary } };
    }

    async destroy(
        spec: TenantSpec,
        options: EngineOptions & { readonly previewOnly?: boolean } = {},
    ): Promise<PreviewOutcome> {
        // Destroy runs the workspace's program (CLI >= 3.181 needs it for inline stacks).
        this.ws.program = await inlineProgram(spec, this.options.organization);
        const { previewOnly, ...engine } = options;
        if (previewOnly === true)
            return { changes: { ...(await this.stack.previewDestroy(engine)).changeSummary } };
        const result = await this.stack.destroy(engine);
        return { changes: { ...(result.summary?.resourceChanges ?? {}) } };
    }

    async outputs(): Promise<Readonly<Record<string, unknown>>> {
        return plain(await this.stack.outputs());
    }

    async remove(): Promise<void> {
        await this.ws.removeStack(this.stack.name);
    }
}

/** The tenant project's `Pulumi.yaml`. */
export const TENANT_PROJECT_FILE = stringify({
    name: TENANT_PROJECT,
    runtime: "nodejs",
    description: "tenant-tiers tenant stacks (one per tenant and environment), run by the tenant lifecycle",
});

/** The bootstrap project's `Pulumi.yaml`, in the `silo-bootstrap` folder of the tenant project's directory. */
export const BOOTSTRAP_PROJECT_FILE = stringify({
    name: BOOTSTRAP_PROJECT,
    runtime: "nodejs",
    description:
        "tenant-tiers silo bootstrap stacks (one per silo tenant and environment), run by the tenant lifecycle",
});

/** The bootstrap stacks' directory: `<workDir>/silo-bootstrap`. */
export const bootstrapDirOf = (workDir: string): string => path.join(workDir, "silo-bootstrap");

/** Config key of the bootstrap stack's arguments (JSON), so operators see what it was deployed from. */
export const BOOTSTRAP_ARGS_CONFIG_KEY = `${BOOTSTRAP_PROJECT}:args`;

/**
 * Writes the tenant project's `Pulumi.yaml` into `workDir` unless it is already there, atomically
 * (temporary file, then rename): `signup-batch` workers share the directory, and `LocalWorkspace`'s
 * own `projectSettings` would rewrite the file in place on every open while another worker's CLI reads it.
 */
export function ensureProjectFile(workDir: string, content = TENANT_PROJECT_FILE): void {
    const file = path.join(workDir, "Pulumi.yaml");
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === content) return;
    fs.mkdirSync(workDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
}

async function bootstrapProgram(args: SiloBootstrapArgs) {
    // Loaded on first use, like the tenant program.
    const { siloBootstrapProgram } = await import("../bootstrap/program");
    return siloBootstrapProgram(args);
}

/** The factory of local runs; see the module comment. Nothing is called until a stack is opened. */
export function localWorkspaceFactory(options: LocalWorkspaceFactoryOptions): TenantWorkspaceFactory {
    let command: Promise<PulumiCommand> | undefined;
    const pulumi = () => (command ??= pulumiCommandOf(options));
    const workspace = async (bootstrap = false): Promise<LocalWorkspace> => {
        const pulumiCommand = await pulumi();
        const workDir = bootstrap ? bootstrapDirOf(options.workDir) : options.workDir;
        ensureProjectFile(workDir, bootstrap ? BOOTSTRAP_PROJECT_FILE : TENANT_PROJECT_FILE);
        return LocalWorkspace.create({
            workDir,
            pulumiCommand,
            envVars: { ...options.envVars },
            ...(options.secretsProvider === undefined ? {} : { secretsProvider: options.secretsProvider }),
        });
    };
    return {
        async open(ref: TenantStackRef, mode): Promise<TenantStackWorkspace> {
            const ws = await workspace();
            const name = tenantStackName(ref.environment, ref.tenantId);
            try {
                return new LocalTenantStack(await Stack.select(name, ws), ws, false, options);
            } catch (error) {
                if (!(error instanceof StackNotFoundError)) throw error;
                if (mode === "select") throw new TenantNotFoundError(name, ref.tenantId);
                return new LocalTenantStack(await Stack.create(name, ws), ws, true, options);
            }
        },
        async listStacks() {
            return (await (await workspace()).listStacks()).map(
                ({ name, lastUpdate, updateInProgress, resourceCount, url }) => ({
                    name,
                    ...(lastUpdate === undefined ? {} : { lastUpdate }),
                    ...(updateInProgress === undefined ? {} : { updateInProgress }),
                    ...(resourceCount === undefined ? {} : { resourceCount }),
                    ...(url === undefined ? {} : { url }),
                }),
            );
        },
        async openBootstrap(ref: TenantStackRef): Promise<BootstrapStackWorkspace> {
            const ws = await workspace(true);
            const stack = await Stack.createOrSelect(bootstrapStackName(ref.environment, ref.tenantId), ws);
            return {
                stackName: stack.name,
                async up(args: SiloBootstrapArgs, engine: EngineOptions = {}): Promise<UpOutcome> {
                    await stack.setAllConfig({
                        [BOOTSTRAP_ARGS_CONFIG_KEY]: { value: JSON.stringify(args), secret: false },
                        "aws:region": { value: args.region, secret: false },
                    });
                    const result = await stack.up({ program: await bootstrapProgram(args), ...engine });
                    return {
                        outputs: plain(result.outputs),
                        changes: { ...(result.summary?.resourceChanges ?? {}) },
                    };
                },
            };
        },
        async platformOutputs(environment: string) {
            const ws = await LocalWorkspace.create({
                workDir: options.platformDir ?? REPO_ROOT,
                pulumiCommand: await pulumi(),
                envVars: { ...options.envVars },
            });
            return plain(await ws.stackOutputs(platformStackReference(options.organization, environment)));
        },
    };
}
