/**
 * The tier-change fixture: a fresh dynalite per test with the pooled table seeded (130 items of
 * `acme`, neighbours `acme2` and `ac`), a lifecycle DynamoDB client that records its commands and
 * fails a chosen BatchWriteItem once, and a fake engine whose premium `up` creates the premium
 * table the way `TenantStore` would.
 */
import {
    type AttributeValue,
    BatchWriteItemCommand,
    DescribeTableCommand,
    type DynamoDBClient,
    QueryCommand,
    ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { afterEach, beforeEach, expect } from "vitest";
import { partitionDigest } from "../../automation/migration/migrate";
import { premiumTableName } from "../../components/shared/tenantNaming";
import type { TenantSpec } from "../../tiers/tenantSpec";
import {
    createTenantDataTable,
    dynamoClient,
    type Emulator,
    startDynalite,
} from "../runtime/support/emulators";
import { type Harness, lifecycleHarness, POOLED_TABLE, RECORD_KEY, SPEC_KEY } from "./lifecycleHarness";

export type Item = Record<string, AttributeValue>;
export const PREMIUM_TABLE = premiumTableName("dev", "acme");
const pad = (i: number) => String(i).padStart(3, "0");
export const itemsOf = (tenantId: string, count: number): Item[] =>
    Array.from({ length: count }, (_, i) => ({
        tenantId: { S: tenantId },
        sk: { S: `item#${pad(i)}` },
        gsi1sk: { S: `status#${i % 2 === 0 ? "open" : "closed"}` },
        amount: { N: `${i}.25` },
        tags: { SS: [`t${i % 5}`, "all"] },
        blob: { B: Uint8Array.from([i % 256, 7]) },
    }));
const ACME = itemsOf("acme", 130);
export const ACME_DIGEST = partitionDigest(ACME);

let dynalite: Emulator;
let admin: DynamoDBClient;
/** Commands the lifecycle's DynamoDB client sent, by name. */
export let sent: string[];
/** Fails the n-th BatchWriteItem of the given kind once (0: never). */
export let batchFault: { kind: "PutRequest" | "DeleteRequest"; nth: number };

async function waitActive(table: string) {
    for (;;) {
        const { Table } = await admin.send(new DescribeTableCommand({ TableName: table }));
        if (Table?.TableStatus === "ACTIVE") return;
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

async function put(table: string, items: Item[]) {
    for (let i = 0; i < items.length; i += 25) {
        await admin.send(
            new BatchWriteItemCommand({
                RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
            }),
        );
    }
}

export async function partition(table: string, tenantId: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
        const out = await admin.send(
            new QueryCommand({
                TableName: table,
                KeyConditionExpression: "tenantId = :t",
                ExpressionAttributeValues: { ":t": { S: tenantId } },
                ExclusiveStartKey: start,
            }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
}

/** A client whose BatchWriteItem fails as `batchFault` says, recording every command. */
function lifecycleClient(): DynamoDBClient {
    const client = dynamoClient(dynalite.endpoint);
    const counts = { PutRequest: 0, DeleteRequest: 0 };
    client.middlewareStack.add(
        (next, context) => async (args) => {
            sent.push(context.commandName ?? "");
            if (context.commandName === "BatchWriteItemCommand") {
                const input = args.input as { RequestItems?: Record<string, { PutRequest?: unknown }[]> };
                const first = Object.values(input.RequestItems ?? {})[0]?.[0];
                const kind = first?.PutRequest !== undefined ? "PutRequest" : "DeleteRequest";
                counts[kind]++;
                if (kind === batchFault.kind && counts[kind] === batchFault.nth)
                    throw new Error(`injected ${kind} fault`);
            }
            return next(args);
        },
        { step: "initialize", name: "faultInjection" },
    );
    return client;
}

/** Tiers and states of every up, in order. */
export let ups: string[];

export function harness(): Harness {
    return lifecycleHarness({
        aws: { dynamodb: lifecycleClient() },
        onUp: async (spec: TenantSpec) => {
            ups.push(`${spec.tier}/${spec.status}`);
            if (spec.tier !== "premium") return;
            // What PremiumTenant's TenantStore creates (and a retained table stays).
            try {
                await createTenantDataTable(dynalite.endpoint, PREMIUM_TABLE);
            } catch (error) {
                if (!(error instanceof ResourceInUseException)) throw error;
            }
            await waitActive(PREMIUM_TABLE);
        },
    });
}

export const input = (tier: string) => ({ tenantId: "acme", environment: "dev", tier });

/** Registers the per-test setup and teardown. */
export function useTierChangeFixture(): void {
    beforeEach(async () => {
        dynalite = await startDynalite();
        admin = dynamoClient(dynalite.endpoint);
        sent = [];
        ups = [];
        batchFault = { kind: "PutRequest", nth: 0 };
        await createTenantDataTable(dynalite.endpoint, POOLED_TABLE);
        await waitActive(POOLED_TABLE);
        await put(POOLED_TABLE, [...ACME, ...itemsOf("acme2", 3), ...itemsOf("ac", 2)]);
    });

    afterEach(async () => {
        admin.destroy();
        await dynalite.close();
    });
}

export async function expectUpgraded(h: Harness) {
    expect(partitionDigest(await partition(PREMIUM_TABLE, "acme"))).toEqual(ACME_DIGEST);
    expect(await partition(POOLED_TABLE, "acme")).toEqual([]);
    expect(await partition(POOLED_TABLE, "acme2")).toHaveLength(3);
    expect(await partition(POOLED_TABLE, "ac")).toHaveLength(2);
    const config = h.fake.stacks.get("dev-acme")?.config ?? {};
    expect(JSON.parse(config[SPEC_KEY] ?? "")).toMatchObject({ tier: "premium", status: "active" });
    const record = JSON.parse(config[RECORD_KEY] ?? "");
    expect(record).toMatchObject({
        operation: "change-tier",
        step: "done",
        fromTier: "pooled",
        toTier: "premium",
        tables: { sourceTable: POOLED_TABLE, targetTable: PREMIUM_TABLE },
    });
    expect(record.migration).toMatchObject({ step: "done", verified: ACME_DIGEST });
    expect(sent).not.toContain("ScanCommand");
}

/** Fails the `nth` BatchWriteItem of `kind` once. */
export function failBatch(kind: "PutRequest" | "DeleteRequest", nth: number): void {
    batchFault = { kind, nth };
}
