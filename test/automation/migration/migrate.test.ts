import type { AddressInfo } from "node:net";
import {
    type AttributeValue,
    CreateTableCommand,
    DeleteItemCommand,
    DescribeTableCommand,
    DynamoDBClient,
    PutItemCommand,
    QueryCommand,
    ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, type NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
    type MigrationDeps,
    type MigrationDirection,
    type MigrationEvent,
    MigrationInterruptedError,
    type MigrationPhase,
    type MigrationProgressStore,
    type MigrationRecord,
    type MigrationStep,
    MigrationVerificationError,
    migrateTenantPartition,
    partitionDigest,
    SourceChangedAfterVerificationError,
    SourceNotEmptyError,
    TargetPartitionConflictError,
} from "../../../automation/migration/migrate";
import { tenantDataCreateTableInput } from "../../../components/shared/tenantDataSchema";

// dynalite ships no type declarations: this is the part of its API these tests use.
interface DynaliteServer {
    listen(port: number, host: string, callback: (error?: Error) => void): void;
    close(callback: (error?: Error) => void): void;
    address(): AddressInfo | string | null;
}
const dynalite = require("dynalite") as (options: Record<string, number>) => DynaliteServer;

type Item = Record<string, AttributeValue>;

const TENANT = "acme";
const NEIGHBOURS = ["acme2", "ac"] as const;
const ACME_ITEMS = 130;
const ACME_CHECKSUM = "90ed2a3beee5b8199d56ac7596095c1131bc1840cd59468a5051470631f37c14";
const PAGE = 20;
const NOW = new Date("2025-01-02T03:04:05.000Z");

let server: DynaliteServer;
let endpoint: string;
let admin: DynamoDBClient;
let tableCounter = 0;

const newClient = () =>
    new DynamoDBClient({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });

beforeAll(async () => {
    server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve, reject) =>
        server.listen(0, "127.0.0.1", (error) => (error ? reject(error) : resolve())),
    );
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("dynalite has no TCP address");
    endpoint = `http://127.0.0.1:${address.port}`;
    admin = newClient();
});

afterAll(async () => {
    admin.destroy();
    await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
    );
});

