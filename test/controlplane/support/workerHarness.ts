/** Workers on moto's SQS FIFO queue and DynamoDB table, with the lifecycle call given by the test. */
import type { LifecycleDeps } from "../../../automation/lifecycle/context";
import { operationConsumer } from "../../../controlplane/worker/operationConsumer";
import type { LifecycleCall } from "../../../controlplane/worker/lifecycleCall";
import { OperationQueue } from "../../../controlplane/operations/queue";
import type { OperationRecord } from "../../../controlplane/operations/record";
import type { OperationRequest } from "../../../controlplane/operations/request";
import { OperationStore } from "../../../controlplane/operations/store";
import type { LocalAws } from "./localAws";

/** Lifecycle deps whose workspaces are never opened (the call is the test's). */
export const UNUSED_LIFECYCLE: LifecycleDeps = {
    region: "eu-west-1",
    workspaces: {
        open: () => Promise.reject(new Error("not opened in queue tests")),
        listStacks: () => Promise.reject(new Error("not listed in queue tests")),
        platformOutputs: () => Promise.reject(new Error("not read in queue tests")),
    },
};

export interface WorkerHarness {
    readonly store: OperationStore;
    readonly queueUrl: string;
    readonly tableName: string;
    submit(operationId: string, request: OperationRequest): Promise<void>;
    worker(
        call: LifecycleCall,
        options?: { visibilityTimeoutSeconds?: number; heartbeatSeconds?: number },
    ): {
        stop(): void;
    };
    /** Waits until every operation has ended (or `timeoutMs` passes: then throws naming the ones left). */
    settled(ids: readonly string[], timeoutMs?: number): Promise<OperationRecord[]>;
    stopAll(): void;
}

export async function workerHarness(aws: LocalAws): Promise<WorkerHarness> {
    const { queueUrl, tableName } = await aws.resources();
    const store = new OperationStore(aws.dynamodb, tableName);
    const queue = new OperationQueue(aws.sqs, queueUrl);
    const consumers: { stop(): void }[] = [];
    return {
        store,
        queueUrl,
        tableName,
        async submit(operationId, request) {
            const now = new Date().toISOString();
            const record: OperationRecord = {
                operationId,
                environment: "dev",
                request,
                status: "queued",
                createdAt: now,
                updatedAt: now,
                attempts: 0,
                steps: [],
            };
            await store.create(record);
            await queue.enqueue(record);
        },
        worker(call, options = {}) {
            const consumer = operationConsumer({
                sqs: aws.sqs,
                queueUrl,
                store,
                lifecycle: UNUSED_LIFECYCLE,
                call,
                now: () => new Date(),
                log: () => undefined,
                waitTimeSeconds: 1,
                ...options,
            });
            consumer.start();
            const handle = { stop: () => consumer.stop({ abort: true }) };
            consumers.push(handle);
            return handle;
        },
        async settled(ids, timeoutMs = 30_000) {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
                const records = await Promise.all(ids.map((id) => store.get(id)));
                const open = records.filter(
                    (r) => r === undefined || r.status === "queued" || r.status === "running",
                );
                if (open.length === 0) return records as OperationRecord[];
                if (Date.now() > deadline)
                    throw new Error(
                        `operations still open: ${open.map((r) => `${r?.operationId}:${r?.status}`).join(", ")}`,
                    );
                await new Promise((r) => setTimeout(r, 200));
            }
        },
        stopAll() {
            for (const c of consumers) c.stop();
        },
    };
}
