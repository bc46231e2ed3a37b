/**
 * The tier-change fixture: a fresh dynalite per test with the pooled table seeded (130 items of
 * `acme`, neighbours `acme2` and `ac`), a lifecycle DynamoDB client that records its commands and
 * fails a chosen BatchWriteItem once, and a fake engine whose premium `up` creates the premium
 * table the way `TenantStore` would. Objects live in moto's S3 (one server per test file, reset per
 * test): the versioned shared bucket holds 12 `acme` objects (one with an older version, one deleted
 * key) and a neighbour's; a premium `up` creates the tenant's versioned bucket.
 */
import {
    type AttributeValue,
    BatchWriteItemCommand,
    DescribeTableCommand,
    type DynamoDBClient,
    QueryCommand,
    ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import { createHash } from "node:crypto";
import {
    CreateBucketCommand,
    GetObjectCommand,
    ListObjectVersionsCommand,
    DeleteObjectCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import { type Moto, startMoto } from "../engine/support/moto";
import { partitionDigest } from "../../automation/migration/migrate";
import { premiumTableName } from "../../components/shared/tenantNaming";
import type { TenantSpec } from "../../tiers/tenantSpec";
import {
    createTenantDataTable,
    dynamoClient,
    type Emulator,
    s3Client,
    startDynalite,
} from "../runtime/support/emulators";
import {
    type Harness,
    lifecycleHarness,
    POOLED_TABLE,
    RECORD_KEY,
    SHARED_BUCKET,
    SPEC_KEY,
    tenantKeyArn,
    tenantOutputs,
} from "./lifecycleHarness";

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
let moto: Moto;
/** An S3 client of the test file's moto server. */
export let s3: S3Client;
export const PREMIUM_BUCKET = String(
    tenantOutputs({ tenantId: "acme", tier: "premium" } as TenantSpec).bucketName,
);
/** `acme`'s current objects in the shared bucket, by key. */
export const ACME_OBJECTS: Readonly<Record<string, string>> = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`acme/doc-${pad(i)}.json`, `{"doc":${i}}`]),
);

const sha = (data: string) => createHash("sha256").update(data).digest("hex");
/** The object digest of {@link ACME_OBJECTS}, computed here from its definition (sum of SHA-256(key NUL SHA-256(body)) mod 2^256). */
export const ACME_OBJECTS_CHECKSUM = (
    Object.entries(ACME_OBJECTS).reduce(
        (sum, [key, body]) => sum + BigInt(`0x${sha(`${key}\0${sha(body)}`)}`),
        0n,
    ) &
    ((1n << 256n) - 1n)
)
    .toString(16)
    .padStart(64, "0");

/** Current bodies and encryption key of `tenantId`'s objects in `bucketName`, and its count of versions and markers. */
export async function objectsIn(bucketName: string, prefix = "acme/") {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucketName, Prefix: prefix }));
    const current: Record<string, { body: string; key?: string }> = {};
    for (const v of listed.Versions ?? []) {
        if (v.IsLatest !== true || v.Key === undefined) continue;
        const out = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: v.Key }));
        current[v.Key] = { body: (await out.Body?.transformToString()) ?? "", key: out.SSEKMSKeyId };
    }
    return { current, versions: listed.Versions?.length ?? 0, markers: listed.DeleteMarkers?.length ?? 0 };
}

/** {@link ACME_OBJECTS} as {@link objectsIn} reports them when encrypted under `kmsKeyArn`. */
export const acmeObjectsUnder = (kmsKeyArn: string) =>
    Object.fromEntries(Object.entries(ACME_OBJECTS).map(([k, body]) => [k, { body, key: kmsKeyArn }]));

async function bucket(name: string): Promise<void> {
    await s3.send(
        new CreateBucketCommand({
            Bucket: name,
            CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
    );
    await s3.send(
        new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }),
    );
}
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
        aws: { dynamodb: lifecycleClient(), s3 },
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
            await bucket(PREMIUM_BUCKET).catch((error: { name?: string }) => {
                if (error.name !== "BucketAlreadyOwnedByYou") throw error;
            });
        },
    });
}

export const input = (tier: string) => ({ tenantId: "acme", environment: "dev", tier });

/** Registers the per-test setup and teardown. */
export function useTierChangeFixture(): void {
    beforeAll(async () => {
        moto = await startMoto();
        s3 = s3Client(moto.endpoint);
    }, 60_000);
    afterAll(async () => {
        s3?.destroy();
        await moto?.close();
    });
    beforeEach(async () => {
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        await bucket(SHARED_BUCKET);
        for (const [key, body] of Object.entries(ACME_OBJECTS)) {
            await s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: key, Body: body }));
        }
        await s3.send(
            new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/doc-000.json", Body: '{"doc":0}' }),
        );
        await s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/gone.txt", Body: "gone" }));
        await s3.send(new DeleteObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/gone.txt" }));
        await s3.send(
            new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme2/doc.json", Body: "neighbour" }),
        );
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
    expect(await objectsIn(PREMIUM_BUCKET)).toEqual({
        current: acmeObjectsUnder(tenantKeyArn("acme")),
        versions: expect.any(Number),
        markers: 0,
    });
    expect(await objectsIn(SHARED_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
    expect((await objectsIn(SHARED_BUCKET, "acme2/")).current).toEqual({
        "acme2/doc.json": { body: "neighbour" },
    });
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
