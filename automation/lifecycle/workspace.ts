/**
 * The seam between the tenant lifecycle and the Pulumi engine. The lifecycle only ever talks to
 * these interfaces; `localWorkspace.ts` backs them with `LocalWorkspace` (inline program, the
 * Pulumi CLI on this machine), `remoteWorkspace.ts` with `RemoteWorkspace` (Pulumi Deployments),
 * and tests with the real `LocalWorkspace` driven by a fake `PulumiCommand`.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { SiloBootstrapArgs } from "../bootstrap/args";
import type { TenantId } from "../../tiers/tenantId";
import type { TenantSpec } from "../../tiers/tenantSpec";

/** A tenant stack: `<environment>-<tenantId>` in the tenant project. Built from validated values only. */
export interface TenantStackRef {
    readonly environment: string;
    readonly tenantId: TenantId;
}

/** What every engine operation accepts. */
export interface EngineOptions {
    /** Called for every engine event (resource steps, diagnostics, policy violations, the summary). */
    readonly onEvent?: (event: EngineEvent) => void;
}

/** Resource changes by operation (`create`, `update`, `delete`, `same`, ...), as the engine counts them. */
export type ResourceChanges = Readonly<Record<string, number>>;

export interface UpOutcome {
    /** The stack outputs after the update (plain values; secrets unwrapped). */
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly changes: ResourceChanges;
}

export interface PreviewOutcome {
    readonly changes: ResourceChanges;
}

/** One opened tenant stack. */
export interface TenantStackWorkspace {
    /** `<environment>-<tenantId>`. */
    readonly stackName: string;
    /** True when opening created the stack (it did not exist before). */
    readonly created: boolean;
    /** Every config value of the stack, as plain strings keyed `namespace:key`. */
    readConfig(): Promise<Readonly<Record<string, string>>>;
    /** Sets these config values in one call; other keys are left alone. */
    writeConfig(values: Readonly<Record<string, string>>): Promise<void>;
    /** `pulumi up` of the tenant program built from `spec`, with the tenant-guard policy pack. */
    up(spec: TenantSpec, options?: EngineOptions): Promise<UpOutcome>;
    /** `pulumi preview` of the tenant program built from `spec`, with the tenant-guard policy pack. */
    preview(spec: TenantSpec, options?: EngineOptions): Promise<PreviewOutcome>;
    /** `pulumi destroy` (retained data stores stay in AWS). `previewOnly` shows what would go. */
    destroy(
        spec: TenantSpec,
        options?: EngineOptions & { readonly previewOnly?: boolean },
    ): Promise<PreviewOutcome>;
    /** The stack outputs of the last update. */
    outputs(): Promise<Readonly<Record<string, unknown>>>;
    /** `pulumi stack rm`: the stack, its config and its history. */
    remove(): Promise<void>;
}

/** One stack of the tenant project, as the backend lists it. */
export interface TenantStackSummary {
    /** The stack name without organization or project (`dev-acme`). */
    readonly name: string;
    readonly lastUpdate?: string;
    readonly updateInProgress?: boolean;
    readonly resourceCount?: number;
    readonly url?: string;
}

/**
 * The bootstrap stack of a silo tenant (`<environment>-<tenantId>-bootstrap` in the project
 * `tenant-tiers-silo-bootstrap`, same backend as the tenant stacks).
 */
export interface BootstrapStackWorkspace {
    readonly stackName: string;
    /** `pulumi up` of the bootstrap program built from `args` (also written to the stack's config). */
    up(args: SiloBootstrapArgs, options?: EngineOptions): Promise<UpOutcome>;
}

/** Opens tenant stacks. The lifecycle is given one; it never creates a workspace itself. */
export interface TenantWorkspaceFactory {
    /**
     * Opens the tenant's stack. `select` fails with `TenantNotFoundError` when it does not exist;
     * `create-or-select` creates it.
     */
    open(ref: TenantStackRef, mode: "create-or-select" | "select"): Promise<TenantStackWorkspace>;
    /** Every stack of the tenant project. */
    listStacks(): Promise<readonly TenantStackSummary[]>;
    /** The outputs of the platform stack of `environment` (table and bucket names for data moves). */
    platformOutputs(environment: string): Promise<Readonly<Record<string, unknown>>>;
    /**
     * Creates or selects the bootstrap stack of a silo tenant. Absent where inline programs cannot
     * run; vending a silo account then stops before it creates anything.
     */
    openBootstrap?(ref: TenantStackRef): Promise<BootstrapStackWorkspace>;
}
