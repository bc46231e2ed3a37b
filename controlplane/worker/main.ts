/**
 * The worker container's entry (docs/control-plane.md, "Container contract"): consumes the
 * operations queue until SIGTERM (ECS scale-in), finishing nothing half-way on purpose: an
 * operation cut off by the stop is redelivered and resumed by the next worker.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Consumer } from "sqs-consumer";
import { engineContext } from "../operations/engineContext";
import { type ControlPlaneSettings, readControlPlaneSettings } from "../operations/serviceSettings";
import { OperationStore } from "../operations/store";
import { type LifecycleCall, lifecycleCall } from "./lifecycleCall";
import { operationConsumer } from "./operationConsumer";

export function controlPlaneWorker(
    settings: ControlPlaneSettings,
    env: Readonly<Record<string, string | undefined>>,
    log: (line: string) => void,
    /** Wraps the lifecycle call (the dev runner stands in for what AWS would create; see local/). */
    wrap: (call: LifecycleCall) => LifecycleCall = (call) => call,
): Consumer {
    const { cli, lifecycle } = engineContext(settings, env);
    const visibility = Number(env.OPERATIONS_VISIBILITY_TIMEOUT ?? "300");
    return operationConsumer({
        sqs: new SQSClient({ region: settings.region }),
        queueUrl: settings.queueUrl,
        store: new OperationStore(new DynamoDBClient({ region: settings.region }), settings.operationsTable),
        lifecycle: {
            ...lifecycle,
            onEvent: (e) => e.type === "step" && log(`${e.tenantId}: ${e.operation} ${e.step} ${e.state}`),
        },
        call: wrap(lifecycleCall({ environment: settings.environment, region: settings.region, cli })),
        now: () => new Date(),
        log,
        visibilityTimeoutSeconds: visibility,
    });
}

if (require.main === module) {
    try {
        const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
        const consumer = controlPlaneWorker(readControlPlaneSettings(process.env), process.env, log);
        consumer.start();
        const stop = () => {
            consumer.stop();
            process.exit(0);
        };
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    }
}
