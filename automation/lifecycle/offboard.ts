/**
 * Offboarding, in recorded steps: `suspend` (status offboarded, `up`: the authorizer refuses the
 * tenant), `backup` (premium: on-demand table backup; pooled: export of partition and objects),
 * `destroy` (the stack's resources go, its registry entry among them; data stores are retained),
 * `purge` (only with `--purge` and the tenant id typed again: data, users and key are deleted and
 * checked gone, `purge.ts`), `tombstone` (without purge the tenant's Cognito users are disabled; the
 * tombstone written to the registry keeps the id reserved and says what is retained where),
 * `remove` (`pulumi stack rm`). A re-run resumes at the recorded step; once the stack is removed,
 * the record goes with it and the tombstone remains.
 */
import { parseTenantSpec } from "../../tiers/tenantSpec";
import { type ArchiveLocation, archiveSink, compactTime, parseArchiveLocation } from "./archive";
import { premiumBackup, pooledExport } from "./backup";
import { checkDeps, type LifecycleDeps, OperationRun } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError, OperationInProgressError } from "./errors";
import type { PurgeRecord } from "../../tiers/registry";
import { type BackupRecord, isFinished, type TenantDataStores } from "./record";
import { tombstonesOf, usersOf } from "./platformRecords";
import { purgeNotes, purgeTenantData } from "./purge";
import {
    dataClientsOf,
    purgeShapeOf,
    siloClientFactory,
    siloDataOf,
    siloDataRule,
    siloPurgeNote,
} from "./siloData";
import { requireSpec, type TenantInput } from "./statusChange";
import { type LifecycleResult, openTenant, parseTenantRef, stackNameOf } from "./tenant";

export interface OffboardInput extends TenantInput {
    /** Where a pooled tenant's export goes: a directory or `s3://bucket/prefix`. */
    readonly archive: string;
    /** Delete the tenant's data after the backup. `confirmTenantId` must repeat the tenant id. */
    readonly purge?: { readonly confirmTenantId: string };
}

