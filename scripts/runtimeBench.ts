/**
 * Runtime half of `npm run bench`: what the tenant plumbing costs per invocation, as a ratio to
 * one DynamoDB GetItem against dynalite measured in the same run (absolute timings depend on the
 * machine; ratios much less), and how often a tenant environment calls STS.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { createTelemetry } from "../runtime/telemetry";
import { tenantCredentials } from "../runtime/tenantCredentials";
import type { TenantData } from "../runtime/tenantData";
import { createTenantHandler } from "../runtime/tenantHandler";
import type { TenantContext } from "../runtime/tenantPin";
import { parseTenantId } from "../tiers/tenantId";
import { median } from "./median";

interface Dynalite {
    listen(port: number, host: string, callback: () => void): void;
    address(): { port: number };
    close(callback: () => void): void;
}
const dynalite = require("dynalite") as (options: Record<string, number>) => Dynalite;

const ROLE = "arn:aws:iam::123456789012:role/tenant-access";
const tenantId = parseTenantId("acme");

/** Median time of one call, in microseconds, after a warm-up. */
async function microseconds(runs: number, work: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < Math.min(50, runs); i++) await work();
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        await work();
        samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    return median(samples);
}

function mockedSts() {
    const sts = mockClient(STSClient);
    sts.on(AssumeRoleCommand).callsFake(() => ({
        Credentials: {
            AccessKeyId: "ASIABENCH",
            SecretAccessKey: "secret",
            SessionToken: "token",
            Expiration: new Date(Date.now() + 3600 * 1000),
        },
    }));
    return sts;
}

/** STS calls of one tenant environment invoked every 10 s for `hours` (clock simulated). */
async function stsCalls(hours: number): Promise<number> {
    const sts = mockedSts();
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
        const credentials = tenantCredentials({ tenantId, tenantAccessRoleArn: ROLE, region: "eu-west-1" });
        for (let t = 0; t < hours * 3600; t += 10) {
            now += 10_000;
            await credentials();
        }
        return sts.commandCalls(AssumeRoleCommand).length;
    } finally {
        Date.now = realNow;
        sts.restore();
    }
}

export async function runtimeBench(runs: number): Promise<void> {
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    process.env.AWS_ACCESS_KEY_ID ??= "ASIAEXECUTIONROLE";
    process.env.AWS_SECRET_ACCESS_KEY ??= "execution-role-secret";
    const server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
        const client = new DynamoDBClient({
            endpoint: `http://127.0.0.1:${server.address().port}`,
            region: "eu-west-1",
            credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
        });
        await client.send(
            new CreateTableCommand({
                TableName: "bench-items",
                BillingMode: "PAY_PER_REQUEST",
                AttributeDefinitions: [
                    { AttributeName: "tenantId", AttributeType: "S" },
                    { AttributeName: "sk", AttributeType: "S" },
                ],
                KeySchema: [
                    { AttributeName: "tenantId", KeyType: "HASH" },
                    { AttributeName: "sk", KeyType: "RANGE" },
                ],
            }),
        );
        const documents = DynamoDBDocumentClient.from(client);
        const key = { tenantId, sk: "ITEM#1" };
        await documents.send(new PutCommand({ TableName: "bench-items", Item: { ...key, name: "bench" } }));
        const getItem = await microseconds(runs, () =>
            documents.send(new GetCommand({ TableName: "bench-items", Key: key })),
        );

        const sts = mockedSts();
        const credentials = tenantCredentials({ tenantId, tenantAccessRoleArn: ROLE, region: "eu-west-1" });
        await credentials();
        const cacheHit = await microseconds(runs * 10, () => credentials());
        sts.restore();

        // The handler with its data stubbed out: pin, event checks, routing, telemetry calls.
        const noData = { items: { list: async () => ({ items: [] }) } } as unknown as TenantData;
        const handler = createTenantHandler({
            tier: "pooled",
            telemetry: createTelemetry("bench", "dev"),
            openData: () => noData,
        });
        const event = {
            httpMethod: "GET",
            resource: "/items",
            headers: {},
            queryStringParameters: null,
            requestContext: { authorizer: { tenantId } },
        } as unknown as APIGatewayProxyEvent;
        const context = { tenantId, awsRequestId: "bench" } as unknown as TenantContext;
        const plumbing = await microseconds(runs * 10, () => handler(event, context));

        const hours = 6;
        const calls = await stsCalls(hours);
        const fmt = (us: number) => `${us.toFixed(1)} µs`;
        console.log("runtime (medians; ratios to one GetItem on dynalite in this run)");
        console.log(`  GetItem on dynalite:            ${fmt(getItem)}`);
        console.log(
            `  credential cache hit:           ${fmt(cacheHit)}  (${(cacheHit / getItem).toFixed(4)} × GetItem)`,
        );
        console.log(
            `  handler tenant plumbing:        ${fmt(plumbing)}  (${(plumbing / getItem).toFixed(4)} × GetItem, logs silenced)`,
        );
        console.log(
            `  STS calls per tenant per hour:  ${(calls / hours).toFixed(2)}  (${calls} in ${hours} h of invocations every 10 s: one session per 55 min)`,
        );
    } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}
