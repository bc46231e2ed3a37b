import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    type AttributeValue,
    BatchWriteItemCommand,
    DescribeTableCommand,
    type DynamoDBClient,
    QueryCommand,
} from "@aws-sdk/client-dynamodb";
import {
    CreateBucketCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    ListObjectsV2Command,
    ListObjectVersionsCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offboard, signup } from "../../../automation/lifecycle";
import { canonicalItemJson, partitionDigest } from "../../../automation/migration/migrate";
import { startMoto } from "../../engine/support/moto";
import { lifecycleHarness, POOLED_TABLE, SHARED_BUCKET, specOf } from "../../helpers/lifecycleHarness";
import {
    createTenantDataTable,
    dynamoClient,
    type Emulator,
    s3Client,
    startDynalite,
    startS3rver,
} from "../../runtime/support/emulators";

type Item = Record<string, AttributeValue>;
const FOLDER = "dev-acme-20260301T093000Z";
const itemsOf = (tenantId: string, count: number): Item[] =>
    Array.from({ length: count }, (_, i) => ({
        tenantId: { S: tenantId },
        sk: { S: `order#${i}` },
        total: { N: `${i * 10}` },
    }));

let dynalite: Emulator;
let s3rver: Emulator;
let admin: DynamoDBClient;

beforeAll(async () => {
    [dynalite, s3rver] = await Promise.all([startDynalite(), startS3rver([SHARED_BUCKET])]);
    admin = dynamoClient(dynalite.endpoint);
    await createTenantDataTable(dynalite.endpoint, POOLED_TABLE);
    for (;;) {
        const { Table } = await admin.send(new DescribeTableCommand({ TableName: POOLED_TABLE }));
        if (Table?.TableStatus === "ACTIVE") break;
    }
});

afterAll(async () => {
    admin.destroy();
    await Promise.all([dynalite.close(), s3rver.close()]);
});

async function seed(tenantId: string, count: number) {
    const items = itemsOf(tenantId, count);
    await admin.send(
        new BatchWriteItemCommand({
            RequestItems: { [POOLED_TABLE]: items.map((Item) => ({ PutRequest: { Item } })) },
        }),
    );
    return items;
}

const count = async (tenantId: string) =>
    (
        await admin.send(
            new QueryCommand({
                TableName: POOLED_TABLE,
                KeyConditionExpression: "tenantId = :t",
                ExpressionAttributeValues: { ":t": { S: tenantId } },
            }),
        )
    ).Count;

