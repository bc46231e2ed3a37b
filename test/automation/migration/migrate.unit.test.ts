import {
    type AttributeValue,
    BatchWriteItemCommand,
    DynamoDBClient,
    QueryCommand,
    type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
    backoffDelay,
    BatchRetriesExhaustedError,
    canonicalItemJson,
    EMPTY_CHECKSUM,
    ForeignItemError,
    InvalidMigrationSpecError,
    itemChecksum,
    type MigrationDeps,
    type MigrationDirection,
    type MigrationProgressStore,
    type MigrationRecord,
    MigrationRecordConflictError,
    type MigrationSpec,
    migrateTenantPartition,
    partitionDigest,
} from "../../../automation/migration/migrate";
import { InvalidTenantIdError, RESERVED_TENANT_IDS, TENANT_ID_RULE } from "../../../tiers/tenantId";

type Item = Record<string, AttributeValue>;

const SOURCE = "pooled-data";
const TARGET = "premium-acme";
const SPEC: MigrationSpec = {
    tenantId: "acme",
    sourceTable: SOURCE,
    targetTable: TARGET,
    direction: "pooled-to-premium",
};
const NOW = new Date("2025-01-02T03:04:05.000Z");

const acmeItem = (sk: string): Item => ({ tenantId: { S: "acme" }, sk: { S: sk }, v: { N: "1" } });
const put = (item: Item): WriteRequest => ({ PutRequest: { Item: item } });
const del = (sk: string): WriteRequest => ({
    DeleteRequest: { Key: { tenantId: { S: "acme" }, sk: { S: sk } } },
});

describe("item and partition checksum", () => {
    it("canonical JSON sorts attribute names at every level and set members, keeps type tags, encodes binary", () => {
        const item: Item = {
            tenantId: { S: "acme" },
            sk: { S: "types#all" },
            map: { M: { "2": { S: "two" }, "10": { S: "ten" }, a: { NULL: true } } },
            bin: { B: Uint8Array.from([0, 1, 2, 255]) },
            bs: { BS: [Uint8Array.from([2]), Uint8Array.from([1])] },
            ns: { NS: ["9.5", "10", "-1"] },
            ss: { SS: ["b", "a"] },
            list: { L: [{ BOOL: false }, { N: "1" }] },
        };

        expect(canonicalItemJson(item)).toBe(
            '{"bin":{"B":"AAEC/w=="},"bs":{"BS":["AQ==","Ag=="]},"list":{"L":[{"BOOL":false},{"N":"1"}]},' +
                '"map":{"M":{"10":{"S":"ten"},"2":{"S":"two"},"a":{"NULL":true}}},"ns":{"NS":["-1","10","9.5"]},' +
                '"sk":{"S":"types#all"},"ss":{"SS":["a","b"]},"tenantId":{"S":"acme"}}',
        );
    });

    it("an item's checksum is the SHA-256 of its canonical JSON (checked with sha256sum)", () => {
        expect(itemChecksum({ tenantId: { S: "acme" }, sk: { S: "a" } })).toBe(
            "11b6d6e764517c00483db07dc1e9532d5db68575b054628f2331c3db90d45c33",
        );
    });

    it("a partition's checksum is the sum of item checksums modulo 2^256, in any order", () => {
        const a = { tenantId: { S: "acme" }, sk: { S: "a" } };
        const b = { tenantId: { S: "acme" }, sk: { S: "b" }, n: { N: "1" } };
        const [k0, k2] = [
            { tenantId: { S: "acme" }, sk: { S: "k0" } },
            { tenantId: { S: "acme" }, sk: { S: "k2" } },
        ];

        expect(partitionDigest([])).toEqual({ count: 0, checksum: EMPTY_CHECKSUM });
        expect(partitionDigest([a, b])).toEqual({
            count: 2,
            checksum: "cd443de9e685754ba2fcb9a787d1a806c3d7b7fbe199ab7d1e2e9ce3945c7049",
        });
        expect(partitionDigest([b, a])).toEqual(partitionDigest([a, b]));
        // 3ec4… + d58c… overflows 256 bits (computed with Python integers).
        expect(partitionDigest([k0, k2]).checksum).toBe(
            "145104ef2dbc5e4506539a9807c5924ec51bf60f17510ad2036c3d319fd5f0a2",
        );
    });

    it.each<{ what: string; left: AttributeValue; right: AttributeValue }>([
        { what: "a number and a string", left: { N: "1" }, right: { S: "1" } },
        { what: "a number set and a string set", left: { NS: ["1"] }, right: { SS: ["1"] } },
        {
            what: "lists in another order",
            left: { L: [{ S: "a" }, { S: "b" }] },
            right: { L: [{ S: "b" }, { S: "a" }] },
        },
        { what: "false and NULL", left: { BOOL: false }, right: { NULL: true } },
    ])("tells $what apart", ({ left, right }) => {
        expect(itemChecksum({ v: left })).not.toBe(itemChecksum({ v: right }));
    });

    it.each<{ what: string; left: AttributeValue; right: AttributeValue }>([
        { what: "string set members", left: { SS: ["a", "b"] }, right: { SS: ["b", "a"] } },
        {
            what: "binary set members",
            left: { BS: [Uint8Array.from([1]), Uint8Array.from([2])] },
            right: { BS: [Uint8Array.from([2]), Uint8Array.from([1])] },
        },
        {
            what: "map attribute names",
            left: { M: { a: { S: "1" }, b: { S: "2" } } },
            right: { M: { b: { S: "2" }, a: { S: "1" } } },
        },
    ])("ignores the order of $what", ({ left, right }) => {
        expect(itemChecksum({ v: left })).toBe(itemChecksum({ v: right }));
    });
});