async function createTenantTable(name: string): Promise<void> {
    await admin.send(new CreateTableCommand(tenantDataCreateTableInput(name)));
    for (;;) {
        const { Table } = await admin.send(new DescribeTableCommand({ TableName: name }));
        if (Table?.TableStatus === "ACTIVE") return;
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

const pad = (i: number) => String(i).padStart(3, "0");

/** Items of a tenant, as an application would write them through the document client. */
function appItems(tenantId: string, count: number): Record<string, NativeAttributeValue>[] {
    return Array.from({ length: count }, (_, i) => ({
        tenantId,
        sk: `item#${pad(i)}`,
        gsi1sk: `status#${i % 2 === 0 ? "open" : "closed"}#${pad(i)}`,
        title: `Order ${i} of ${tenantId}`,
        amount: i * 1.25,
        paid: i % 3 === 0,
        tags: new Set([`t${i % 5}`, "all"]),
        lines: [{ sku: `sku-${i}`, qty: i % 7 }],
        meta: { createdBy: "seed", archivedAt: null },
    }));
}

/** One item of every attribute type, written raw: a number that a JavaScript number would round. */
const typesItem = (tenantId: string): Item => ({
    tenantId: { S: tenantId },
    sk: { S: "types#all" },
    big: { N: "12345678901234567890.123456789" },
    bin: { B: Uint8Array.from([0, 1, 2, 255]) },
    ss: { SS: ["b", "a"] },
    ns: { NS: ["10", "9.5", "-1"] },
    bs: { BS: [Uint8Array.from([2]), Uint8Array.from([1])] },
    nul: { NULL: true },
    bool: { BOOL: false },
    list: { L: [{ S: "x" }, { N: "1" }, { L: [] }] },
    map: { M: { "10": { S: "ten" }, "2": { S: "two" }, nested: { M: { deep: { L: [] } } } } },
});

async function seed(table: string, items: Record<string, NativeAttributeValue>[]): Promise<void> {
    const doc = DynamoDBDocumentClient.from(admin);
    for (let i = 0; i < items.length; i += 25) {
        await doc.send(
            new BatchWriteCommand({
                RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
            }),
        );
    }
}

/** 128 app items, a ~350 KB item and an item of every type: 130 items. */
async function seedAcme(table: string): Promise<void> {
    await seed(table, [
        ...appItems(TENANT, 128),
        { tenantId: TENANT, sk: "blob#big", gsi1sk: "blob", body: "x".repeat(350 * 1024) },
    ]);
    await admin.send(new PutItemCommand({ TableName: table, Item: typesItem(TENANT) }));
}

/** A raw, consistent read of one partition, written independently of the library under test. */
async function readPartition(table: string, tenantId: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
        const out = await admin.send(
            new QueryCommand({
                TableName: table,
                KeyConditionExpression: "tenantId = :t",
                ExpressionAttributeValues: { ":t": { S: tenantId } },
                ConsistentRead: true,
                ExclusiveStartKey: start,
            }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
}

async function tableCount(table: string): Promise<number> {
    const out = await admin.send(
        new ScanCommand({ TableName: table, Select: "COUNT", ConsistentRead: true }),
    );
    return out.Count ?? -1;
}

interface Fixture {
    readonly pooled: string;
    readonly premium: string;
    /** Partitions as seeded: acme's, and every neighbour's in both tables. */
    readonly acme: Item[];
    readonly neighbours: Record<string, Item[]>;
}

/** A fresh pooled/premium pair: acme and its neighbours in the pooled table, neighbours in the premium one. */
async function fixture(): Promise<Fixture> {
    const n = ++tableCounter;
    const pooled = `pooled-data-${n}`;
    const premium = `premium-data-${n}`;
    await createTenantTable(pooled);
    await createTenantTable(premium);
    await seedAcme(pooled);
    await seed(pooled, [...appItems("acme2", 5), ...appItems("ac", 3)]);
    // The neighbours also own items under the same sort keys in the other table, with other content.
    await seed(
        premium,
        [...appItems("acme2", 2), ...appItems("ac", 1)].map((i) => ({ ...i, title: "premium copy" })),
    );
    const neighbours: Record<string, Item[]> = {};
    for (const table of [pooled, premium]) {
        for (const id of NEIGHBOURS) neighbours[`${table}/${id}`] = await readPartition(table, id);
    }
    return { pooled, premium, acme: await readPartition(pooled, TENANT), neighbours };
}

async function expectNeighboursUntouched(f: Fixture): Promise<void> {
    for (const table of [f.pooled, f.premium]) {
        for (const id of NEIGHBOURS) {
            expect(await readPartition(table, id)).toEqual(f.neighbours[`${table}/${id}`]);
        }
    }
    expect(f.neighbours[`${f.pooled}/acme2`]).toHaveLength(5);
    expect(f.neighbours[`${f.pooled}/ac`]).toHaveLength(3);
    expect(f.neighbours[`${f.premium}/acme2`]).toHaveLength(2);
    expect(f.neighbours[`${f.premium}/ac`]).toHaveLength(1);
}

/** acme is wholly in `target`, item for item, nowhere in `source`; no table holds anything else. */
async function expectMoved(f: Fixture, source: string, target: string): Promise<void> {
    expect(await readPartition(source, TENANT)).toEqual([]);
    const moved = await readPartition(target, TENANT);
    expect(moved).toEqual(f.acme);
    expect(partitionDigest(moved)).toEqual({ count: ACME_ITEMS, checksum: ACME_CHECKSUM });
    await expectNeighboursUntouched(f);
    expect(await tableCount(f.pooled)).toBe((source === f.pooled ? 0 : ACME_ITEMS) + 5 + 3);
    expect(await tableCount(f.premium)).toBe((source === f.premium ? 0 : ACME_ITEMS) + 2 + 1);
}

class MemoryStore implements MigrationProgressStore {
    readonly puts: MigrationRecord[] = [];
    gets = 0;
    constructor(
        public record: MigrationRecord | undefined = undefined,
        public fault?: { readonly put: number; readonly mode: "before-write" | "after-write" },
        /** Runs, awaited, before each write: stands in for another writer acting at that moment. */
        public onPut?: (record: MigrationRecord) => Promise<void>,
    ) {}

    async get(): Promise<MigrationRecord | undefined> {
        this.gets++;
        return this.record;
    }

    async put(record: MigrationRecord): Promise<void> {
        await this.onPut?.(record);
        this.puts.push(record);
        const n = this.puts.length;
        if (this.fault?.put === n && this.fault.mode === "before-write")
            throw new Error(`store down at put ${n}`);
        this.record = record;
        if (this.fault?.put === n && this.fault.mode === "after-write")
            throw new Error(`crash after put ${n}`);
    }
}

/** A client that records every command (and the table it names) and fails the ones `fault` picks. */
function instrumentedClient(fault?: (command: string, table: string | undefined) => boolean) {
    const client = newClient();
    const calls: string[] = [];
    client.middlewareStack.add(
        (next, context) => async (args) => {
            const command = context.commandName ?? "unknown";
            const input: object = args.input;
            const table =
                "TableName" in input && typeof input.TableName === "string"
                    ? input.TableName
                    : "RequestItems" in input &&
                        typeof input.RequestItems === "object" &&
                        input.RequestItems !== null
                      ? Object.keys(input.RequestItems)[0]
                      : undefined;
            calls.push(`${command} ${table}`);
            if (fault?.(command, table)) throw new Error(`injected ${command} failure`);
            return next(args);
        },
        { step: "initialize", name: "recordAndInjectFaults" },
    );
    return { client, calls };
}

function harness(store = new MemoryStore(), overrides: Partial<MigrationDeps> = {}) {
    const events: MigrationEvent[] = [];
    const counts = { switches: 0 };
    const deps: MigrationDeps = {
        client: newClient(),
        progress: store,
        switchRegistry: async () => {
            counts.switches++;
        },
        onProgress: (event) => events.push(event),
        pageSize: PAGE,
        now: () => NOW,
        ...overrides,
    };
    return { deps, store, events, counts };
}

const spec = (f: Fixture, direction: MigrationDirection = "pooled-to-premium") =>
    direction === "pooled-to-premium"
        ? { tenantId: TENANT, sourceTable: f.pooled, targetTable: f.premium, direction }
        : { tenantId: TENANT, sourceTable: f.premium, targetTable: f.pooled, direction };

async function rejection(promise: Promise<unknown>): Promise<Error> {
    const error: unknown = await promise.then(
        () => undefined,
        (e: unknown) => e,
    );
    if (!(error instanceof Error)) throw new Error("expected the migration to fail");
    return error;
}

const putItem = (table: string, item: Item) =>
    admin.send(new PutItemCommand({ TableName: table, Item: item }));
const stray = (sk: string): Item => ({
    tenantId: { S: TENANT },
    sk: { S: sk },
    note: { S: "not from the migration" },
});

/** Progress records of a clean run with pages of 20: 130 items are 7 pages each way. */
const CLEAN_RUN_STEPS: readonly MigrationStep[] = [
    ...Array<MigrationStep>(8).fill("copying"),
    "verified",
    "switched",
    ...Array<MigrationStep>(8).fill("cleaning"),
    "done",
];
const PAGE_ITEMS = [20, 20, 20, 20, 20, 20, 10] as const;
const pageAt = (index: number): number => PAGE_ITEMS[index] ?? Number.NaN;

describe("tenant partition migration on dynalite", () => {
    it("moves acme pooled → premium and back with exact counts, checksums, events and records", async () => {
        // Prepare
        const f = await fixture();
        expect(partitionDigest(f.acme)).toEqual({ count: ACME_ITEMS, checksum: ACME_CHECKSUM });
        const h = harness();

        // Act
        const result = await migrateTenantPartition(spec(f), h.deps);

        // Assert
        expect(result).toEqual({
            ...spec(f),
            count: ACME_ITEMS,
            checksum: ACME_CHECKSUM,
            copied: ACME_ITEMS,
            deleted: ACME_ITEMS,
            resumedFrom: undefined,
        });
        await expectMoved(f, f.pooled, f.premium);
        const moved = await readPartition(f.premium, TENANT);
        expect(moved.find((i) => i.sk?.S === "types#all")?.big).toEqual({
            N: "12345678901234567890.123456789",
        });
        expect(h.counts.switches).toBe(1);
        let copied = 0;
        let deleted = 0;
        expect(h.events).toEqual([
            ...PAGE_ITEMS.map((items, i) => ({
                type: "page-copied",
                page: i + 1,
                items,
                copied: (copied += items),
            })),
            { type: "verifying" },
            { type: "verified", count: ACME_ITEMS, checksum: ACME_CHECKSUM },
            { type: "switching" },
            { type: "switched" },
            { type: "cleaning" },
            ...PAGE_ITEMS.map((items, i) => ({
                type: "page-deleted",
                page: i + 1,
                items,
                deleted: (deleted += items),
            })),
            {
                type: "done",
                count: ACME_ITEMS,
                checksum: ACME_CHECKSUM,
                copied: ACME_ITEMS,
                deleted: ACME_ITEMS,
            },
        ]);
        expect(h.store.puts.map((r) => r.step)).toEqual(CLEAN_RUN_STEPS);
        expect(h.store.record).toEqual({
            ...spec(f),
            step: "done",
            verified: { count: ACME_ITEMS, checksum: ACME_CHECKSUM },
            copied: ACME_ITEMS,
            deleted: ACME_ITEMS,
            updatedAt: "2025-01-02T03:04:05.000Z",
        });

        // Act: the reverse tier change, recorded in the same store (the finished record is replaced).
        const back = await migrateTenantPartition(spec(f, "premium-to-pooled"), harness(h.store).deps);

        // Assert
        expect(back).toEqual({
            ...spec(f, "premium-to-pooled"),
            count: ACME_ITEMS,
            checksum: ACME_CHECKSUM,
            copied: ACME_ITEMS,
            deleted: ACME_ITEMS,
            resumedFrom: undefined,
        });
        await expectMoved(f, f.premium, f.pooled);
        expect(h.store.puts).toHaveLength(2 * CLEAN_RUN_STEPS.length);
    });

    it("re-running a finished migration makes no DynamoDB call and returns the recorded result", async () => {
        const f = await fixture();
        const first = harness();
        await migrateTenantPartition(spec(f), first.deps);
        const { client, calls } = instrumentedClient();
        const again = harness(first.store, { client });

        const result = await migrateTenantPartition(spec(f), again.deps);

        expect(result).toEqual({
            ...spec(f),
            count: ACME_ITEMS,
            checksum: ACME_CHECKSUM,
            copied: ACME_ITEMS,
            deleted: ACME_ITEMS,
            resumedFrom: "done",
        });
        expect(calls).toEqual([]);
        expect(again.counts.switches).toBe(0);
        expect(first.store.puts).toHaveLength(CLEAN_RUN_STEPS.length);
        expect(again.events).toEqual([
            {
                type: "done",
                count: ACME_ITEMS,
                checksum: ACME_CHECKSUM,
                copied: ACME_ITEMS,
                deleted: ACME_ITEMS,
            },
        ]);
        await expectMoved(f, f.pooled, f.premium);
    });

    it("pages by DynamoDB's 1 MB response limit when no page size is given", async () => {
        const n = ++tableCounter;
        const [source, target] = [`pooled-big-${n}`, `premium-big-${n}`];
        await createTenantTable(source);
        await createTenantTable(target);
        const body = "y".repeat(350 * 1024);
        await seed(
            source,
            [0, 1, 2, 3, 4].map((i) => ({ tenantId: TENANT, sk: `blob#${i}`, body })),
        );
        const before = await readPartition(source, TENANT);
        const h = harness(new MemoryStore(), { pageSize: undefined });

        const result = await migrateTenantPartition(
            { tenantId: TENANT, sourceTable: source, targetTable: target, direction: "pooled-to-premium" },
            h.deps,
        );

        expect(h.events.filter((e) => e.type === "page-copied")).toEqual([
            { type: "page-copied", page: 1, items: 3, copied: 3 },
            { type: "page-copied", page: 2, items: 2, copied: 5 },
        ]);
        expect(result.count).toBe(5);
        expect(result.checksum).toBe(partitionDigest(before).checksum);
        expect(await readPartition(target, TENANT)).toEqual(before);
        expect(await readPartition(source, TENANT)).toEqual([]);
    });

    it("refuses, writing nothing, when the target holds acme items that are not copies of the source", async () => {
        const f = await fixture();
        const changed: Item = { ...(f.acme[5] ?? {}), title: { S: "edited in premium" } };
        await putItem(f.premium, changed);
        await putItem(f.premium, stray("zzz#old"));
        const { client, calls } = instrumentedClient();
        const h = harness(new MemoryStore(), { client });

        const error = await rejection(migrateTenantPartition(spec(f), h.deps));

        expect(error).toBeInstanceOf(TargetPartitionConflictError);
        expect(error.message).toBe(
            `table "${f.premium}" already holds tenant "acme" items that are not copies of the source: ` +
                `1 not in the source ["zzz#old"], 1 different from the source ["item#004"]; nothing was written. ` +
                `Back up and remove them (or point the migration at the right table), then re-run`,
        );
        expect(calls).toEqual([
            `QueryCommand ${f.premium}`,
            ...Array<string>(7).fill(`QueryCommand ${f.pooled}`),
        ]);
        expect(h.store.puts).toEqual([]);
        expect(h.counts.switches).toBe(0);
        expect(await readPartition(f.pooled, TENANT)).toEqual(f.acme);
        expect(await readPartition(f.premium, TENANT)).toEqual([changed, stray("zzz#old")]);
        await expectNeighboursUntouched(f);
    });

    it("starts over a target that already holds identical copies (a progress record was lost)", async () => {
        const f = await fixture();
        for (const item of f.acme.slice(10, 13)) await putItem(f.premium, item);
        const h = harness();

        const result = await migrateTenantPartition(spec(f), h.deps);

        expect(result).toMatchObject({
            count: ACME_ITEMS,
            checksum: ACME_CHECKSUM,
            copied: ACME_ITEMS,
            resumedFrom: undefined,
        });
        await expectMoved(f, f.pooled, f.premium);
    });

    it("fails verification when a stray item lands in the target during the copy; the re-run re-copies all", async () => {
        const f = await fixture();
        const store = new MemoryStore(undefined, undefined, async (record) => {
            if (record.step === "copying" && record.copied === 20)
                await putItem(f.premium, stray("zzz#stray"));
        });
        const h = harness(store);

        const error = await rejection(migrateTenantPartition(spec(f), h.deps));

        const withStray = partitionDigest([...f.acme, stray("zzz#stray")]);
        expect(error).toBeInstanceOf(MigrationVerificationError);
        expect(error).toMatchObject({
            source: { count: ACME_ITEMS, checksum: ACME_CHECKSUM },
            target: { count: 131, checksum: withStray.checksum },
        });
        expect(error.message).toBe(
            `tenant "acme" target partition does not match its source: source 130 items (checksum ${ACME_CHECKSUM}), ` +
                `target 131 items (checksum ${withStray.checksum}). The registry was not switched and nothing was ` +
                `deleted; a re-run copies the whole partition again. If the target holds items the source does not, remove them first`,
        );
        expect(store.record).toEqual({
            ...spec(f),
            step: "copying",
            lastCopiedSk: undefined,
            copied: 130,
            deleted: 0,
            updatedAt: NOW.toISOString(),
        });
        expect(h.counts.switches).toBe(0);
        expect(await readPartition(f.pooled, TENANT)).toEqual(f.acme);

        // A re-run with the stray still there fails the same way; once it is removed, it finishes.
        store.onPut = undefined;
        await expect(migrateTenantPartition(spec(f), harness(store).deps)).rejects.toThrow(
            MigrationVerificationError,
        );
        await admin.send(
            new DeleteItemCommand({
                TableName: f.premium,
                Key: { tenantId: { S: TENANT }, sk: { S: "zzz#stray" } },
            }),
        );
        const again = harness(store);
        const result = await migrateTenantPartition(spec(f), again.deps);

        expect(result).toMatchObject({ copied: 3 * ACME_ITEMS, deleted: ACME_ITEMS, resumedFrom: "copying" });
        expect(again.counts.switches).toBe(1);
        await expectMoved(f, f.pooled, f.premium);
    });

    it("refuses to clean a source partition written after verification (a writer still on the old table)", async () => {
        const f = await fixture();
        const late = stray("aaa#late");
        const h = harness(new MemoryStore(), {
            switchRegistry: async () => {
                await putItem(f.pooled, late);
            },
        });

        const error = await rejection(migrateTenantPartition(spec(f), h.deps));

        expect(error).toBeInstanceOf(SourceChangedAfterVerificationError);
        const actual = partitionDigest([late, ...f.acme]);
        expect(error).toMatchObject({ verified: { count: ACME_ITEMS, checksum: ACME_CHECKSUM }, actual });
        expect(error.message).toBe(
            `tenant "acme" partition in "${f.pooled}" changed after it was verified (verified 130 items, checksum ${ACME_CHECKSUM}; ` +
                `now 131 items, checksum ${actual.checksum}): something still writes to the old table. Nothing was deleted; ` +
                `stop the writer, copy the changed items to the target by hand, then remove the source partition`,
        );
        expect(h.store.record?.step).toBe("switched");
        expect(await readPartition(f.pooled, TENANT)).toEqual([late, ...f.acme]);
        expect(await readPartition(f.premium, TENANT)).toEqual(f.acme);
        await expectNeighboursUntouched(f);
    });

    it("stops when an item is written to the source during cleaning; the re-run deletes it", async () => {
        const f = await fixture();
        const store = new MemoryStore(undefined, undefined, async (record) => {
            if (record.step === "cleaning" && record.deleted === 20)
                await putItem(f.pooled, stray("aaa#late"));
        });

        const error = await rejection(migrateTenantPartition(spec(f), harness(store).deps));

        expect(error).toBeInstanceOf(SourceNotEmptyError);
        expect(error.message).toBe(
            `tenant "acme" still has 1 item(s) in "${f.pooled}" after cleaning: something wrote to the old table during ` +
                `the cleanup. Inspect them; re-running the migration deletes them`,
        );
        expect(store.record).toMatchObject({ step: "cleaning", deleted: ACME_ITEMS });
        expect(await readPartition(f.pooled, TENANT)).toEqual([stray("aaa#late")]);

        store.onPut = undefined;
        const result = await migrateTenantPartition(spec(f), harness(store).deps);

        expect(result).toMatchObject({ deleted: ACME_ITEMS + 1, resumedFrom: "cleaning" });
        await expectMoved(f, f.pooled, f.premium);
    });
});

describe("crash and resume", () => {
    const PHASES: readonly MigrationPhase[] = [
        "starting",
        ...Array<MigrationPhase>(7).fill("copying"),
        "verifying",
        "switching",
        "checking-source",
        ...Array<MigrationPhase>(7).fill("cleaning"),
        "finishing",
    ];
    const cases = CLEAN_RUN_STEPS.flatMap((_, i) =>
        (["before-write", "after-write"] as const).map((mode) => ({ put: i + 1, mode })),
    );

    it.each(cases)(
        "progress store fails at put $put ($mode), then the re-run finishes exactly",
        async ({ put, mode }) => {
            // Prepare
            const f = await fixture();
            const store = new MemoryStore(undefined, { put, mode });
            const { client, calls } = instrumentedClient();
            const first = harness(store, { client });

            // Act
            const error = await rejection(migrateTenantPartition(spec(f), first.deps));
            store.fault = undefined;
            const second = harness(store, { client });
            const result = await migrateTenantPartition(spec(f), second.deps);

            // Assert
            const phase = PHASES[put - 1];
            const cause = mode === "before-write" ? `store down at put ${put}` : `crash after put ${put}`;
            expect(error).toBeInstanceOf(MigrationInterruptedError);
            expect(error).toMatchObject({ phase });
            expect(error.message).toBe(
                `migration of tenant "acme" stopped while ${phase}: Error: ${cause}. ` +
                    `Re-run the same migration to resume; nothing is lost or duplicated`,
            );
            const resumedFrom = mode === "after-write" ? CLEAN_RUN_STEPS[put - 1] : CLEAN_RUN_STEPS[put - 2];
            // A page written but not recorded is written again (one more batch), and counted once.
            const recopiedBatches = mode === "before-write" && put >= 2 && put <= 8 ? 1 : 0;
            const uncounted = mode === "before-write" && put >= 12 && put <= 18 ? pageAt(put - 12) : 0;
            expect(result).toEqual({
                ...spec(f),
                count: ACME_ITEMS,
                checksum: ACME_CHECKSUM,
                copied: ACME_ITEMS,
                deleted: ACME_ITEMS - uncounted,
                resumedFrom,
            });
            expect(first.counts.switches + second.counts.switches).toBe(
                put === 10 && mode === "before-write" ? 2 : 1,
            );
            expect(store.record?.step).toBe("done");
            expect(calls.filter((c) => c === `BatchWriteItemCommand ${f.premium}`)).toHaveLength(
                7 + recopiedBatches,
            );
            expect(calls.filter((c) => c === `BatchWriteItemCommand ${f.pooled}`)).toHaveLength(7);
            await expectMoved(f, f.pooled, f.premium);
        },
    );

    const table = (f: Fixture, which: "source" | "target") => (which === "source" ? f.pooled : f.premium);
    it.each([
        {
            what: "the 3rd put batch",
            phase: "copying",
            resumedFrom: "copying",
            fail: { command: "BatchWriteItemCommand", table: "target", nth: 3 },
        },
        {
            what: "the target query of verification",
            phase: "verifying",
            resumedFrom: "copying",
            fail: { command: "QueryCommand", table: "target", nth: 2 },
        },
        {
            what: "the 2nd delete batch",
            phase: "cleaning",
            resumedFrom: "cleaning",
            fail: { command: "BatchWriteItemCommand", table: "source", nth: 2 },
        },
    ] as const)(
        "DynamoDB fails on $what, then the re-run finishes exactly",
        async ({ phase, resumedFrom, fail }) => {
            const f = await fixture();
            let seen = 0;
            const { client } = instrumentedClient(
                (command, name) =>
                    command === fail.command && name === table(f, fail.table) && ++seen === fail.nth,
            );
            const first = harness(new MemoryStore(), { client });

            const error = await rejection(migrateTenantPartition(spec(f), first.deps));
            const second = harness(first.store);
            const result = await migrateTenantPartition(spec(f), second.deps);

            expect(error).toBeInstanceOf(MigrationInterruptedError);
            expect(error).toMatchObject({ phase, cause: { message: `injected ${fail.command} failure` } });
            expect(result).toMatchObject({
                count: ACME_ITEMS,
                checksum: ACME_CHECKSUM,
                copied: ACME_ITEMS,
                deleted: ACME_ITEMS,
                resumedFrom,
            });
            expect(first.counts.switches + second.counts.switches).toBe(1);
            await expectMoved(f, f.pooled, f.premium);
        },
    );

    it.each([
        { what: "checks the source before cleaning", phase: "checking-source", step: "switched", deleted: 0 },
        { what: "checks the source is empty", phase: "finishing", step: "cleaning", deleted: ACME_ITEMS },
    ] as const)(
        "DynamoDB fails on the query that $what, then the re-run finishes exactly",
        async ({ phase, step, deleted }) => {
            const f = await fixture();
            const store = new MemoryStore();
            const { client } = instrumentedClient(
                (command, name) =>
                    command === "QueryCommand" &&
                    name === f.pooled &&
                    store.record?.step === step &&
                    store.record.deleted === deleted,
            );
            const first = harness(store, { client });

            const error = await rejection(migrateTenantPartition(spec(f), first.deps));
            const result = await migrateTenantPartition(spec(f), harness(store).deps);

            expect(error).toMatchObject({ name: "MigrationInterruptedError", phase });
            expect(result).toMatchObject({
                count: ACME_ITEMS,
                checksum: ACME_CHECKSUM,
                copied: ACME_ITEMS,
                deleted: ACME_ITEMS,
                resumedFrom: step,
            });
            await expectMoved(f, f.pooled, f.premium);
        },
    );

    it("the registry switch fails, then the re-run switches again and finishes", async () => {
        const f = await fixture();
        let attempts = 0;
        const switchRegistry = async () => {
            if (++attempts === 1) throw new Error("registry table unavailable");
        };
        const store = new MemoryStore();

        const error = await rejection(
            migrateTenantPartition(spec(f), harness(store, { switchRegistry }).deps),
        );
        expect(error.message).toBe(
            `migration of tenant "acme" stopped while switching: Error: registry table unavailable. ` +
                `Re-run the same migration to resume; nothing is lost or duplicated`,
        );
        expect(store.record?.step).toBe("verified");
        expect(await readPartition(f.pooled, TENANT)).toEqual(f.acme);
        const result = await migrateTenantPartition(spec(f), harness(store, { switchRegistry }).deps);

        expect(attempts).toBe(2);
        expect(result).toMatchObject({ copied: ACME_ITEMS, deleted: ACME_ITEMS, resumedFrom: "verified" });
        await expectMoved(f, f.pooled, f.premium);
    });

    it("a crash mid-copy of premium → pooled resumes without touching the neighbours of either table", async () => {
        const f = await fixture();
        await migrateTenantPartition(spec(f), harness().deps);
        const store = new MemoryStore(undefined, { put: 4, mode: "before-write" });
        const { client, calls } = instrumentedClient();

        await expect(
            migrateTenantPartition(spec(f, "premium-to-pooled"), harness(store, { client }).deps),
        ).rejects.toThrow(MigrationInterruptedError);
        store.fault = undefined;
        const result = await migrateTenantPartition(
            spec(f, "premium-to-pooled"),
            harness(store, { client }).deps,
        );

        expect(calls.filter((c) => c === `BatchWriteItemCommand ${f.pooled}`)).toHaveLength(8);
        expect(result).toMatchObject({
            copied: ACME_ITEMS,
            deleted: ACME_ITEMS,
            resumedFrom: "copying",
        });
        await expectMoved(f, f.premium, f.pooled);
    });
});