describe("offboarding a pooled tenant: export of its partition (Query) and objects", () => {
    it("exports items and objects under <tenantId>/ to a directory, with a manifest, and keeps the data", async () => {
        // Prepare
        const items = await seed("acme", 5);
        await seed("acme2", 2);
        const s3 = s3Client(s3rver.endpoint);
        await s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/a.txt", Body: "hello" }));
        await s3.send(
            new PutObjectCommand({
                Bucket: SHARED_BUCKET,
                Key: "acme/dir/b.bin",
                Body: Uint8Array.from([0, 1, 255]),
            }),
        );
        await s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme2/x.txt", Body: "neighbour" }));
        const dynamodb = dynamoClient(dynalite.endpoint);
        const sent: string[] = [];
        dynamodb.middlewareStack.add(
            (next, context) => async (args) => (sent.push(context.commandName ?? ""), next(args)),
            { step: "initialize" },
        );
        const archive = fs.mkdtempSync(path.join(os.tmpdir(), "archive-"));
        const h = lifecycleHarness({ aws: { dynamodb, s3 } });
        await signup({ spec: specOf("acme") }, h.deps());

        // Act
        const result = await offboard({ tenantId: "acme", environment: "dev", archive }, h.deps());

        // Assert
        const folder = path.join(archive, FOLDER);
        const digest = partitionDigest(items);
        expect(result.backup).toEqual({
            kind: "export",
            location: folder,
            items: 5,
            objects: 2,
            checksum: digest.checksum,
        });
        expect(fs.readFileSync(path.join(folder, "items.jsonl"), "utf8")).toBe(
            `${items.map(canonicalItemJson).join("\n")}\n`,
        );
        expect(fs.readdirSync(path.join(folder, "objects")).sort()).toEqual([
            "acme%2Fa.txt",
            "acme%2Fdir%2Fb.bin",
        ]);
        expect(fs.readFileSync(path.join(folder, "objects", "acme%2Fa.txt"), "utf8")).toBe("hello");
        expect([...fs.readFileSync(path.join(folder, "objects", "acme%2Fdir%2Fb.bin"))]).toEqual([0, 1, 255]);
        expect(JSON.parse(fs.readFileSync(path.join(folder, "manifest.json"), "utf8"))).toEqual({
            tenantId: "acme",
            table: POOLED_TABLE,
            bucket: SHARED_BUCKET,
            items: 5,
            objects: 2,
            checksum: digest.checksum,
            startedAt: "2026-03-01T09:30:00.000Z",
        });
        expect(sent).toEqual(["QueryCommand"]);
        expect(await count("acme")).toBe(5);
        expect(h.fake.stacks.has("dev-acme")).toBe(false);
    });

    it("--purge deletes the partition and every object version under <tenantId>/ only, exporting to S3 first (moto's versioned S3)", async () => {
        // Prepare: the shared bucket versioned as the platform deploys it, and the operator's archive bucket.
        await seed("bolt", 4);
        await seed("bolt2", 2);
        const moto = await startMoto();
        try {
            const s3 = s3Client(moto.endpoint);
            for (const Bucket of [SHARED_BUCKET, "acme-corp-archives"]) {
                await s3.send(
                    new CreateBucketCommand({
                        Bucket,
                        CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
                    }),
                );
            }
            await s3.send(
                new PutBucketVersioningCommand({
                    Bucket: SHARED_BUCKET,
                    VersioningConfiguration: { Status: "Enabled" },
                }),
            );
            const put = (Key: string, Body: string) =>
                s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key, Body }));
            await put("bolt/a.txt", "first");
            await put("bolt/a.txt", "second");
            await put("bolt/old.txt", "gone");
            await s3.send(new DeleteObjectCommand({ Bucket: SHARED_BUCKET, Key: "bolt/old.txt" }));
            await put("bolt2/keep.txt", "neighbour");
            const h = lifecycleHarness({ aws: { dynamodb: dynamoClient(dynalite.endpoint), s3 } });
            await signup({ spec: specOf("bolt") }, h.deps());

            // Act
            const result = await offboard(
                {
                    tenantId: "bolt",
                    environment: "dev",
                    archive: "s3://acme-corp-archives/tenants",
                    purge: { confirmTenantId: "bolt" },
                },
                h.deps(),
            );

            // Assert: the export first, then nothing of bolt left in any version; bolt2 untouched.
            const archived = await s3.send(new ListObjectsV2Command({ Bucket: "acme-corp-archives" }));
            expect((archived.Contents ?? []).map((o) => o.Key).sort()).toEqual([
                "tenants/dev-bolt-20260301T093000Z/items.jsonl",
                "tenants/dev-bolt-20260301T093000Z/manifest.json",
                "tenants/dev-bolt-20260301T093000Z/objects/bolt%2Fa.txt",
            ]);
            const exported = await s3.send(
                new GetObjectCommand({
                    Bucket: "acme-corp-archives",
                    Key: "tenants/dev-bolt-20260301T093000Z/objects/bolt%2Fa.txt",
                }),
            );
            expect(await exported.Body?.transformToString()).toBe("second");
            const left = await s3.send(new ListObjectVersionsCommand({ Bucket: SHARED_BUCKET }));
            expect([...(left.Versions ?? []), ...(left.DeleteMarkers ?? [])].map((v) => v.Key)).toEqual([
                "bolt2/keep.txt",
            ]);
            expect(result.purged).toBe(true);
            expect(result.done).toContain(
                "data deleted and verified gone: 4 items, 4 object versions, 0 users",
            );
            expect(h.tombstones.items.get("bolt")?.purge).toEqual({
                verifiedAt: "2026-03-01T09:30:00.000Z",
                items: 4,
                objectVersions: 4,
                tables: 0,
                buckets: 0,
                backups: 0,
                users: 0,
            });
            expect(result.backup).toMatchObject({
                kind: "export",
                location: "s3://acme-corp-archives/tenants/dev-bolt-20260301T093000Z",
                items: 4,
                objects: 1,
            });
            expect(await count("bolt")).toBe(0);
            expect(await count("bolt2")).toBe(2);
        } finally {
            await moto.close();
        }
    });
});