/** Validates the input; throws before any call. */
export function checkOffboardInput(input: OffboardInput, deps: LifecycleDeps): ArchiveLocation {
    checkDeps(deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    const archive = parseArchiveLocation(input.archive);
    if (input.purge !== undefined && input.purge.confirmTenantId !== ref.tenantId) {
        throw new InvalidLifecycleInputError(
            "--confirm",
            input.purge.confirmTenantId,
            `--purge deletes the tenant's data: type the tenant id again, --confirm ${ref.tenantId}`,
        );
    }
    if (input.dryRun !== true && (deps.aws?.dynamodb === undefined || deps.aws.s3 === undefined)) {
        throw new InvalidLifecycleInputError(
            "aws",
            undefined,
            "offboarding backs up data: pass DynamoDB and S3 clients",
        );
    }
    return archive;
}

function storesOf(outputs: Readonly<Record<string, unknown>>, stackName: string): TenantDataStores {
    const { tableName, bucketName, kmsKeyArn } = outputs;
    if (typeof tableName !== "string" || typeof bucketName !== "string") {
        throw new LifecycleStateError(
            `stack ${stackName} has no tableName/bucketName outputs: run signup for the tenant again, then offboard`,
        );
    }
    const silo = siloDataOf(outputs);
    return {
        tableName,
        bucketName,
        ...(typeof kmsKeyArn === "string" ? { kmsKeyArn } : {}),
        ...(silo === undefined ? {} : { silo }),
    };
}

/** Where the offboarding backup is, in one string: the table backup's ARN or the export's location. */
const backupWhere = (backup: BackupRecord | undefined): string | undefined =>
    backup === undefined ? undefined : backup.kind === "dynamodb-backup" ? backup.backupArn : backup.location;

/** Offboards a tenant, or finishes an interrupted offboarding. See the module comment. */
export async function offboard(input: OffboardInput, deps: LifecycleDeps): Promise<LifecycleResult> {
    const archive = checkOffboardInput(input, deps);
    const ref = parseTenantRef(input.tenantId, input.environment);
    const { ws, state } = await openTenant(deps, ref, "select");
    const stored = requireSpec(state, ws, ref.tenantId);
    const base = {
        operation: "offboard" as const,
        tenantId: ref.tenantId,
        environment: ref.environment,
        stackName: stackNameOf(ref),
    };
    const record = state.record;
    if (!isFinished(record) && record?.operation !== "offboard") {
        throw new OperationInProgressError(
            ref.tenantId,
            record?.operation ?? "offboard",
            record?.step ?? "",
            "offboard",
        );
    }
    const resuming = record?.operation === "offboard" ? record : undefined;
    const purge = input.purge !== undefined;
    if (resuming?.purge === true && !purge) {
        throw new InvalidLifecycleInputError(
            "--purge",
            undefined,
            `this offboarding was started with --purge: re-run it with --purge --confirm ${ref.tenantId}`,
        );
    }
    const spec = parseTenantSpec({ ...stored, status: "offboarded" });
    const now = deps.now ?? (() => new Date());
    const run = new OperationRun(
        "offboard",
        ref.tenantId,
        ws,
        deps,
        resuming ?? OperationRun.newRecord("offboard", "suspend", now),
    );
    if (input.dryRun === true) {
        const { changes } = await run.destroy(spec, true);
        const plan =
            stored.silo !== undefined
                ? `an export of its partition and objects in silo account ${stored.silo.accountId} to ${input.archive}`
                : stored.tier === "premium"
                  ? "an on-demand backup of its table"
                  : `an export of its partition and objects to ${input.archive}`;
        return {
            ...base,
            outcome: "previewed",
            tier: stored.tier,
            status: stored.status,
            done: [],
            changes,
            notes: [`would take ${plan}${purge ? ", then delete its data" : ""}`],
        };
    }
    const aws = { dynamodb: deps.aws?.dynamodb, s3: deps.aws?.s3 };
    if (aws.dynamodb === undefined || aws.s3 === undefined)
        throw new InvalidLifecycleInputError("aws", undefined, "pass DynamoDB and S3 clients");
    const clients = { dynamodb: aws.dynamodb, s3: aws.s3 };
    if (stored.silo !== undefined) siloClientFactory(deps, siloDataRule(ref.tenantId, "offboarding"));
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const notes: string[] = [];
    const tombstones = await tombstonesOf(deps, ref.environment);
    const users = await usersOf(deps, ref.environment);
    let step = run.record.step;
    try {
        if (step === "suspend") {
            run.step("suspend", "started");
            await run.save({ step, purge }, spec);
            const up = await run.up(spec);
            run.done.push(`registry entry set to offboarded (up)`);
            await run.save({ step: "backup", data: storesOf(up.outputs, ws.stackName) });
            step = "backup";
            run.step("suspend", "done");
        }
        const stores = run.record.data;
        if (stores === undefined)
            throw new LifecycleStateError(`the progress record of ${ws.stackName} has no data stores`);
        if (step === "backup") {
            run.step("backup", "started");
            const context = {
                tenantId: ref.tenantId,
                startedAt: run.record.startedAt,
                sleep,
                onProgress: (what: string, count?: number) =>
                    run.emit({
                        type: "backup",
                        tenantId: ref.tenantId,
                        what,
                        ...(count === undefined ? {} : { count }),
                    }),
            };
            const folder = `${ws.stackName}-${compactTime(run.record.startedAt)}`;
            // A silo's stores are in the tenant's account: exported through its chain into the operator's archive.
            const data = await dataClientsOf(deps, ref.environment, ref.tenantId, stores, clients);
            let backup: BackupRecord;
            try {
                backup =
                    stored.tier === "premium" && stores.silo === undefined
                        ? await premiumBackup(clients.dynamodb, stores, context)
                        : await pooledExport(data, stores, archiveSink(archive, folder, clients.s3), context);
            } finally {
                data.close();
            }
            run.done.push(
                backup.kind === "export"
                    ? `exported ${backup.items} items and ${backup.objects} objects to ${backup.location}`
                    : `backup ${backup.backupName} available`,
            );
            await run.save({ step: "destroy", backup });
            step = "destroy";
            run.step("backup", "done");
        }
        if (step === "destroy") {
            run.step("destroy", "started");
            await run.destroy(spec);
            run.done.push(
                `stack ${ws.stackName} destroyed (table ${stores.tableName} and bucket ${stores.bucketName} retained)`,
            );
            await run.save({ step: purge ? "purge" : "tombstone" });
            step = purge ? "purge" : "tombstone";
            run.step("destroy", "done");
        }
        if (step === "purge") {
            run.step("purge", "started");
            const data = await dataClientsOf(deps, ref.environment, ref.tenantId, stores, clients);
            let purged: PurgeRecord;
            try {
                purged = await purgeTenantData(
                    { ...data, ...(deps.aws?.kms === undefined ? {} : { kms: deps.aws.kms }), users },
                    purgeShapeOf(stored.tier, stores),
                    stores,
                    { tenantId: ref.tenantId, sleep, now },
                );
            } finally {
                data.close();
            }
            notes.push(
                ...purgeNotes(purged),
                ...(stores.silo === undefined ? [] : [siloPurgeNote(stores.silo)]),
            );
            run.done.push(
                `data deleted and verified gone: ${purged.items} items, ${purged.objectVersions} object versions, ${purged.users} users`,
            );
            await run.save({ step: "tombstone", purged });
            step = "tombstone";
            run.step("purge", "done");
        }
        if (step === "tombstone") {
            run.step("tombstone", "started");
            const purged = run.record.purged;
            if (purged === undefined) {
                const disabled = await users.disable(ref.tenantId);
                run.done.push(`${disabled} users of the tenant disabled`);
            }
            const backup = backupWhere(run.record.backup);
            await tombstones.write({
                tenantId: ref.tenantId,
                status: "offboarded",
                tier: stored.tier,
                createdAt: stored.createdAt,
                offboardedAt: now().toISOString(),
                retained: { ...stores, ...(backup === undefined ? {} : { backup }) },
                ...(purged === undefined ? {} : { purge: purged }),
            });
            run.done.push(`tombstone written: the id "${ref.tenantId}" stays reserved`);
            await run.save({ step: "remove" });
            step = "remove";
            run.step("tombstone", "done");
        }
        run.step("remove", "started");
        await ws.remove();
        run.done.push(`stack ${ws.stackName} removed`);
        run.step("remove", "done");
        return {
            ...base,
            outcome: "removed",
            tier: stored.tier,
            status: "offboarded",
            ...(resuming === undefined ? {} : { resumedFrom: resuming.step }),
            done: run.done,
            changes: run.changes,
            ...(run.record.backup === undefined ? {} : { backup: run.record.backup }),
            purged: purge,
            notes,
        };
    } catch (error) {
        throw await run.fail(step, error);
    }
}
