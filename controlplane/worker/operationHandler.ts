/**
 * What a worker does with one queue message: look the operation up, mark it running (one more
 * attempt: more than one means an earlier worker died or timed out, and the lifecycle resumes
 * from its own progress record), run it with every lifecycle step recorded in the operations
 * table, and record the result or the error. A message is acknowledged once the outcome is
 * recorded; a worker that dies before that leaves it on the queue for the next worker.
 */
import type { Message } from "@aws-sdk/client-sqs";
import type { LifecycleDeps } from "../../automation/lifecycle/context";
import type { LifecycleEvent } from "../../automation/lifecycle/events";
import { parseOperationMessage } from "../operations/queue";
import type { OperationStep } from "../operations/record";
import type { OperationStore } from "../operations/store";
import type { LifecycleCall } from "./lifecycleCall";

export interface OperationHandlerDeps {
    readonly store: OperationStore;
    readonly lifecycle: LifecycleDeps;
    readonly call: LifecycleCall;
    readonly now: () => Date;
    /** Progress and errors for the worker's log. */
    readonly log: (line: string) => void;
}

/** The steps worth a line in the record: lifecycle steps, retries and wave/tenant progress, not each resource. */
function stepOf(event: LifecycleEvent, at: string): OperationStep | undefined {
    switch (event.type) {
        case "step":
            return {
                at,
                step: event.step,
                state: event.state,
                ...(event.detail === undefined ? {} : { detail: event.detail }),
            };
        case "retry":
            return { at, step: "retry", state: `attempt ${event.attempt}`, detail: event.reason };
        case "summary":
            return {
                at,
                step: "engine",
                state: "summary",
                detail: `${event.tenantId} ${JSON.stringify(event.changes)}`,
            };
        default:
            return undefined;
    }
}

export function operationHandler(deps: OperationHandlerDeps): (message: Message) => Promise<Message> {
    const { store, now, log } = deps;
    return async (message) => {
        const { operationId } = parseOperationMessage(message.Body);
        const found = await store.get(operationId);
        if (found === undefined) {
            // Not ours to retry: acknowledged, so it does not hold its message group.
            log(`operation ${operationId}: no record in the operations table; message dropped`);
            return message;
        }
        if (found.status === "succeeded" || found.status === "failed") return message;
        const record = await store.start(operationId, now());
        const resumed = record.attempts > 1;
        await store.addStep(
            operationId,
            {
                at: now().toISOString(),
                step: "worker",
                state: resumed ? "resumed" : "started",
                detail: `attempt ${record.attempts}`,
            },
            now(),
        );
        // Steps are written in order, one at a time, without holding the lifecycle up.
        let pending: Promise<void> = Promise.resolve();
        const onEvent = (event: LifecycleEvent) => {
            deps.lifecycle.onEvent?.(event);
            const step = stepOf(event, now().toISOString());
            if (step === undefined) return;
            pending = pending
                .then(() => store.addStep(operationId, step, now()))
                .catch((error: unknown) =>
                    log(`operation ${operationId}: step not recorded: ${String(error)}`),
                );
        };
        try {
            const result = await deps.call(record.request, { ...deps.lifecycle, onEvent });
            await pending;
            await store.finish(operationId, "succeeded", { result }, now());
            log(`operation ${operationId} (${record.request.kind}) succeeded`);
        } catch (error) {
            await pending;
            const { name, message: text } = error as Error;
            await store.finish(operationId, "failed", { error: { name, message: text } }, now());
            log(`operation ${operationId} (${record.request.kind}) failed: ${text}`);
        }
        return message;
    };
}