describe("backoff", () => {
    it.each([
        { retry: 1, base: 100, max: 5000, delay: 100 },
        { retry: 2, base: 100, max: 5000, delay: 200 },
        { retry: 3, base: 100, max: 5000, delay: 400 },
        { retry: 6, base: 100, max: 5000, delay: 3200 },
        { retry: 7, base: 100, max: 5000, delay: 5000 },
        { retry: 3, base: 0, max: 5000, delay: 0 },
    ])("retry $retry with base $base and ceiling $max waits $delay ms", ({ retry, base, max, delay }) => {
        expect(backoffDelay(retry, { baseDelayMs: base, maxDelayMs: max })).toBe(delay);
    });
});

class MemoryStore implements MigrationProgressStore {
    readonly puts: MigrationRecord[] = [];
    gets = 0;
    constructor(public record?: MigrationRecord) {}
    async get() {
        this.gets++;
        return this.record;
    }
    async put(record: MigrationRecord) {
        this.puts.push(record);
        this.record = record;
    }
}

describe("with a mocked DynamoDB client", () => {
    const client = new DynamoDBClient({
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const ddb = mockClient(client);
    let store: MemoryStore;
    let sleeps: number[];
    let switches: number;
    let deps: MigrationDeps;

    beforeEach(() => {
        ddb.reset();
        store = new MemoryStore();
        sleeps = [];
        switches = 0;
        deps = {
            client,
            progress: store,
            switchRegistry: async () => {
                switches++;
            },
            sleep: async (ms) => {
                sleeps.push(ms);
            },
            now: () => NOW,
        };
    });

    const batchInputs = () => ddb.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input);

    it("re-sends UnprocessedItems twice with delays of exactly 100 and 200 ms, then finishes", async () => {
        // Prepare
        const items = ["a", "b", "c"].map(acmeItem);
        ddb.on(QueryCommand, { TableName: TARGET }).resolvesOnce({ Items: [] }).resolves({ Items: items });
        ddb.on(QueryCommand, { TableName: SOURCE })
            .resolvesOnce({ Items: items }) // copy
            .resolvesOnce({ Items: items }) // verify
            .resolvesOnce({ Items: items }) // unchanged before cleaning
            .resolvesOnce({ Items: items }) // clean
            .resolves({ Items: [] }); // empty after cleaning
        ddb.on(BatchWriteItemCommand)
            .resolvesOnce({ UnprocessedItems: { [TARGET]: [put(acmeItem("b")), put(acmeItem("c"))] } })
            .resolvesOnce({ UnprocessedItems: { [TARGET]: [put(acmeItem("c"))] } })
            .resolves({ UnprocessedItems: {} });

        // Act
        const result = await migrateTenantPartition(SPEC, deps);

        // Assert
        expect(sleeps).toEqual([100, 200]);
        expect(batchInputs()).toEqual([
            { RequestItems: { [TARGET]: items.map(put) } },
            { RequestItems: { [TARGET]: [put(acmeItem("b")), put(acmeItem("c"))] } },
            { RequestItems: { [TARGET]: [put(acmeItem("c"))] } },
            { RequestItems: { [SOURCE]: ["a", "b", "c"].map(del) } },
        ]);
        expect(result).toEqual({
            ...SPEC,
            count: 3,
            checksum: partitionDigest(items).checksum,
            copied: 3,
            deleted: 3,
            resumedFrom: undefined,
        });
        expect(switches).toBe(1);
        expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
            TableName: TARGET,
            KeyConditionExpression: "#pk = :tenantId",
            ExpressionAttributeNames: { "#pk": "tenantId" },
            ExpressionAttributeValues: { ":tenantId": { S: "acme" } },
            ConsistentRead: true,
            ExclusiveStartKey: undefined,
            Limit: undefined,
        });
    });

    it("gives up after maxAttempts with a named error, leaving the copy resumable", async () => {
        ddb.on(QueryCommand, { TableName: TARGET }).resolves({ Items: [] });
        ddb.on(QueryCommand, { TableName: SOURCE }).resolves({ Items: [acmeItem("a")] });
        ddb.on(BatchWriteItemCommand).resolves({ UnprocessedItems: { [TARGET]: [put(acmeItem("a"))] } });

        const error = await migrateTenantPartition(SPEC, { ...deps, maxAttempts: 3, baseDelayMs: 50 }).then(
            () => undefined,
            (e: unknown) => e,
        );

        expect(error).toBeInstanceOf(BatchRetriesExhaustedError);
        expect(error).toMatchObject({
            message:
                `1 put request(s) on table "premium-acme" were still unprocessed after 3 attempts ` +
                `(the table is throttling); re-run the migration to resume, or raise maxAttempts`,
            attempts: 3,
            unprocessed: 1,
        });
        expect(sleeps).toEqual([50, 100]);
        expect(batchInputs()).toHaveLength(3);
        expect(store.puts).toEqual([
            { ...SPEC, step: "copying", copied: 0, deleted: 0, updatedAt: NOW.toISOString() },
        ]);
        expect(switches).toBe(0);
    });

    it("writes and deletes a 60-item page in batches of 25, 25 and 10", async () => {
        const items = Array.from({ length: 60 }, (_, i) => acmeItem(`i${String(i).padStart(2, "0")}`));
        ddb.on(QueryCommand, { TableName: TARGET }).resolvesOnce({ Items: [] }).resolves({ Items: items });
        ddb.on(QueryCommand, { TableName: SOURCE })
            .resolvesOnce({ Items: items })
            .resolvesOnce({ Items: items })
            .resolvesOnce({ Items: items })
            .resolvesOnce({ Items: items })
            .resolves({ Items: [] });
        ddb.on(BatchWriteItemCommand).resolves({});

        await migrateTenantPartition(SPEC, deps);

        expect(
            batchInputs().map((input) =>
                Object.entries(input.RequestItems ?? {}).map(([t, r]) => `${t}:${r.length}`),
            ),
        ).toEqual([
            [`${TARGET}:25`],
            [`${TARGET}:25`],
            [`${TARGET}:10`],
            [`${SOURCE}:25`],
            [`${SOURCE}:25`],
            [`${SOURCE}:10`],
        ]);
    });

    it("stops without writing when a query returns another tenant's item", async () => {
        ddb.on(QueryCommand, { TableName: TARGET }).resolves({ Items: [] });
        ddb.on(QueryCommand, { TableName: SOURCE }).resolves({
            Items: [acmeItem("a"), { tenantId: { S: "acme2" }, sk: { S: "b" } }],
        });

        const error = await migrateTenantPartition(SPEC, deps).then(
            () => undefined,
            (e: unknown) => e,
        );

        expect(error).toBeInstanceOf(ForeignItemError);
        expect(error).toMatchObject({
            message:
                `a query of tenant "acme" in "pooled-data" returned an item of another partition ` +
                `({"tenantId":{"S":"acme2"},"sk":{"S":"b"}}); stopped without writing it`,
        });
        expect(ddb.commandCalls(BatchWriteItemCommand)).toEqual([]);
    });

    const invalid: {
        what: string;
        spec: MigrationSpec;
        options?: Partial<MigrationDeps>;
        error: new (...args: never[]) => Error;
        message: string;
    }[] = [
        {
            what: "an uppercase tenant id",
            spec: { ...SPEC, tenantId: "Acme" },
            error: InvalidTenantIdError,
            message: `tenant id "Acme" is invalid: ${TENANT_ID_RULE}`,
        },
        {
            what: "a 2-letter tenant id",
            spec: { ...SPEC, tenantId: "ac" },
            error: InvalidTenantIdError,
            message: `tenant id "ac" is invalid: ${TENANT_ID_RULE}`,
        },
        {
            what: "a wildcard tenant id",
            spec: { ...SPEC, tenantId: "acme*" },
            error: InvalidTenantIdError,
            message: `tenant id "acme*" is invalid: ${TENANT_ID_RULE}`,
        },
        {
            what: "a reserved tenant id",
            spec: { ...SPEC, tenantId: "platform" },
            error: InvalidTenantIdError,
            message: `tenant id "platform" is invalid: "platform" is reserved (reserved ids: ${RESERVED_TENANT_IDS.join(", ")})`,
        },
        {
            what: "the same source and target table",
            spec: { ...SPEC, targetTable: SOURCE },
            error: InvalidMigrationSpecError,
            message: `migration targetTable "pooled-data" is invalid: it is the source table; name another table (or another account)`,
        },
        {
            what: "an empty source table",
            spec: { ...SPEC, sourceTable: "" },
            error: InvalidMigrationSpecError,
            message: `migration sourceTable "" is invalid: use the table name: 3-255 letters, digits, underscores, hyphens or dots`,
        },
        {
            what: "a target table name with a space",
            spec: { ...SPEC, targetTable: "premium acme" },
            error: InvalidMigrationSpecError,
            message: `migration targetTable "premium acme" is invalid: use the table name: 3-255 letters, digits, underscores, hyphens or dots`,
        },
        {
            what: "an unknown direction",
            spec: { ...SPEC, direction: "sideways" as unknown as MigrationDirection },
            error: InvalidMigrationSpecError,
            message: `migration direction "sideways" is invalid: use pooled-to-premium, premium-to-pooled or premium-to-premium`,
        },
        {
            what: "the same table in the same account",
            spec: {
                ...SPEC,
                targetTable: SPEC.sourceTable,
                sourceAccount: "111122223333",
                targetAccount: "111122223333",
            },
            error: InvalidMigrationSpecError,
            message: `migration targetTable "pooled-data" is invalid: it is the source table; name another table (or another account)`,
        },
        {
            what: "a target account that is not 12 digits",
            spec: { ...SPEC, targetAccount: "1111-2222-3333" },
            error: InvalidMigrationSpecError,
            message: `migration targetAccount "1111-2222-3333" is invalid: use a 12-digit AWS account id`,
        },
        {
            what: "a page size of 0",
            spec: SPEC,
            options: { pageSize: 0 },
            error: InvalidMigrationSpecError,
            message: "migration pageSize 0 is invalid: use an integer of at least 1",
        },
        {
            what: "maxAttempts of 0",
            spec: SPEC,
            options: { maxAttempts: 0 },
            error: InvalidMigrationSpecError,
            message: "migration maxAttempts 0 is invalid: use an integer of at least 1",
        },
        {
            what: "a fractional base delay",
            spec: SPEC,
            options: { baseDelayMs: 1.5 },
            error: InvalidMigrationSpecError,
            message: "migration baseDelayMs 1.5 is invalid: use an integer of at least 0",
        },
    ];

    it.each(invalid)("refuses $what before any call", async ({ spec, options, error, message }) => {
        const failure = await migrateTenantPartition(spec, { ...deps, ...options }).then(
            () => undefined,
            (e: unknown) => e,
        );

        expect(failure).toBeInstanceOf(error);
        expect(failure).toMatchObject({ message });
        expect(ddb.calls()).toEqual([]);
        expect(store.gets).toBe(0);
        expect(store.puts).toEqual([]);
        expect(switches).toBe(0);
    });

    const unfinished: MigrationRecord = {
        tenantId: "globex",
        sourceTable: SOURCE,
        targetTable: "premium-globex",
        direction: "pooled-to-premium",
        step: "copying",
        lastCopiedSk: "item#007",
        copied: 40,
        deleted: 0,
        updatedAt: NOW.toISOString(),
    };

    it.each([
        {
            what: "an unfinished migration of another tenant",
            record: unfinished,
            message:
                `the progress store holds an unfinished migration (step "copying") of tenant "globex" pooled-to-premium ` +
                `from "pooled-data" to "premium-globex", not tenant "acme" pooled-to-premium from "pooled-data" to ` +
                `"premium-acme"; nothing was written. Finish that migration first, or use another progress record`,
        },
        {
            what: "an unfinished migration of acme the other way",
            record: {
                ...unfinished,
                tenantId: "acme",
                sourceTable: TARGET,
                targetTable: SOURCE,
                direction: "premium-to-pooled",
                step: "cleaning",
                verified: { count: 1, checksum: EMPTY_CHECKSUM },
            },
            message:
                `the progress store holds an unfinished migration (step "cleaning") of tenant "acme" premium-to-pooled ` +
                `from "premium-acme" to "pooled-data", not tenant "acme" pooled-to-premium from "pooled-data" to ` +
                `"premium-acme"; nothing was written. Finish that migration first, or use another progress record`,
        },
        {
            what: "a record without a known step",
            record: { ...unfinished, step: "copied" } as unknown as MigrationRecord,
            message: `the progress record ${JSON.stringify({ ...unfinished, step: "copied" })} is not a migration record; nothing was written. Fix or remove the record`,
        },
    ] as const)("refuses to start over $what, with no DynamoDB call", async ({ record, message }) => {
        store.record = record;

        const failure = await migrateTenantPartition(SPEC, deps).then(
            () => undefined,
            (e: unknown) => e,
        );

        expect(failure).toBeInstanceOf(MigrationRecordConflictError);
        expect(failure).toMatchObject({ message });
        expect(ddb.calls()).toEqual([]);
        expect(store.puts).toEqual([]);
    });

    it("starts afresh over a finished migration of another spec (the previous tier change)", async () => {
        store.record = {
            ...unfinished,
            step: "done",
            verified: { count: 40, checksum: EMPTY_CHECKSUM },
            deleted: 40,
        };
        ddb.on(QueryCommand).resolves({ Items: [] });

        const result = await migrateTenantPartition(SPEC, deps);

        expect(result).toEqual({
            ...SPEC,
            count: 0,
            checksum: EMPTY_CHECKSUM,
            copied: 0,
            deleted: 0,
            resumedFrom: undefined,
        });
        expect(store.puts.map((r) => r.step)).toEqual([
            "copying",
            "verified",
            "switched",
            "cleaning",
            "done",
        ]);
    });
});
