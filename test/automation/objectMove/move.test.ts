/**
 * The tenant object move against moto's S3 (versioned buckets, SSE-KMS headers recorded per object):
 * S3's own listing, paging, versioning and DeleteObjects judge the code.
 */
import {
    CreateBucketCommand,
    GetObjectCommand,
    HeadObjectCommand,
    ListObjectVersionsCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    DeleteObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
    type ObjectMoveEvent,
    type ObjectMoveRecord,
    ObjectMoveRecordConflictError,
    ObjectMoveVerificationError,
    InvalidObjectMoveSpecError,
    moveTenantObjects,
    SourceObjectsChangedError,
} from "../../../automation/objectMove/move";
import { type Moto, startMoto } from "../../engine/support/moto";

const TENANT = "acme";
const TENANT_KEY = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PLATFORM_KEY = "arn:aws:kms:us-east-1:111111111111:key/platform0-12ab-34cd-56ef-1234567890ab";
const NOW = new Date("2026-01-02T03:04:05.000Z");

let moto: Moto;
let s3: S3Client;
let bucketCounter = 0;

beforeAll(async () => {
    moto = await startMoto();
    s3 = new S3Client({
        endpoint: moto.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
}, 60_000);
afterAll(async () => {
    s3?.destroy();
    await moto?.close();
});

async function bucket(versioned: boolean): Promise<string> {
    const name = `bucket-${++bucketCounter}-${versioned ? "v" : "u"}`;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    if (versioned) {
        await s3.send(
            new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }),
        );
    }
    return name;
}

const put = (b: string, key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: b, Key: key, Body: body }));
const body = async (b: string, key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: b, Key: key })).then((o) => o.Body?.transformToString())) ??
    "";

async function versions(b: string, prefix: string) {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: b, Prefix: prefix }));
    return { versions: out.Versions?.length ?? 0, markers: out.DeleteMarkers?.length ?? 0 };
}

function memoryStore(initial?: ObjectMoveRecord) {
    const records: ObjectMoveRecord[] = [];
    let current = initial;
    return {
        records,
        store: {
            get: async () => current,
            put: async (r: ObjectMoveRecord) => {
                records.push(r);
                current = r;
            },
        },
    };
}

/** The shared bucket: 25 acme objects (two with an older version, one deleted key), neighbours' objects. */
async function sharedBucket(): Promise<string> {
    const b = await bucket(true);
    for (let i = 0; i < 25; i++) await put(b, `acme/doc-${String(i).padStart(2, "0")}.json`, `{"n":${i}}`);
    await put(b, "acme/doc-00.json", '{"n":0,"v":2}');
    await put(b, "acme/doc-01.json", '{"n":1,"v":2}');
    await put(b, "acme/deleted.txt", "gone");
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: "acme/deleted.txt" }));
    await put(b, "acme2/doc.json", "neighbour");
    await put(b, "acmefoo", "not under the prefix");
    return b;
}

