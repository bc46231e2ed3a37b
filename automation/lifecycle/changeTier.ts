/**
 * Tier change with data migration (docs/tier-changes.md): pooled ↔ premium, and a premium tenant's
 * data into or out of its silo account (pooled → silo directly too), in recorded steps:
 *
 * 0. `silo` (into a silo only): vend the account (`--silo create`) or check it (`--silo-account`),
 *    recorded before anything is deployed into it, as at signup.
 * 1. `suspend`: record where the data is now (tables, source bucket, source silo account and data
 *    role, read before the stack changes), then `up` with tier premium and status suspended, placed
 *    where the premium stores must exist for the move (the target's account; out of a silo into the
 *    pooled tier, the silo). The suspended registry entry stops API traffic; wait for the
 *    suspension to reach the authorizer (its caches: under a minute) so nothing writes during the copy.
 * 2. `migrate`: `moveTenantObjects` moves the objects under `<id>/`, re-encrypted with the target's
 *    key, verified, every source version deleted; then `migrateTenantPartition` copies and verifies
 *    the partition; its registry switch is the `up` with the new tier, placement and status active;
 *    then the source partition is removed. A silo side is read and written through the runtime's own
 *    role chain (`siloClients.ts`): the tenant access role with `TenantId=<id>`, then the tenant's silo
 *    data role (retained by the stack, so the move out still reaches the silo after the first `up`).
 *
 * Every step and every page is recorded in the stack's config; re-running the same change-tier after
 * a crash anywhere finishes it without losing or duplicating an item or an object.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import { parseTenantSpec, type SiloSpec, TENANT_SPEC_RULES, type TenantSpec } from "../../tiers/tenantSpec";
import { isTierName, type TierName } from "../../tiers/tier";
import { migrateTenantPartition } from "../migration/migrate";
import { moveTenantObjects } from "../objectMove/move";
import { checkDeps, type LifecycleDeps, OperationRun } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError, OperationInProgressError } from "./errors";
import { preCheckTierChangeQuotas } from "./quotaPreCheck";
import { isFinished, type LifecycleRecord } from "./record";
import { checkSiloRequest, provisionSilo, type SiloRequest } from "./silo";
import type { SiloClients } from "./siloClients";
import { closeClients, siloClientFactory, siloClientsOf } from "./siloData";
import { requireSpec, type TenantInput } from "./statusChange";
import { type LifecycleResult, openTenant, parseTenantRef, stackNameOf } from "./tenant";
import { directionOf, type SiloSide, sourceSide, targetPlacement, targetSide, targetTable } from "./tierMove";

export interface ChangeTierInput extends TenantInput {
    readonly tier: string;
    /**
     * Wait after the suspension before copying, so the authorizer's caches have expired.
     * @default 60000
     */
    readonly settleMs?: number;
    /** Premium only: move the tenant's data into a silo account, vended or existing. */
    readonly silo?: SiloRequest;
    /** Premium only: move a silo tenant's data back into the platform account. */
    readonly platformAccount?: boolean;
}

/** Validates the input; throws before any call. */
export function checkChangeTierInput(input: ChangeTierInput, deps: LifecycleDeps): TierName {
    checkDeps(deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    if (!isTierName(input.tier))
        throw new InvalidLifecycleInputError("tier", input.tier, TENANT_SPEC_RULES.tier);
    if (input.silo !== undefined && input.platformAccount === true) {
        throw new InvalidLifecycleInputError(
            "platformAccount",
            true,
            "the data goes either into a silo account or into the platform account: give one of the two",
        );
    }
    if (input.tier !== "premium" && (input.silo !== undefined || input.platformAccount === true)) {
        throw new InvalidLifecycleInputError(
            input.silo === undefined ? "platformAccount" : "silo",
            input.silo ?? true,
            "the account a tenant's data lives in is a premium option: use --tier premium",
        );
    }
    if (input.silo !== undefined) {
        checkSiloRequest(ref.tenantId, input.silo, deps.aws?.organizations);
        if (input.dryRun === true) {
            throw new InvalidLifecycleInputError(
                "dryRun",
                true,
                "a dry run cannot preview a stack in a silo account that is not recorded yet: run without --dry-run",
            );
        }
    }
    if (input.dryRun !== true && deps.aws?.dynamodb === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.dynamodb",
            undefined,
            "a tier change copies the tenant's partition: pass a DynamoDB client of the platform account",
        );
    }
    if (input.dryRun !== true && deps.aws?.s3 === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.s3",
            undefined,
            "a tier change moves the tenant's objects: pass an S3 client of the platform account",
        );
    }
    return input.tier;
}

/** A silo account as a spec takes it (the bootstrap role name defaults when parsed). */
type SiloAccount = Pick<SiloSpec, "accountId" | "organizationId"> &
    Partial<Pick<SiloSpec, "bootstrapRoleName">>;

