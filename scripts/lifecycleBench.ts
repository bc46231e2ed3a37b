/**
 * Lifecycle half of `npm run bench`: what the Automation API orchestration costs per signup when
 * the engine itself costs nothing (the fake Pulumi CLI answers at once), and how fast the tier-change
 * migration moves a partition on dynalite. A real `pulumi up` adds the CLI's own start-up and the
 * provider calls on top: these are the floor, not the total.
 */
import {
    BatchWriteItemCommand,
    CreateTableCommand,
    DescribeTableCommand,
    DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { signup } from "../automation/lifecycle/signup";
import { migrateTenantPartition, type MigrationRecord } from "../automation/migration/migrate";
import { tenantDataTableSchema } from "../components/shared/tenantDataSchema";
import { lifecycleHarness, specOf } from "../test/helpers/lifecycleHarness";
import { median } from "./median";

interface Dynalite {
    listen(port: number, host: string, callback: () => void): void;
    address(): { port: number };
    close(callback: () => void): void;
}
const dynalite = require("dynalite") as (options: Record<string, number>) => Dynalite;

async function signupOverhead(signups: number): Promise<void> {
    const h = lifecycleHarness();
    const first = performance.now();
    await signup({ spec: specOf("bench-warmup") }, h.deps());
    const cold = performance.now() - first;
    const calls = h.fake.calls.length;
    const times: number[] = [];
    for (let i = 0; i < signups; i++) {
        const start = performance.now();
        await signup({ spec: specOf(`bench-${i}`) }, h.deps());
        times.push(performance.now() - start);
    }
    const again = performance.now();
    await signup({ spec: specOf("bench-0") }, h.deps());
    const noop = performance.now() - again;
    console.log("tenant lifecycle (Automation API + LocalWorkspace, fake Pulumi CLI)");
    console.log(
        `  signup, first:        ${cold.toFixed(1)} ms (loads the tenant program and @pulumi/aws unless already loaded)`,
    );
    console.log(
        `  signup, median of ${signups}: ${median(times).toFixed(1)} ms orchestration per signup (${calls} CLI calls, 2 gRPC servers)`,
    );
    console.log(`  repeated signup:      ${noop.toFixed(1)} ms (no-op: stack select + config read)`);
}

async function migrationThroughput(items: number): Promise<void> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${server.address().port}`,
        region: "eu-west-1",
        credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    });
    try {
        const schema = tenantDataTableSchema();
        for (const table of ["bench-pooled", "bench-premium"]) {
            await client.send(
                new CreateTableCommand({
                    TableName: table,
                    BillingMode: "PAY_PER_REQUEST",
                    AttributeDefinitions: [schema.hashKey, schema.rangeKey].map((name) => ({
                        AttributeName: name,
                        AttributeType: "S",
                    })),
                    KeySchema: [
                        { AttributeName: schema.hashKey, KeyType: "HASH" },
                        { AttributeName: schema.rangeKey, KeyType: "RANGE" },
                    ],
                }),
            );
            for (;;) {
                const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
                if (Table?.TableStatus === "ACTIVE") break;
            }
        }
        for (let i = 0; i < items; i += 25) {
            const batch = Array.from({ length: Math.min(25, items - i) }, (_, j) => ({
                PutRequest: {
                    Item: {
                        tenantId: { S: "bench" },
                        sk: { S: `item#${String(i + j).padStart(6, "0")}` },
                        body: { S: "x".repeat(200) },
                        amount: { N: String(i + j) },
                    },
                },
            }));
            await client.send(new BatchWriteItemCommand({ RequestItems: { "bench-pooled": batch } }));
        }
        let record: MigrationRecord | undefined;
        const start = performance.now();
        const result = await migrateTenantPartition(
            {
                tenantId: "bench",
                sourceTable: "bench-pooled",
                targetTable: "bench-premium",
                direction: "pooled-to-premium",
            },
            {
                client,
                progress: { get: async () => record, put: async (r) => void (record = r) },
                switchRegistry: async () => undefined,
            },
        );
        const seconds = (performance.now() - start) / 1000;
        console.log(
            `  migration on dynalite: ${result.count} items (~250 B each) copied, verified, cleaned in ${seconds.toFixed(2)} s: ${Math.round(result.count / seconds)} items/s end to end`,
        );
    } finally {
        client.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}

/** Prints the lifecycle figures: `signups` timed signups, a migration of `items` items. */
export async function lifecycleBench(signups: number, items: number): Promise<void> {
    await signupOverhead(signups);
    await migrationThroughput(items);
}
