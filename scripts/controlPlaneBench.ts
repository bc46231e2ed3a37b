/**
 * Control-plane section of `npm run bench` (`--only controlplane`):
 * - `POST /tenants` latency over HTTP (p50, p99): token verification, the CLI's validation, the
 *   idempotency and tenant-id claims and the operation record in DynamoDB, the SQS FIFO send
 *   (moto's server on this machine; AWS adds its network round trips);
 * - end-to-end pooled signups per minute through the API with 1, 2 and 4 workers: the dev control
 *   plane (moto, the real engine with the aws provider double, LocalWorkspace), from the first
 *   `POST /tenants` to the last operation succeeded.
 */
import { randomUUID } from "node:crypto";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { buildApp } from "../controlplane/api/app";
import { startDevControlPlane } from "../controlplane/local/devControlPlane";
import { devIssuer } from "../controlplane/local/devIssuer";
import { startMoto } from "../controlplane/local/motoServer";
import { OperationQueue } from "../controlplane/operations/queue";
import { OperationStore } from "../controlplane/operations/store";
import { defaultCliDeps } from "../automation/cli/settings";

const percentile = (sorted: readonly number[], p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function signupLatency(requests: number): Promise<void> {
    const moto = await startMoto();
    const config = {
        region: "eu-west-1",
        endpoint: moto.endpoint,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    };
    const sqs = new SQSClient(config);
    const dynamodb = new DynamoDBClient(config);
    try {
        const { QueueUrl } = await sqs.send(
            new CreateQueueCommand({ QueueName: "bench.fifo", Attributes: { FifoQueue: "true" } }),
        );
        await dynamodb.send(
            new CreateTableCommand({
                TableName: "bench-operations",
                KeySchema: [{ AttributeName: "operationId", KeyType: "HASH" }],
                AttributeDefinitions: [{ AttributeName: "operationId", AttributeType: "S" }],
                BillingMode: "PAY_PER_REQUEST",
            }),
        );
        const issuer = devIssuer();
        const app = await buildApp({
            environment: "dev",
            verifier: issuer.verifier,
            store: new OperationStore(dynamodb, "bench-operations"),
            queue: new OperationQueue(sqs, QueueUrl as string),
            tenants: { list: async () => [], status: async () => Promise.reject(new Error("not read")) },
            validation: {
                environment: "dev",
                region: "eu-west-1",
                cli: { ...defaultCliDeps(), env: { PULUMI_BACKEND_URL: "file:///tmp/bench" } },
            },
            now: () => new Date(),
            newOperationId: randomUUID,
        });
        const url = await app.listen({ port: 0, host: "127.0.0.1" });
        const token = issuer.token();
        const post = async (i: number) => {
            const start = performance.now();
            const response = await fetch(`${url}/tenants`, {
                method: "POST",
                headers: {
                    authorization: `Bearer ${token}`,
                    "content-type": "application/json",
                    "idempotency-key": randomUUID(),
                },
                body: JSON.stringify({
                    tenantId: `bench-${i}`,
                    tier: "pooled",
                    adminEmail: `ops@bench-${i}.example`,
                }),
            });
            if (response.status !== 202) throw new Error(`POST /tenants answered ${response.status}`);
            return performance.now() - start;
        };
        for (let i = 0; i < 10; i++) await post(100_000 + i);
        const times: number[] = [];
        for (let i = 0; i < requests; i++) times.push(await post(i));
        times.sort((a, b) => a - b);
        console.log(
            `control plane: POST /tenants over HTTP, ${requests} sequential signups (moto SQS FIFO + DynamoDB): p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`,
        );
        await app.close();
    } finally {
        sqs.destroy();
        dynamodb.destroy();
        await moto.close();
    }
}

async function signupsPerMinute(workers: number, tenants: number): Promise<void> {
    process.env.TENANT_TIERS_CONTROL_PLANE_DEV = "1";
    const dev = await startDevControlPlane({ port: 0, workers, log: () => undefined });
    try {
        const token = dev.issuer.token();
        const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
        const start = performance.now();
        const locations: string[] = [];
        for (let i = 0; i < tenants; i++) {
            const response = await fetch(`${dev.apiUrl}/tenants`, {
                method: "POST",
                headers,
                body: JSON.stringify({
                    tenantId: `bench-w${workers}-${i}`,
                    tier: "pooled",
                    adminEmail: `ops@b${i}.example`,
                }),
            });
            locations.push(response.headers.get("location") ?? "");
        }
        const open = new Set(locations);
        let failed = 0;
        while (open.size > 0) {
            await new Promise((r) => setTimeout(r, 500));
            for (const location of [...open]) {
                const record = (await (await fetch(`${dev.apiUrl}${location}`, { headers })).json()) as {
                    status: string;
                };
                if (record.status === "succeeded" || record.status === "failed") {
                    open.delete(location);
                    if (record.status === "failed") failed++;
                }
            }
        }
        const minutes = (performance.now() - start) / 60_000;
        console.log(
            `control plane: ${tenants} pooled signups through the API with ${workers} worker(s) on the real engine: ${(minutes * 60).toFixed(1)} s, ${(tenants / minutes).toFixed(1)} signups/min${failed > 0 ? ` (${failed} FAILED)` : ""}`,
        );
    } finally {
        await dev.close();
    }
}

export async function controlPlaneBench(
    requests: number,
    tenants: number,
    workers: readonly number[],
): Promise<void> {
    await signupLatency(requests);
    for (const n of workers) await signupsPerMinute(n, tenants);
}
