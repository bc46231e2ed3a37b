/**
 * Signup: create the tenant's stack and deploy it (`up` with the tenant-guard policy pack).
 *
 * - Idempotent: a tenant that exists with the same tier, admin and silo is a no-op success (no
 *   `up`); one that exists with anything else is refused, pointing at `change-tier` or `resume`.
 * - An id an offboarded tenant used is refused while its tombstone is in the registry; after a
 *   verified purge, it is given again only with `reusePurgedId` (the tombstone is then released,
 *   and kept in the new tenant's progress record as `previousTenant`).
 * - Resumable: the progress record says how far an interrupted signup got (silo account vended or
 *   checked, stack deployed); re-running the same signup finishes it. The signup time of the first
 *   attempt is kept.
 */
import { parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import { tenantCommand } from "./command";
import { checkDeps, type LifecycleDeps, OperationRun } from "./context";
import type { TenantTombstone } from "../../tiers/registry";
import {
    InvalidLifecycleInputError,
    OperationInProgressError,
    TenantExistsError,
    TenantIdRetiredError,
} from "./errors";
import { tombstonesOf } from "./platformRecords";
import type { TombstoneStore } from "./tombstones";
import { preCheckSignupQuotas } from "./quotaPreCheck";
import { isFinished, type TenantState } from "./record";
import { bootstrapsAccount, checkSiloRequest, provisionSilo, type SiloRequest } from "./silo";
import { checkBootstrapPossible } from "./siloBootstrap";
import { type LifecycleResult, openTenant, stackNameOf } from "./tenant";
import type { TenantStackWorkspace } from "./workspace";

export interface SignupInput {
    /** The validated spec (`parseTenantSpec`); its `createdAt` is used unless a signup already started. */
    readonly spec: TenantSpec;
    /** Premium only: vend a silo account or use an existing one (then `spec.silo` must be unset). */
    readonly silo?: SiloRequest;
    /** Preview only; a stack created for the preview is removed again. */
    readonly dryRun?: boolean;
    /**
     * Give the id of an offboarded tenant to this one. Only after a verified purge of everything the
     * old tenant left (`purge`); without this option such an id is always refused.
     */
    readonly reusePurgedId?: boolean;
}

/** Checks the input against every rule; throws before any call. */
export function checkSignupInput(input: SignupInput, deps: LifecycleDeps): void {
    checkDeps(deps);
    const { spec, silo } = input;
    parseTenantSpec(spec);
    if (silo === undefined) return;
    if (spec.tier !== "premium") {
        throw new InvalidLifecycleInputError(
            "tier",
            spec.tier,
            "a silo account is a premium option: use --tier premium",
        );
    }
    if (spec.silo !== undefined) {
        throw new InvalidLifecycleInputError(
            "spec.silo",
            spec.silo,
            "give the silo account either in the spec or as a silo request, not both",
        );
    }
    checkSiloRequest(spec.tenantId, silo, deps.aws?.organizations);
    if (bootstrapsAccount(silo)) checkBootstrapPossible(deps);
}

/** What differs between a tenant as it exists and as this signup asks for it. */
function differences(stored: TenantSpec, requested: TenantSpec, silo: SiloRequest | undefined): string[] {
    const diffs: string[] = [];
    if (stored.tier !== requested.tier)
        diffs.push(`tier ${stored.tier} (this signup asks for ${requested.tier})`);
    if (stored.adminEmail !== requested.adminEmail) {
        diffs.push(`admin ${stored.adminEmail} (this signup asks for ${requested.adminEmail})`);
    }
    const storedAccount = stored.silo?.accountId;
    const askedAccount =
        silo === undefined
            ? requested.silo?.accountId
            : "accountId" in silo
              ? silo.accountId
              : (storedAccount ?? "a new account");
    if (storedAccount !== askedAccount) {
        diffs.push(
            `silo account ${storedAccount ?? "none"} (this signup asks for ${askedAccount ?? "none"})`,
        );
    }
    return diffs;
}

function refuseOrAccept(state: TenantState, input: SignupInput, deps: LifecycleDeps): boolean {
    const stored = state.spec;
    if (stored === undefined) return false;
    const record = state.record;
    if (record !== undefined && record.operation === "signup" && record.step !== "done") return false;
    const id = stored.tenantId;
    const suggest = (args: readonly string[]) =>
        tenantCommand([...args, ...(deps.commandOptions ?? ["-e", stored.environment])]);
    if (!isFinished(record)) {
        throw new OperationInProgressError(id, record?.operation ?? "signup", record?.step ?? "", "signup");
    }
    const diffs = differences(stored, input.spec, input.silo);
    if (diffs.length > 0) {
        const tierHint = diffs[0]?.startsWith("tier ")
            ? `to change the tier run: ${suggest(["change-tier", id, "--tier", input.spec.tier])}`
            : "the admin and the silo account are fixed at signup; to change the tier use change-tier";
        throw new TenantExistsError(id, diffs, tierHint);
    }
    if (stored.status !== "active") {
        throw new TenantExistsError(
            id,
            [`status ${stored.status}`],
            stored.status === "suspended"
                ? `to reactivate it run: ${suggest(["resume", id])}`
                : "an offboarded tenant's stack must be removed by finishing offboard before the id is signed up again",
        );
    }
    return true;
}

async function previewSignup(
    run: OperationRun,
    ws: TenantStackWorkspace,
    spec: TenantSpec,
): Promise<Readonly<Record<string, number>>> {
    try {
        if (ws.created) await ws.writeConfig({ "aws:region": run.deps.region });
        return (await run.preview(spec)).changes;
    } finally {
        // A dry run leaves nothing behind: a stack created only to preview into is removed again.
        if (ws.created) await ws.remove();
    }
}

/** What the tombstone of the id says, for the refusal. */
function retainedWords(tombstone: TenantTombstone): string {
    const { tier, retained } = tombstone;
    const id = tombstone.tenantId;
    const data =
        tier === "pooled"
            ? [
                  `its partition of table ${retained.tableName}`,
                  `its objects under s3://${retained.bucketName}/${id}/`,
              ]
            : [
                  `table ${retained.tableName}`,
                  `bucket ${retained.bucketName}`,
                  ...(retained.kmsKeyArn === undefined ? [] : [`KMS key ${retained.kmsKeyArn}`]),
                  ...(retained.silo === undefined ? [] : [`all in silo account ${retained.silo.accountId}`]),
              ];
    return [
        ...data,
        ...(retained.backup === undefined ? [] : [`the backup ${retained.backup}`]),
        "its users (disabled)",
    ].join(", ");
}

/**
 * Refuses an id an offboarded tenant used, unless its purge is verified and the caller asked for
 * the id explicitly; returns the tombstone to release then.
 */
async function checkTombstone(
    input: SignupInput,
    deps: LifecycleDeps,
    tombstones: TombstoneStore,
): Promise<TenantTombstone | undefined> {
    const { spec } = input;
    const tombstone = await tombstones.read(spec.tenantId);
    if (tombstone === undefined) return undefined;
    const id = spec.tenantId;
    const suggest = (args: readonly string[]) =>
        tenantCommand([...args, ...(deps.commandOptions ?? ["-e", spec.environment])]);
    if (tombstone.purge === undefined) {
        throw new TenantIdRetiredError(
            id,
            tombstone.offboardedAt,
            `its data is retained (${retainedWords(tombstone)}), and a new tenant of the id would be let into it`,
            `sign up with another tenant id, or delete what the old tenant left first (${suggest(["purge", id, "--confirm", id])}) ` +
                `and then sign up with --reuse-purged-id`,
        );
    }
    if (input.reusePurgedId !== true) {
        throw new TenantIdRetiredError(
            id,
            tombstone.offboardedAt,
            `everything it left was purged (verified at ${tombstone.purge.verifiedAt}), but an id is given to a new tenant only on request`,
            `sign up with another tenant id, or repeat this signup with --reuse-purged-id`,
        );
    }
    return tombstone;
}

/** Signs a tenant up, or finishes an interrupted signup. See the module comment. */
export async function signup(input: SignupInput, deps: LifecycleDeps): Promise<LifecycleResult> {
    checkSignupInput(input, deps);
    const { spec } = input;
    const ref = { environment: spec.environment, tenantId: spec.tenantId };
    const tombstones = await tombstonesOf(deps, spec.environment);
    const previousTenant = await checkTombstone(input, deps, tombstones);
    await preCheckSignupQuotas(input, deps);
    const { ws, state } = await openTenant(deps, ref, "create-or-select");
    const base = {
        operation: "signup" as const,
        tenantId: spec.tenantId,
        environment: spec.environment,
        stackName: stackNameOf(ref),
    };
    const now = deps.now ?? (() => new Date());

    if (refuseOrAccept(state, input, deps)) {
        const stored = state.spec as TenantSpec;
        return {
            ...base,
            outcome: "unchanged",
            tier: stored.tier,
            status: stored.status,
            done: [],
            changes: {},
        };
    }
    const record = state.record;
    if (!isFinished(record) && record?.operation !== "signup") {
        throw new OperationInProgressError(
            spec.tenantId,
            record?.operation ?? "signup",
            record?.step ?? "",
            "signup",
        );
    }
    const resumedFrom = record?.operation === "signup" && record.step !== "done" ? record.step : undefined;
    const firstStep = input.silo === undefined ? "deploy" : "silo";
    const run = new OperationRun(
        "signup",
        spec.tenantId,
        ws,
        deps,
        resumedFrom === undefined || record === undefined
            ? OperationRun.newRecord("signup", firstStep, now)
            : record,
    );
    const createdAt = resumedFrom === undefined ? spec.createdAt : (state.spec?.createdAt ?? spec.createdAt);

    if (input.dryRun === true) {
        const planned = parseTenantSpec({ ...spec, createdAt });
        const changes = await previewSignup(run, ws, planned);
        return { ...base, outcome: "previewed", tier: spec.tier, status: spec.status, done: [], changes };
    }

    let step: string = run.record.step;
    try {
        const organizations = deps.aws?.organizations;
        const silo =
            input.silo === undefined || organizations === undefined
                ? undefined
                : await provisionSilo(run, spec.tenantId, input.silo, organizations);
        const deployed = parseTenantSpec({ ...spec, createdAt, silo: silo ?? spec.silo });
        step = "deploy";
        run.step("deploy", "started");
        await run.save(
            { step: "deploy", ...(previousTenant === undefined ? {} : { previousTenant }) },
            deployed,
        );
        if (previousTenant !== undefined) {
            // The new stack's registry entry takes the key the tombstone holds; the record keeps the tombstone.
            await tombstones.release(spec.tenantId);
            run.done.push(
                `tombstone of the tenant offboarded at ${previousTenant.offboardedAt} (purged) released for the new tenant`,
            );
        }
        const up = await run.up(deployed);
        run.done.push(`stack ${ws.stackName} deployed (tier ${deployed.tier}, active)`);
        await run.save({ step: "done" });
        run.step("deploy", "done");
        return {
            ...base,
            outcome: resumedFrom === undefined ? "created" : "resumed",
            tier: deployed.tier,
            status: deployed.status,
            ...(resumedFrom === undefined ? {} : { resumedFrom }),
            done: run.done,
            changes: run.changes,
            outputs: up.outputs,
            ...(silo === undefined ? {} : { siloAccountId: silo.accountId }),
        };
    } catch (error) {
        throw await run.fail(step, error);
    }
}
