/**
 * The real engine's floor: `pulumi up` of the platform (first and no-op), one pooled signup end to
 * end through the tenant CLI, and `signup-batch` of pooled tenants at several concurrencies, all on
 * the real Pulumi CLI with the aws provider double (zero cloud latency). What a user waits for on
 * top of AWS's own latency is at least this.
 */
import fs from "node:fs";
import path from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readStamp } from "../engine/location";
import { Sandbox } from "../engine/sandbox";

interface Dynalite {
    listen(port: number, host: string, callback: () => void): void;
    address(): { port: number };
    close(callback: () => void): void;
}
const dynalite = require("dynalite") as (options: Record<string, number>) => Dynalite;

/**
 * The platform's registry on dynalite: every signup reads it for a tombstone of its id before it
 * creates anything (a real DynamoDB GetItem per signup, as in AWS).
 */
async function registryOnDynalite(
    tableName: string,
): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${server.address().port}`;
    const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
    const client = new DynamoDBClient({ endpoint, region: "eu-west-1", credentials });
    await client.send(
        new CreateTableCommand({
            TableName: tableName,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "tenantId", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "tenantId", KeyType: "HASH" }],
        }),
    );
    client.destroy();
    return {
        env: {
            AWS_ENDPOINT_URL_DYNAMODB: endpoint,
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        },
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

function seconds(start: number): number {
    return (performance.now() - start) / 1000;
}

function must(result: { code: number; stderr: string }, what: string): void {
    if (result.code !== 0)
        throw new Error(`${what} failed (exit ${result.code}): ${result.stderr.slice(-2000)}`);
}

export async function engineBench(batch: number, concurrencies: readonly number[]): Promise<void> {
    console.log("real engine (pulumi CLI + Node.js language host, aws provider double: no cloud latency)");
    if (readStamp() === undefined) {
        console.log("  skipped: run npm run engine:install first");
        return;
    }
    const sandbox = new Sandbox("bench");
    let registry: Awaited<ReturnType<typeof registryOnDynalite>> | undefined;
    try {
        const platform = sandbox.platformProject();
        let start = performance.now();
        must(sandbox.pulumi(["up", "-s", "dev", "--yes", "--skip-preview"], platform), "platform up");
        console.log(`  platform up, first:    ${seconds(start).toFixed(1)} s`);
        start = performance.now();
        must(sandbox.pulumi(["up", "-s", "dev", "--yes"], platform), "platform no-op up");
        console.log(
            `  platform up, no-op:    ${seconds(start).toFixed(1)} s (preview + update, nothing changed)`,
        );

        const outputs = JSON.parse(
            sandbox.pulumi(["stack", "output", "-s", "dev", "--json"], platform).stdout,
        ) as {
            registryTableName: string;
        };
        registry = await registryOnDynalite(outputs.registryTableName);
        const workDir = path.join(sandbox.root, "tenants");
        fs.mkdirSync(workDir);
        start = performance.now();
        must(
            await sandbox.tenant(
                [
                    "signup",
                    "bench-one",
                    "--tier",
                    "pooled",
                    "--admin-email",
                    "ops@bench.example",
                    "-e",
                    "dev",
                    "--work-dir",
                    workDir,
                ],
                registry.env,
            ),
            "signup",
        );
        console.log(
            `  one pooled signup:     ${seconds(start).toFixed(1)} s end to end (tenant CLI, policy pack, 6 resources)`,
        );

        for (const concurrency of concurrencies) {
            const tenants = Array.from({ length: batch }, (_, i) => ({
                tenantId: `b${concurrency}-t${String(i + 1).padStart(3, "0")}`,
                tier: "pooled",
                adminEmail: `ops${i + 1}@bench.example`,
            }));
            const file = path.join(sandbox.root, `batch-${concurrency}.json`);
            fs.writeFileSync(file, JSON.stringify(tenants));
            start = performance.now();
            must(
                await sandbox.tenant(
                    [
                        "signup-batch",
                        file,
                        "--concurrency",
                        String(concurrency),
                        "-e",
                        "dev",
                        "--work-dir",
                        workDir,
                    ],
                    registry.env,
                ),
                `signup-batch at concurrency ${concurrency}`,
            );
            const elapsed = seconds(start);
            console.log(
                `  signup-batch of ${batch}, concurrency ${concurrency}: ${elapsed.toFixed(1)} s, ${((batch / elapsed) * 60).toFixed(1)} signups/min`,
            );
        }
    } finally {
        await registry?.close();
        sandbox.dispose();
    }
}
