/**
 * Tier change with data migration (docs/tier-changes.md), in two recorded steps:
 *
 * 1. `suspend`: `up` with tier premium and status suspended. In both directions the premium stores
 *    must exist (they are the target of an upgrade and the source of a downgrade), and the
 *    suspended registry entry stops API traffic. Then wait for the suspension to reach the
 *    authorizer (its caches: under a minute) so no request writes during the copy.
 * 2. `migrate`: first `moveTenantObjects` moves the tenant's objects (`<id>/` in the shared bucket or
 *    its own bucket) to the other bucket, re-encrypted with the target's key, verified, and every
 *    source version deleted, while the tenant is still suspended. Then `migrateTenantPartition`
 *    copies the partition to the target table and verifies it; its registry switch is the `up` with
 *    the new tier and status active, which points the registry entry at the target table and
 *    reactivates the tenant; then the source partition is removed.
 *
 * Every step and every migration page is recorded in the stack's config; re-running the same
 * change-tier after a crash anywhere finishes it without losing or duplicating an item.
 */
import { premiumTableName } from "../../components/shared/tenantNaming";
import { parseTenantSpec } from "../../tiers/tenantSpec";
import { isTierName, type TierName } from "../../tiers/tier";
import { TENANT_SPEC_RULES } from "../../tiers/tenantSpec";
import { migrateTenantPartition, type MigrationDirection } from "../migration/migrate";
import { moveTenantObjects } from "../objectMove/move";
import { checkDeps, type LifecycleDeps, OperationRun } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError, OperationInProgressError } from "./errors";
import { preCheckTierChangeQuotas } from "./quotaPreCheck";
import { isFinished, type LifecycleRecord } from "./record";
import { requireSpec, type TenantInput } from "./statusChange";
import { type LifecycleResult, openTenant, parseTenantRef, stackNameOf } from "./tenant";

export interface ChangeTierInput extends TenantInput {
    readonly tier: string;
    /**
     * Wait after the suspension before copying, so the authorizer's caches have expired.
     * @default 60000
     */
    readonly settleMs?: number;
}

/** Validates the input; throws before any call. */
export function checkChangeTierInput(input: ChangeTierInput, deps: LifecycleDeps): TierName {
    checkDeps(deps);
    parseTenantRef(input.tenantId, input.environment);
    if (!isTierName(input.tier))
        throw new InvalidLifecycleInputError("tier", input.tier, TENANT_SPEC_RULES.tier);
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

type Outputs = Readonly<Record<string, unknown>>;

function outputNamed(outputs: Outputs, name: string, stack: string, environment: string): string {
    const value = outputs[name];
    if (typeof value !== "string" || value === "") {
        throw new LifecycleStateError(
            `the ${stack} stack of ${environment} has no output "${name}": update it (pulumi up) first`,
        );
    }
    return value;
}

function migrationTables(
    platform: Outputs,
    environment: string,
    tenantId: string,
    direction: MigrationDirection,
) {
    const pooled = outputNamed(platform, "dataTableName", "platform", environment);
    const premium = premiumTableName(environment, tenantId);
    return direction === "pooled-to-premium"
        ? { sourceTable: pooled, targetTable: premium }
        : { sourceTable: premium, targetTable: pooled };
}

/** The buckets the objects move between, and the target's key, from the platform and (premium) tenant outputs. */
function objectBuckets(
    platform: Outputs,
    tenant: Outputs,
    environment: string,
    direction: MigrationDirection,
) {
    const shared = outputNamed(platform, "bucketName", "platform", environment);
    const premium = outputNamed(tenant, "bucketName", "tenant", environment);
    return direction === "pooled-to-premium"
        ? {
              sourceBucket: shared,
              targetBucket: premium,
              targetKmsKeyId: outputNamed(tenant, "kmsKeyArn", "tenant", environment),
          }
        : {
              sourceBucket: premium,
              targetBucket: shared,
              targetKmsKeyId: outputNamed(platform, "platformKeyArn", "platform", environment),
          };
}

/** Moves a tenant to `input.tier`, or finishes an interrupted move. See the module comment. */
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
    if (resuming === undefined && stored.tier === to) {
        return { ...base, outcome: "unchanged", tier: to, status: stored.status, done: [], changes: {} };
    }
    if (resuming === undefined && stored.status !== "active") {
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" is ${stored.status}: a tier change starts from an active tenant; resume it first`,
        );
    }
    if (stored.silo !== undefined) {
        throw new LifecycleStateError(
            `tenant "${ref.tenantId}" has silo account ${stored.silo.accountId}: moving data across accounts is not ` +
                `automated yet; follow docs/tier-changes.md ("Into or out of a silo account")`,
        );
    }
    if (resuming === undefined) await preCheckTierChangeQuotas(ref, stored.tier, to, deps, input.dryRun);
    const from: TierName = resuming?.fromTier ?? stored.tier;
    const direction: MigrationDirection = from === "pooled" ? "pooled-to-premium" : "premium-to-pooled";
    const final = parseTenantSpec({ ...stored, tier: to, status: "active" });
    const staging = parseTenantSpec({ ...stored, tier: "premium", status: "suspended" });
    const now = deps.now ?? (() => new Date());
    const run = new OperationRun(
        "change-tier",
        ref.tenantId,
        ws,
        deps,
        resuming ?? OperationRun.newRecord("change-tier", "suspend", now),
    );

    if (input.dryRun === true) {
        const { changes } = await run.preview(final);
        return { ...base, outcome: "previewed", tier: to, status: "active", done: [], changes };
    }
    const dynamodb = deps.aws?.dynamodb;
    const s3 = deps.aws?.s3;
    if (dynamodb === undefined || s3 === undefined)
        throw new InvalidLifecycleInputError("aws", undefined, "pass DynamoDB and S3 clients");
    let step = run.record.step;
    try {
        if (step === "suspend") {
            run.step("suspend", "started");
            const platform = await deps.workspaces.platformOutputs(ref.environment);
            const tables =
                run.record.tables ?? migrationTables(platform, ref.environment, ref.tenantId, direction);
            await run.save({ step: "suspend", fromTier: from, toTier: to, tables }, staging);
            const staged = await run.up(staging);
            await run.save({ buckets: objectBuckets(platform, staged.outputs, ref.environment, direction) });
            run.done.push(`tenant suspended, premium stores in place (up)`);
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
        run.step("migrate", "started", `${tables.sourceTable} -> ${tables.targetTable}`);
        const buckets = run.record.buckets;
        if (buckets === undefined)
            throw new LifecycleStateError(
                `the progress record of ${ws.stackName} has no buckets: it was written by an older version; ` +
                    `finish the change with that version, or move the objects by hand (docs/tier-changes.md)`,
            );
        const objects = await moveTenantObjects(
            { tenantId: ref.tenantId, ...buckets },
            {
                client: s3,
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
        const migration = await migrateTenantPartition(
            { tenantId: ref.tenantId, direction, ...tables },
            {
                client: dynamodb,
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
            done: run.done,
            changes: run.changes,
            migration,
        };
    } catch (error) {
        throw await run.fail(step, error);
    }
}