describe("moveTenantObjects (moto S3)", () => {
    it("copies every current object re-encrypted with the target key, verifies, then deletes every version and delete marker", async () => {
        const shared = await sharedBucket();
        const premium = await bucket(true);
        const { store, records } = memoryStore();
        const events: ObjectMoveEvent[] = [];

        const result = await moveTenantObjects(
            { tenantId: TENANT, sourceBucket: shared, targetBucket: premium, targetKmsKeyId: TENANT_KEY },
            { client: s3, progress: store, pageSize: 10, now: () => NOW, onProgress: (e) => events.push(e) },
        );

        expect(result).toMatchObject({ tenantId: TENANT, count: 25, copied: 25, deleted: 29 });
        expect(result.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(
            events.filter((e) => e.type === "page-copied").map((e) => (e as { objects: number }).objects),
        ).toEqual([10, 10, 5]);
        expect(records.map((r) => r.step)).toEqual([
            "copying",
            "copying",
            "copying",
            "copying",
            "verified",
            "cleaning",
            "cleaning",
            "cleaning",
            "cleaning",
            "done",
        ]);
        expect(await body(premium, "acme/doc-00.json")).toBe('{"n":0,"v":2}');
        expect(await body(premium, "acme/doc-24.json")).toBe('{"n":24}');
        const head = await s3.send(new HeadObjectCommand({ Bucket: premium, Key: "acme/doc-07.json" }));
        expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(["aws:kms", TENANT_KEY]);
        // 27 versions + 2 delete markers (the deleted key, and none left behind) are gone; neighbours stay.
        expect(await versions(shared, "acme/")).toEqual({ versions: 0, markers: 0 });
        expect(await body(shared, "acme2/doc.json")).toBe("neighbour");
        expect(await body(shared, "acmefoo")).toBe("not under the prefix");
        expect(await versions(premium, "acme/")).toEqual({ versions: 25, markers: 0 });
    });

    it("moves back under the platform key (premium to pooled), and a re-run of a done move is a no-op", async () => {
        const premium = await bucket(true);
        const shared = await bucket(true);
        await put(premium, "acme/a.txt", "alpha");
        await put(premium, "acme/b.txt", "beta");
        const { store } = memoryStore();
        const spec = {
            tenantId: TENANT,
            sourceBucket: premium,
            targetBucket: shared,
            targetKmsKeyId: PLATFORM_KEY,
        };

        const first = await moveTenantObjects(spec, { client: s3, progress: store });
        const again = await moveTenantObjects(spec, { client: s3, progress: store });

        expect(first).toMatchObject({ count: 2, copied: 2, deleted: 2 });
        expect(again).toMatchObject({ count: 2, copied: 2, deleted: 2, resumedFrom: "done" });
        const head = await s3.send(new HeadObjectCommand({ Bucket: shared, Key: "acme/b.txt" }));
        expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(["aws:kms", PLATFORM_KEY]);
        expect(await body(shared, "acme/a.txt")).toBe("alpha");
        expect(await versions(premium, "acme/")).toEqual({ versions: 0, markers: 0 });
    });

    it("resumes after a crash mid-copy from the last recorded key without losing or duplicating an object", async () => {
        const shared = await sharedBucket();
        const premium = await bucket(true);
        const { store, records } = memoryStore();
        let puts = 0;
        const crashing = {
            get: store.get,
            put: async (r: ObjectMoveRecord) => {
                if (++puts === 3) throw new Error("progress store unavailable");
                await store.put(r);
            },
        };
        const spec = {
            tenantId: TENANT,
            sourceBucket: shared,
            targetBucket: premium,
            targetKmsKeyId: TENANT_KEY,
        };

        await expect(
            moveTenantObjects(spec, { client: s3, progress: crashing, pageSize: 10 }),
        ).rejects.toThrow("progress store unavailable");
        const stopped = records[records.length - 1];
        const result = await moveTenantObjects(spec, { client: s3, progress: store, pageSize: 10 });

        expect(stopped).toMatchObject({ step: "copying", lastCopiedKey: "acme/doc-09.json", copied: 10 });
        expect(result).toMatchObject({ count: 25, copied: 25, deleted: 29, resumedFrom: "copying" });
        expect(await versions(premium, "acme/")).toEqual({ versions: 35, markers: 0 });
        expect(await versions(shared, "acme/")).toEqual({ versions: 0, markers: 0 });
    });

    it("refuses to delete anything when the target holds an extra object, and rewinds the copy", async () => {
        const shared = await sharedBucket();
        const premium = await bucket(true);
        await put(premium, "acme/stray.txt", "someone else's");
        const { store, records } = memoryStore();

        const error = await moveTenantObjects(
            { tenantId: TENANT, sourceBucket: shared, targetBucket: premium, targetKmsKeyId: TENANT_KEY },
            { client: s3, progress: store },
        ).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(ObjectMoveVerificationError);
        expect((error as ObjectMoveVerificationError).source.count).toBe(25);
        expect((error as ObjectMoveVerificationError).target.count).toBe(26);
        expect(records[records.length - 1]).toMatchObject({ step: "copying", lastCopiedKey: undefined });
        expect(await versions(shared, "acme/")).toEqual({ versions: 28, markers: 1 });
    });

    it("refuses to clean a source written after verification", async () => {
        const shared = await sharedBucket();
        const premium = await bucket(true);
        const { store } = memoryStore();
        const spec = {
            tenantId: TENANT,
            sourceBucket: shared,
            targetBucket: premium,
            targetKmsKeyId: TENANT_KEY,
        };
        let writeAfterVerify = true;
        const progress = {
            get: store.get,
            put: async (r: ObjectMoveRecord) => {
                await store.put(r);
                if (r.step === "verified" && writeAfterVerify) {
                    writeAfterVerify = false;
                    await put(shared, "acme/late.json", "late write");
                }
            },
        };

        await expect(moveTenantObjects(spec, { client: s3, progress })).rejects.toBeInstanceOf(
            SourceObjectsChangedError,
        );
        expect(await body(shared, "acme/late.json")).toBe("late write");
        expect(await versions(shared, "acme/")).toEqual({ versions: 29, markers: 1 });
    });

    it("refuses an unfinished move of another tenant in the progress store", async () => {
        const { store } = memoryStore({
            tenantId: "globex",
            sourceBucket: "a-bucket",
            targetBucket: "b-bucket",
            step: "copying",
            copied: 0,
            deleted: 0,
            updatedAt: "",
        });
        await expect(
            moveTenantObjects(
                {
                    tenantId: TENANT,
                    sourceBucket: "a-bucket",
                    targetBucket: "b-bucket",
                    targetKmsKeyId: TENANT_KEY,
                },
                { client: s3, progress: store },
            ),
        ).rejects.toThrow(ObjectMoveRecordConflictError);
    });

    it.each([
        [
            { sourceBucket: "Bad_Bucket" },
            'object move sourceBucket "Bad_Bucket" is invalid: use the bucket name: 3-63 lowercase letters, digits, dots or hyphens',
        ],
        [
            { targetBucket: "shared-data" },
            'object move targetBucket "shared-data" is invalid: it is the source bucket; name another bucket',
        ],
        [
            { targetKmsKeyId: " " },
            'object move targetKmsKeyId " " is invalid: pass the id or ARN of the KMS key the target\'s objects are encrypted with',
        ],
    ])("rejects %j before any call", async (override, message) => {
        const { store, records } = memoryStore();
        const spec = {
            tenantId: TENANT,
            sourceBucket: "shared-data",
            targetBucket: "premium-data",
            targetKmsKeyId: TENANT_KEY,
            ...override,
        };
        const error = await moveTenantObjects(spec, { client: s3, progress: store }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidObjectMoveSpecError);
        expect((error as Error).message).toBe(message);
        expect(records).toEqual([]);
    });
});
