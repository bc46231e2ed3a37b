/**
 * Workers on a real local SQS FIFO queue (moto's server) and operations table: one operation per
 * tenant at a time and in order, tenants in parallel, the message kept hidden while a long
 * operation runs, and a worker killed mid-operation whose operation another worker finishes.
 * The lifecycle is replaced at its function boundary here (the queue is under test); the real
 * lifecycle on the real engine runs in test/engine/controlPlane*.engine.test.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleResult } from "../../../automation/lifecycle/tenant";
import type { LifecycleCall } from "../../../controlplane/worker/lifecycleCall";
import type { OperationRequest } from "../../../controlplane/operations/request";
import { type LocalAws, startLocalAws } from "../support/localAws";
import { type WorkerHarness, workerHarness } from "../support/workerHarness";

let aws: LocalAws;
let harness: WorkerHarness;
beforeAll(async () => {
    aws = await startLocalAws();
});
afterAll(async () => {
    await aws?.close();
});
beforeEach(async () => {
    harness = await workerHarness(aws);
});
afterEach(() => harness.stopAll());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tenantOf = (request: OperationRequest) => (request.kind === "rollout" ? "fleet" : request.tenantId);
const resultOf = (request: OperationRequest): LifecycleResult => ({
    operation: request.kind === "rollout" ? "resume" : request.kind,
    tenantId: tenantOf(request),
    environment: "dev",
    stackName: `dev-${tenantOf(request)}`,
    outcome: "updated",
    tier: "pooled",
    status: "active",
    done: [`${request.kind} done`],
    changes: { update: 1 },
});

/** A lifecycle call that takes `ms` and records when each operation ran. */
function timedCall(ms: number) {
    const runs: { kind: string; tenant: string; start: number; end: number }[] = [];
    const call: LifecycleCall = async (request, deps) => {
        const start = Date.now();
        deps.onEvent?.({
            type: "step",
            operation: "suspend",
            tenantId: tenantOf(request),
            step: "deploy",
            state: "started",
        });
        deps.onEvent?.({
            type: "summary",
            tenantId: tenantOf(request),
            changes: { create: 6 },
            durationSeconds: 5,
        });
        await sleep(ms);
        runs.push({ kind: request.kind, tenant: tenantOf(request), start, end: Date.now() });
        return resultOf(request);
    };
    return { call, runs };
}

