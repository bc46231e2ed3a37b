/**
 * Naming and opening a tenant's stack: the reference is built from a validated tenant id and
 * environment only (never from raw input), and opening reads what the stack's config says about
 * the tenant. Also the result every operation returns.
 */
import { tenantStackName } from "../../components/shared/tenantNaming";
import type { MigrationResult } from "../migration/migrate";
import type { TenantStatus } from "../../tiers/registry";
import { type TenantId, tenantIdProblem } from "../../tiers/tenantId";
import type { TierName } from "../../tiers/tier";
import { InvalidLifecycleInputError } from "./errors";
import type { LifecycleDeps } from "./context";
import {
    type BackupRecord,
    type LifecycleOperation,
    type TenantState,
    tenantStateFromConfig,
} from "./record";
import type { TenantStackRef, TenantStackWorkspace } from "./workspace";

const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;
export const ENVIRONMENT_RULE =
    "expected 2-10 lowercase letters or digits starting with a letter (dev, staging, prod)";

/** Validates a tenant id and an environment into a stack reference; throws before any call. */
export function parseTenantRef(tenantId: unknown, environment: unknown): TenantStackRef {
    const problem = tenantIdProblem(tenantId);
    if (problem !== undefined) throw new InvalidLifecycleInputError("tenant id", tenantId, problem);
    if (typeof environment !== "string" || !ENVIRONMENT.test(environment)) {
        throw new InvalidLifecycleInputError("environment", environment, ENVIRONMENT_RULE);
    }
    return { environment, tenantId: tenantId as TenantId };
}

/** `<environment>-<tenantId>`. */
export const stackNameOf = (ref: TenantStackRef): string => tenantStackName(ref.environment, ref.tenantId);

export interface OpenedTenant {
    readonly ws: TenantStackWorkspace;
    readonly state: TenantState;
}

/** Opens the tenant's stack and reads its spec and progress record. */
export async function openTenant(
    deps: LifecycleDeps,
    ref: TenantStackRef,
    mode: "create-or-select" | "select",
): Promise<OpenedTenant> {
    const ws = await deps.workspaces.open(ref, mode);
    const state = tenantStateFromConfig(ws.stackName, await ws.readConfig());
    return { ws, state };
}

/** What an operation did. */
export interface LifecycleResult {
    readonly operation: LifecycleOperation;
    readonly tenantId: string;
    readonly environment: string;
    readonly stackName: string;
    /**
     * `created` (new tenant), `updated` (changed), `unchanged` (nothing to do), `resumed` (finished an
     * interrupted run), `previewed` (dry run: nothing changed), `removed` (offboarded).
     */
    readonly outcome: "created" | "updated" | "unchanged" | "resumed" | "previewed" | "removed";
    readonly tier: TierName;
    readonly status: TenantStatus;
    /** The recorded step this run resumed from. */
    readonly resumedFrom?: string;
    /** What this run did, in words, in order. */
    readonly done: readonly string[];
    /** Resource changes of this run's engine calls (for a dry run: what would change). */
    readonly changes: Readonly<Record<string, number>>;
    readonly outputs?: Readonly<Record<string, unknown>>;
    readonly siloAccountId?: string;
    readonly migration?: MigrationResult;
    readonly backup?: BackupRecord;
    readonly purged?: boolean;
    /** Things the operator still has to do by hand. */
    readonly notes?: readonly string[];
}
