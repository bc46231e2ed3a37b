/**
 * `purge`: deletes what an offboarded tenant left (the data its tombstone lists, its users, its
 * key), checks that it is gone, and records the purge on the tombstone. Only a tombstone with a
 * verified purge lets a new tenant sign up with the id (`--reuse-purged-id`).
 */
import type { PurgeRecord } from "../../tiers/registry";
import type { TierName } from "../../tiers/tier";
import { checkDeps, type LifecycleDeps } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError } from "./errors";
import { tombstonesOf, usersOf } from "./platformRecords";
import { purgeNotes, purgeTenantData, remainsOf } from "./purge";
import { dataClientsOf, purgeShapeOf, siloPurgeNote } from "./siloData";
import { parseTenantRef } from "./tenant";
import { tenantCommand } from "./command";

export interface PurgeInput {
    readonly tenantId: string;
    readonly environment: string;
    /** The tenant id typed again: a purge cannot be undone. */
    readonly confirmTenantId: string;
}

export interface PurgeResult {
    readonly tenantId: string;
    readonly environment: string;
    readonly tier: TierName;
    readonly offboardedAt: string;
    /** `purged` by this run, or `unchanged`: purged before and still nothing left. */
    readonly outcome: "purged" | "unchanged";
    readonly purge: PurgeRecord;
    readonly notes: readonly string[];
}

/** Purges an offboarded tenant. See the module comment. */
export async function purge(input: PurgeInput, deps: LifecycleDeps): Promise<PurgeResult> {
    checkDeps(deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    if (input.confirmTenantId !== ref.tenantId) {
        throw new InvalidLifecycleInputError(
            "--confirm",
            input.confirmTenantId,
            `a purge deletes everything the tenant left and cannot be undone: type the tenant id again, --confirm ${ref.tenantId}`,
        );
    }
    const { dynamodb, s3, kms } = deps.aws ?? {};
    if (dynamodb === undefined || s3 === undefined)
        throw new InvalidLifecycleInputError(
            "aws",
            undefined,
            "a purge deletes data: pass DynamoDB and S3 clients",
        );
    const tombstones = await tombstonesOf(deps, ref.environment);
    const tombstone = await tombstones.read(ref.tenantId);
    if (tombstone === undefined) {
        throw new LifecycleStateError(
            `tenant id "${ref.tenantId}" has no tombstone in the registry of ${ref.environment}: only an offboarded tenant is purged; ` +
                `offboard it first: ${tenantCommand(["offboard", ref.tenantId, "--purge", "--confirm", ref.tenantId, ...(deps.commandOptions ?? ["-e", ref.environment])])}`,
        );
    }
    const retained = tombstone.retained;
    // A silo tenant's data is reached through its role chain; the platform's clients otherwise.
    const data = await dataClientsOf(deps, ref.environment, ref.tenantId, retained, { dynamodb, s3 });
    const clients = {
        dynamodb: data.dynamodb,
        s3: data.s3,
        ...(kms === undefined ? {} : { kms }),
        users: await usersOf(deps, ref.environment),
    };
    const shape = purgeShapeOf(tombstone.tier, retained);
    const notesOf = (record: PurgeRecord) => [
        ...purgeNotes(record),
        ...(retained.silo === undefined ? [] : [siloPurgeNote(retained.silo)]),
    ];
    const base = {
        tenantId: ref.tenantId,
        environment: ref.environment,
        tier: tombstone.tier,
        offboardedAt: tombstone.offboardedAt,
    };
    try {
        if (tombstone.purge !== undefined) {
            const left = await remainsOf(clients, shape, retained, ref.tenantId);
            if (left.length === 0) {
                return {
                    ...base,
                    outcome: "unchanged",
                    purge: tombstone.purge,
                    notes: notesOf(tombstone.purge),
                };
            }
        }
        const record = await purgeTenantData(clients, shape, retained, {
            tenantId: ref.tenantId,
            sleep: deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms))),
            now: deps.now ?? (() => new Date()),
        });
        await tombstones.recordPurge(ref.tenantId, record);
        return { ...base, outcome: "purged", purge: record, notes: notesOf(record) };
    } finally {
        data.close();
    }
}
