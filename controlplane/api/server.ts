/**
 * The API container's entry (docs/control-plane.md, "Container contract"): reads the environment,
 * listens on `PORT` (8080), answers `GET /health` without a token.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { FastifyInstance } from "fastify";
import { list } from "../../automation/lifecycle/list";
import { status } from "../../automation/lifecycle/status";
import { engineContext } from "../operations/engineContext";
import { OperationQueue } from "../operations/queue";
import { type ControlPlaneSettings, readControlPlaneSettings } from "../operations/serviceSettings";
import { OperationStore } from "../operations/store";
import { AccessTokenVerifier } from "./accessToken";
import { buildApp } from "./app";

/** The app for `settings`, with the AWS SDK's own endpoint resolution (`AWS_ENDPOINT_URL_SQS`, ...). */
export async function controlPlaneApi(
    settings: ControlPlaneSettings,
    env: Readonly<Record<string, string | undefined>>,
    verifier = new AccessTokenVerifier(settings),
): Promise<FastifyInstance> {
    const { cli, lifecycle } = engineContext(settings, env);
    const environment = settings.environment;
    return buildApp({
        environment,
        verifier,
        store: new OperationStore(new DynamoDBClient({ region: settings.region }), settings.operationsTable),
        queue: new OperationQueue(new SQSClient({ region: settings.region }), settings.queueUrl),
        tenants: {
            list: () => list({ environment }, lifecycle),
            status: (tenantId) => status({ environment, tenantId }, lifecycle),
        },
        validation: { environment, region: settings.region, cli },
        now: () => new Date(),
        newOperationId: randomUUID,
        logger: env.CONTROL_PLANE_LOG !== "off",
    });
}

async function main(): Promise<void> {
    const settings = readControlPlaneSettings(process.env);
    const app = await controlPlaneApi(settings, process.env);
    await app.listen({ port: settings.port, host: "0.0.0.0" });
    const stop = () => void app.close().then(() => process.exit(0));
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    });
}