describe("operations of one tenant", () => {
    it("run one at a time, in the order they were accepted, even with two workers", async () => {
        const { call, runs } = timedCall(400);
        await harness.submit("op-1", { kind: "signup", tenantId: "acme", options: { tier: "pooled" } });
        await harness.submit("op-2", { kind: "suspend", tenantId: "acme" });
        await harness.submit("op-3", { kind: "resume", tenantId: "acme" });
        harness.worker(call);
        harness.worker(call);

        const records = await harness.settled(["op-1", "op-2", "op-3"]);

        expect(records.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
        expect(runs.map((r) => r.kind)).toEqual(["signup", "suspend", "resume"]);
        for (let i = 1; i < runs.length; i++) {
            expect((runs[i]?.start ?? 0) >= (runs[i - 1]?.end ?? Infinity)).toBe(true);
        }
    });

    it("record each step and the result in the operations table", async () => {
        const { call } = timedCall(10);
        await harness.submit("op-1", { kind: "suspend", tenantId: "acme" });
        harness.worker(call);

        const [record] = await harness.settled(["op-1"]);

        expect(record?.status).toBe("succeeded");
        expect(record?.attempts).toBe(1);
        expect(record?.steps.map((s) => [s.step, s.state, s.detail])).toEqual([
            ["worker", "started", "attempt 1"],
            ["deploy", "started", undefined],
            ["engine", "summary", 'acme {"create":6}'],
        ]);
        expect(record?.result).toEqual(resultOf({ kind: "suspend", tenantId: "acme" }));
    });

    it("record a failed operation with the lifecycle's error, and acknowledge it", async () => {
        await harness.submit("op-1", { kind: "suspend", tenantId: "acme" });
        await harness.submit("op-2", { kind: "resume", tenantId: "acme" });
        const failing: LifecycleCall = async (request) => {
            if (request.kind === "suspend") throw new RangeError('tenant "acme" has no stack dev-acme');
            return resultOf(request);
        };
        harness.worker(failing);

        const [failed, next] = await harness.settled(["op-1", "op-2"]);

        expect(failed?.status).toBe("failed");
        expect(failed?.error).toEqual({ name: "RangeError", message: 'tenant "acme" has no stack dev-acme' });
        expect(next?.status).toBe("succeeded");
    });
});

describe("operations of different tenants", () => {
    it("run in parallel on two workers", async () => {
        const running = new Set<string>();
        let overlapped = false;
        const call: LifecycleCall = async (request) => {
            running.add(tenantOf(request));
            const deadline = Date.now() + 10_000;
            while (running.size < 2 && Date.now() < deadline) await sleep(50);
            overlapped ||= running.size === 2;
            await sleep(100);
            return resultOf(request);
        };
        await harness.submit("op-1", { kind: "suspend", tenantId: "acme" });
        await harness.submit("op-2", { kind: "suspend", tenantId: "globex" });
        harness.worker(call);
        harness.worker(call);

        const records = await harness.settled(["op-1", "op-2"]);

        expect(records.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
        expect(overlapped).toBe(true);
    });
});

describe("a long operation", () => {
    it("keeps its message hidden past the visibility timeout while the worker lives (heartbeat)", async () => {
        const calls: string[] = [];
        const call: LifecycleCall = async (request) => {
            calls.push(tenantOf(request));
            await sleep(5_000);
            return resultOf(request);
        };
        await harness.submit("op-1", { kind: "suspend", tenantId: "acme" });
        harness.worker(call, { visibilityTimeoutSeconds: 2, heartbeatSeconds: 1 });
        harness.worker(call, { visibilityTimeoutSeconds: 2, heartbeatSeconds: 1 });

        const [record] = await harness.settled(["op-1"]);

        expect(record?.status).toBe("succeeded");
        expect(record?.attempts).toBe(1);
        expect(calls).toEqual(["acme"]);
    });
});

describe("a worker killed mid-operation", () => {
    let child: ChildProcess | undefined;
    afterEach(() => {
        child?.kill("SIGKILL");
    });

    it("leaves the operation to the next worker, which finishes it as a second attempt", async () => {
        await harness.submit("op-1", { kind: "change-tier", tenantId: "acme", tier: "premium" });
        child = spawn(
            process.execPath,
            ["--import", "tsx", path.join(__dirname, "../support/blockedWorker.ts")],
            {
                env: {
                    ...process.env,
                    MOTO_ENDPOINT: aws.moto.endpoint,
                    QUEUE_URL: harness.queueUrl,
                    TABLE_NAME: harness.tableName,
                    VISIBILITY_SECONDS: "3",
                },
                stdio: ["ignore", "ignore", "inherit"],
            },
        );
        const deadline = Date.now() + 20_000;
        while ((await harness.store.get("op-1"))?.status !== "running") {
            if (Date.now() > deadline) throw new Error("the first worker never picked the operation up");
            await sleep(100);
        }
        const exited = new Promise((r) => child?.once("exit", r));
        child.kill("SIGKILL");
        await exited;
        const seen: OperationRequest[] = [];
        harness.worker(async (request) => {
            seen.push(request);
            return resultOf(request);
        });

        const [record] = await harness.settled(["op-1"]);

        expect(record?.status).toBe("succeeded");
        expect(record?.attempts).toBe(2);
        expect(record?.steps.map((s) => [s.step, s.state])).toEqual([
            ["worker", "started"],
            ["worker", "resumed"],
        ]);
        expect(seen).toEqual([{ kind: "change-tier", tenantId: "acme", tier: "premium" }]);
    });
});