/** The premium stores must exist where the move needs them: the target's account, or the source silo into pooled. */
function stagingSilo(stored: TenantSpec, to: TierName, record: LifecycleRecord): SiloAccount | undefined {
    if (record.silo !== undefined) return record.silo;
    return to === "pooled" ? stored.silo : undefined;
}

function specWith(stored: TenantSpec, patch: Partial<TenantSpec>, silo: SiloAccount | undefined): TenantSpec {
    const next: Record<string, unknown> = { ...stored, ...patch, silo };
    if (silo === undefined) delete next.silo;
    return parseTenantSpec(next);
}

/** Why a silo tier change needs silo clients. */
const siloMoveRule = (tenantId: string): string =>
    `tenant "${tenantId}"'s data moves through its silo account: pass silo clients (the CLI builds them ` +
    `from the tenantMigrationRoleArn session; docs/tier-changes.md)`;

/** Moves a tenant to `input.tier` (and account), or finishes an interrupted move. See the module comment. */
export async function changeTier(input: ChangeTierInput, deps: LifecycleDeps): Promise<LifecycleResult> {
    const to = checkChangeTierInput(input, deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    const { ws, state } = await openTenant(deps, ref, "select");
    const stored = requireSpec(state, ws, ref.tenantId);
    const base = {
        operation: "change-tier" as const,
        tenantId: ref.tenantId,
        environment: ref.environment,
        stackName: stackNameOf(ref),
    };
    const record = state.record;
    if (!isFinished(record) && record?.operation !== "change-tier") {
        throw new OperationInProgressError(
            ref.tenantId,
            record?.operation ?? "change-tier",
            record?.step ?? "",
            "change-tier",
        );
    }
    const resuming: LifecycleRecord | undefined =
        record?.operation === "change-tier" && record.step !== "done" ? record : undefined;
    if (resuming !== undefined && resuming.toTier !== to) {
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" has an unfinished change to tier ${resuming.toTier ?? "?"} (step "${resuming.step}"): ` +
                `re-run change-tier with --tier ${resuming.toTier ?? "?"} to finish it first`,
        );
    }
    const placement = resuming === undefined ? targetPlacement(stored, to, input) : undefined;
    if (resuming === undefined && stored.tier === to && placement?.kind === "unchanged") {
        return { ...base, outcome: "unchanged", tier: to, status: stored.status, done: [], changes: {} };
    }
    if (resuming === undefined && stored.status !== "active") {
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" is ${stored.status}: a tier change starts from an active tenant; resume it first`,
        );
    }
    const intoSilo = placement?.kind === "silo" ? placement.request : undefined;
    const touchesSilo =
        intoSilo !== undefined || stored.silo !== undefined || resuming?.placement?.source !== undefined;
    if (input.dryRun !== true && touchesSilo) siloClientFactory(deps, siloMoveRule(ref.tenantId));
    if (resuming === undefined) await preCheckTierChangeQuotas(ref, stored.tier, to, deps, input.dryRun);
    const from: TierName = resuming?.fromTier ?? stored.tier;
    const now = deps.now ?? (() => new Date());
    const run = new OperationRun(
        "change-tier",
        ref.tenantId,
        ws,
        deps,
        resuming ?? OperationRun.newRecord("change-tier", intoSilo === undefined ? "suspend" : "silo", now),
    );
    const finalOf = () =>
        specWith(stored, { tier: to, status: "active" }, to === "premium" ? run.record.silo : undefined);

    if (input.dryRun === true) {
        const { changes } = await run.preview(finalOf());
        return { ...base, outcome: "previewed", tier: to, status: "active", done: [], changes };
    }
    const dynamodb = deps.aws?.dynamodb;
    const s3 = deps.aws?.s3;
    if (dynamodb === undefined || s3 === undefined)
        throw new InvalidLifecycleInputError("aws", undefined, "pass DynamoDB and S3 clients");
    let step = run.record.step;
    const opened: SiloClients[] = [];
    try {
        if (step === "silo") {
            await run.save({ step: "silo", fromTier: from, toTier: to });
            const organizations = deps.aws?.organizations;
            const request = intoSilo ?? input.silo;
            if (request === undefined || organizations === undefined) {
                throw new LifecycleStateError(
                    `tenant "${ref.tenantId}" has an unfinished move into a silo account (step "silo"): re-run ` +
                        `change-tier with the same --silo create ... or --silo-account <id> to finish it`,
                );
            }
            await provisionSilo(run, ref.tenantId, request, organizations, "suspend");
            step = "suspend";
        }
        if (step === "suspend") {
            run.step("suspend", "started");
            const platform = await deps.workspaces.platformOutputs(ref.environment);
            if (run.record.tables === undefined || run.record.placement === undefined) {
                const source = sourceSide(
                    stored,
                    from,
                    platform,
                    await ws.outputs(),
                    ref.environment,
                    ref.tenantId,
                );
                await run.save({
                    step: "suspend",
                    fromTier: from,
                    toTier: to,
                    tables: {
                        sourceTable: source.table,
                        targetTable: targetTable(to, platform, ref.environment, ref.tenantId),
                    },
                    placement: {
                        sourceBucket: source.bucket,
                        ...(source.silo === undefined ? {} : { source: source.silo }),
                    },
                });
            }
            const silo = stagingSilo(stored, to, run.record);
            const staging = specWith(stored, { tier: "premium", status: "suspended" }, silo);
            await run.save({}, staging);
            const staged = await run.up(staging);
            const target = targetSide(
                to,
                platform,
                staged.outputs,
                ref.environment,
                ref.tenantId,
                run.record.silo,
            );
            const recorded = run.record.placement;
            if (recorded === undefined)
                throw new LifecycleStateError(`the progress record of ${ws.stackName} has no placement`);
            await run.save({
                buckets: {
                    sourceBucket: recorded.sourceBucket,
                    targetBucket: target.bucket,
                    targetKmsKeyId: target.kmsKeyId,
                },
                placement: { ...recorded, ...(target.silo === undefined ? {} : { target: target.silo }) },
            });
            run.done.push(
                `tenant suspended, premium stores in place${silo === undefined ? "" : ` in silo account ${silo.accountId}`} (up)`,
            );
            const settleMs = input.settleMs ?? 60_000;
            run.step(
                "suspend",
                "done",
                `waiting ${Math.round(settleMs / 1000)} s for the suspension to reach the authorizer`,
            );
            await (deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(settleMs);
            await run.save({ step: "migrate" });
            step = "migrate";
        }
        const tables = run.record.tables;
        if (tables === undefined)
            throw new LifecycleStateError(`the progress record of ${ws.stackName} has no tables`);
        const buckets = run.record.buckets;
        if (buckets === undefined)
            throw new LifecycleStateError(
                `the progress record of ${ws.stackName} has no buckets: it was written by an older version; ` +
                    `finish the change with that version, or move the objects by hand (docs/tier-changes.md)`,
            );
        const sides = run.record.placement ?? { sourceBucket: buckets.sourceBucket };
        const platformOutputs =
            sides.source === undefined && sides.target === undefined
                ? {}
                : await deps.workspaces.platformOutputs(ref.environment);
        const clientsOf = (side: SiloSide | undefined): { dynamodb: DynamoDBClient; s3: S3Client } => {
            if (side === undefined) return { dynamodb, s3 };
            const factory = siloClientFactory(deps, siloMoveRule(ref.tenantId));
            const clients = siloClientsOf(factory, platformOutputs, ref.environment, ref.tenantId, side);
            opened.push(clients);
            return clients;
        };
        const source = clientsOf(sides.source);
        const target = clientsOf(sides.target);
        const where = (side: SiloSide | undefined) =>
            side === undefined ? "platform account" : `silo account ${side.accountId}`;
        run.step(
            "migrate",
            "started",
            `${tables.sourceTable} (${where(sides.source)}) -> ${tables.targetTable} (${where(sides.target)})`,
        );
        const objects = await moveTenantObjects(
            { tenantId: ref.tenantId, ...buckets },
            {
                client: source.s3,
                targetClient: target.s3,
                progress: { get: async () => run.record.objects, put: (o) => run.save({ objects: o }) },
                now: () => run.now(),
            },
        );
        if (objects.resumedFrom !== "done") {
            run.done.push(
                `objects moved: ${objects.count} verified (checksum ${objects.checksum.slice(0, 12)}) in ${buckets.targetBucket}, ` +
                    `${objects.deleted} source versions deleted`,
            );
        }
        const final = finalOf();
        const migration = await migrateTenantPartition(
            {
                tenantId: ref.tenantId,
                direction: directionOf(from, to),
                ...tables,
                ...(sides.source === undefined ? {} : { sourceAccount: sides.source.accountId }),
                ...(sides.target === undefined ? {} : { targetAccount: sides.target.accountId }),
            },
            {
                client: source.dynamodb,
                targetClient: target.dynamodb,
                progress: { get: async () => run.record.migration, put: (m) => run.save({ migration: m }) },
                switchRegistry: async () => {
                    await run.save({}, final);
                    await run.up(final);
                    run.done.push(`registry switched to ${to} and tenant reactivated (up)`);
                },
                onProgress: (event) => run.emit({ type: "migration", tenantId: ref.tenantId, event }),
                ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
                now: () => run.now(),
            },
        );
        run.done.push(
            `partition moved: ${migration.count} items verified (checksum ${migration.checksum.slice(0, 12)}), source cleaned`,
        );
        await run.save({ step: "done" });
        run.step("migrate", "done");
        return {
            ...base,
            outcome: resuming === undefined ? "updated" : "resumed",
            tier: to,
            status: "active",
            ...(resuming === undefined ? {} : { resumedFrom: resuming.step }),
            ...(final.silo === undefined ? {} : { siloAccountId: final.silo.accountId }),
            done: run.done,
            changes: run.changes,
            migration,
        };
    } catch (error) {
        throw await run.fail(step, error);
    } finally {
        for (const clients of opened) closeClients(clients);
    }
}
