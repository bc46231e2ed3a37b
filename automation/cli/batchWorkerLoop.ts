/**
 * The worker side of `signup-batch`: receives one signup at a time over IPC, runs it with the
 * dependencies `makeDeps` builds from the batch's settings, streams its events and result back,
 * and exits when told to. One signup at a time: Node inline programs allow one update per process.
 */
import { parseTenantSpec } from "../../tiers/tenantSpec";
import type { LifecycleDeps } from "../lifecycle/context";
import { signup } from "../lifecycle/signup";
import type { FromWorker, ToWorker } from "./batchRunner";
import type { EngineSettings } from "./settings";

export function serveBatchJobs(makeDeps: (settings: EngineSettings) => LifecycleDeps): void {
    const send = (message: FromWorker) => process.send?.(message);
    process.on("message", (message: ToWorker) => {
        if (message.type === "exit") {
            process.disconnect();
            return;
        }
        const { job, settings, dryRun, resumeCommand, commandOptions } = message;
        const deps: LifecycleDeps = {
            ...makeDeps(settings),
            onEvent: (event) => send({ type: "event", index: job.index, event }),
            resumeCommand,
            commandOptions,
        };
        signup(
            {
                spec: parseTenantSpec(job.spec),
                ...(job.silo === undefined ? {} : { silo: job.silo }),
                dryRun,
            },
            deps,
        ).then(
            (result) => send({ type: "result", index: job.index, pid: process.pid, result }),
            (error: unknown) =>
                send({
                    type: "failure",
                    index: job.index,
                    pid: process.pid,
                    error:
                        error instanceof Error
                            ? { name: error.name, message: error.message }
                            : { name: "Error", message: String(error) },
                }),
        );
    });
}
