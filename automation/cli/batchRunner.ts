/**
 * Scale-out of `signup-batch`: Node inline programs allow one update per process, so signups run
 * in `concurrency` child processes (`child_process.fork` of a worker module), each taking the next
 * signup from the queue when it finishes one. Workers stream every lifecycle event and their
 * result back over IPC. A worker that dies fails its current signup only; the remaining ones go
 * to a new worker.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { LifecycleEvent } from "../lifecycle/events";
import type { LifecycleResult } from "../lifecycle/tenant";
import type { BatchJob } from "./batchFile";
import type { EngineSettings } from "./settings";

/** Parent → worker. */
export type ToWorker =
    | {
          readonly type: "job";
          readonly job: BatchJob;
          readonly settings: EngineSettings;
          readonly dryRun: boolean;
          readonly resumeCommand: string;
          readonly commandOptions: readonly string[];
      }
    | { readonly type: "exit" };

/** Worker → parent. */
export type FromWorker =
    | { readonly type: "event"; readonly index: number; readonly event: LifecycleEvent }
    | {
          readonly type: "result";
          readonly index: number;
          readonly pid: number;
          readonly result: LifecycleResult;
      }
    | {
          readonly type: "failure";
          readonly index: number;
          readonly pid: number;
          readonly error: { readonly name: string; readonly message: string };
      };

/** How one signup of the batch ended. */
export interface BatchOutcome {
    readonly index: number;
    readonly tenantId: string;
    /** The worker process that ran it. */
    readonly pid?: number;
    readonly result?: LifecycleResult;
    readonly error?: { readonly name: string; readonly message: string };
}

export interface BatchOptions {
    readonly concurrency: number;
    /** The worker module (TypeScript, run through tsx). */
    readonly workerModule: string;
    readonly settings: EngineSettings;
    readonly dryRun: boolean;
    readonly resumeCommand: (job: BatchJob) => string;
    /** The options every suggested command repeats. */
    readonly commandOptions: readonly string[];
    readonly onEvent: (event: LifecycleEvent) => void;
    readonly onOutcome: (outcome: BatchOutcome) => void;
}

/** Node flags that let a child process load TypeScript (tsx's loader). */
export function typeScriptExecArgv(): string[] {
    return ["--import", pathToFileURL(createRequire(__filename).resolve("tsx")).href];
}

function drive(
    child: ChildProcess,
    queue: BatchJob[],
    options: BatchOptions,
    outcomes: BatchOutcome[],
): Promise<void> {
    let current: BatchJob | undefined;
    const finish = (outcome: BatchOutcome) => {
        outcomes.push(outcome);
        options.onOutcome(outcome);
    };
    const next = () => {
        current = queue.shift();
        const message: ToWorker =
            current === undefined
                ? { type: "exit" }
                : {
                      type: "job",
                      job: current,
                      settings: options.settings,
                      dryRun: options.dryRun,
                      resumeCommand: options.resumeCommand(current),
                      commandOptions: options.commandOptions,
                  };
        child.send(message);
    };
    return new Promise((resolve) => {
        child.on("message", (message: FromWorker) => {
            if (message.type === "event") return options.onEvent(message.event);
            const job = current;
            if (job === undefined || job.index !== message.index) return;
            current = undefined;
            finish(
                message.type === "result"
                    ? {
                          index: job.index,
                          tenantId: job.spec.tenantId,
                          pid: message.pid,
                          result: message.result,
                      }
                    : {
                          index: job.index,
                          tenantId: job.spec.tenantId,
                          pid: message.pid,
                          error: message.error,
                      },
            );
            next();
        });
        child.on("exit", (code, signal) => {
            if (current !== undefined) {
                finish({
                    index: current.index,
                    tenantId: current.spec.tenantId,
                    ...(child.pid === undefined ? {} : { pid: child.pid }),
                    error: {
                        name: "WorkerExitedError",
                        message: `worker ${child.pid ?? "?"} exited (${signal ?? `code ${code ?? "?"}`}) during this signup; re-run the batch to resume it`,
                    },
                });
                current = undefined;
            }
            resolve();
        });
        next();
    });
}

/** Runs every job; resolves with the outcomes in file order once all have ended. */
export async function runBatch(jobs: readonly BatchJob[], options: BatchOptions): Promise<BatchOutcome[]> {
    const queue = [...jobs];
    const outcomes: BatchOutcome[] = [];
    const lane = async () => {
        while (queue.length > 0) {
            const child = fork(options.workerModule, [], {
                execArgv: typeScriptExecArgv(),
                stdio: ["ignore", "ignore", "inherit", "ipc"],
            });
            await drive(child, queue, options, outcomes);
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, lane));
    return outcomes.sort((a, b) => a.index - b.index);
}
