/**
 * The placement step: move a created account from the root into the tenant's OU. `ListParents`
 * first, so an account a crashed run already moved is recognised instead of moved twice.
 */
import { ListParentsCommand, MoveAccountCommand } from "@aws-sdk/client-organizations";
import { VendingStateError, VendingStepError } from "./errors";
import { backoffDelay, emit, show, type CreatedRecord, type PlacedRecord, type Run } from "./run";

/** Moves a created account from the root into the target OU (if any) and records it as placed. */
export async function placeAccount(run: Run, created: CreatedRecord): Promise<PlacedRecord> {
    const { spec, deps } = run;
    const { accountId } = created;
    const target = created.organizationalUnitId;
    if (target !== undefined) {
        const done = `Account ${accountId} is created and recorded.`;
        const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
            try {
                return await action();
            } catch (error) {
                throw new VendingStepError(spec.tenantId, name, done, run.resumeCommand, error);
            }
        };
        const parents = await step("ListParents", () =>
            deps.client.send(new ListParentsCommand({ ChildId: accountId })),
        );
        const parent = parents.Parents?.[0];
        // Already in the target: a previous run moved it and stopped before recording that.
        if (parent?.Id !== target) {
            if (parent?.Id === undefined || parent.Type !== "ROOT") {
                throw new VendingStateError(
                    spec.tenantId,
                    `silo account ${accountId} of tenant "${spec.tenantId}" is in ${show(parent?.Id)}, neither the root nor ${target}: someone moved it; ` +
                        `move it yourself (aws organizations move-account --account-id ${accountId} --source-parent-id ${parent?.Id ?? "<parent>"} --destination-parent-id ${target}), then re-run ${run.resumeCommand}`,
                );
            }
            const move = { AccountId: accountId, SourceParentId: parent.Id, DestinationParentId: target };
            for (let attempt = 1; ; attempt++) {
                try {
                    await deps.client.send(new MoveAccountCommand(move));
                    break;
                } catch (error) {
                    const retryable =
                        error instanceof Error && error.name === "ConcurrentModificationException";
                    if (!retryable || attempt >= run.backoff.maxAttempts) {
                        throw new VendingStepError(
                            spec.tenantId,
                            "MoveAccount",
                            done,
                            run.resumeCommand,
                            error,
                        );
                    }
                    const delayMs = backoffDelay(
                        run.backoff.retryBaseDelayMs,
                        run.backoff.retryMaxDelayMs,
                        attempt,
                    );
                    emit(run, {
                        type: "retrying",
                        tenantId: spec.tenantId,
                        step: "MoveAccount",
                        reason: error.name,
                        attempt,
                        delayMs,
                    });
                    await run.sleep(delayMs);
                }
            }
            emit(run, {
                type: "moved",
                tenantId: spec.tenantId,
                accountId,
                fromParentId: parent.Id,
                toOrganizationalUnitId: target,
            });
        }
    }
    const placed: PlacedRecord = { ...created, state: "placed" };
    await deps.progress.put(placed);
    return placed;
}
