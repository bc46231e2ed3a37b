import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTenantData, type TenantData } from "../../runtime/tenantData";
import { TenantFiles } from "../../runtime/tenantFiles";
import { TenantKeys } from "../../runtime/tenantKeys";
import { type Moto, startMoto } from "../engine/support/moto";
import {
    createTenantDataTable,
    dynamoClient,
    EMULATOR_CREDENTIALS,
    EMULATOR_REGION,
    type Emulator,
    s3Client,
    startDynalite,
    startS3rver,
} from "./support/emulators";

const TABLE = "tenant-data";
const BUCKET = "tenant-files";
let dynalite: Emulator;
let s3rver: Emulator;
let acme: TenantData;
let globex: TenantData;

const staticCredentials = async () => ({ ...EMULATOR_CREDENTIALS });
const config = { region: EMULATOR_REGION, tableName: TABLE, bucketName: BUCKET, tenantKeyArn: undefined };

beforeAll(async () => {
    [dynalite, s3rver] = await Promise.all([startDynalite(), startS3rver([BUCKET])]);
    await createTenantDataTable(dynalite.endpoint, TABLE);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    process.env.AWS_ENDPOINT_URL_S3 = s3rver.endpoint;
    acme = openTenantData("acme", staticCredentials, config);
    globex = openTenantData("globex", staticCredentials, config);
});

afterAll(async () => {
    await Promise.all([dynalite.close(), s3rver.close()]);
});

describe("tenant data on the emulators", () => {
    it("keeps one tenant's items and files invisible to another", async () => {
        const item = await acme.items.create({ name: "invoice", description: "Q1" });
        await acme.files.put(item.itemId, {
            body: new TextEncoder().encode("acme secret"),
            contentType: "text/plain",
        });

        expect(await globex.items.get(item.itemId)).toBeUndefined();
        expect(await globex.items.list(100)).toEqual({ items: [] });
        expect(await globex.files.get(item.itemId)).toBeUndefined();
        expect(await globex.items.replace(item.itemId, { name: "stolen" })).toBeUndefined();
        expect(await globex.items.delete(item.itemId)).toBe(false);

        expect(await acme.items.get(item.itemId)).toEqual(item);
        const file = await acme.files.get(item.itemId);
        expect(new TextDecoder().decode(file?.body)).toBe("acme secret");
        expect(file?.contentType).toBe("text/plain");
    });

    it("stores items in the tenant's partition and files under its prefix", async () => {
        const item = await globex.items.create({ name: "order" });
        await globex.files.put(item.itemId, {
            body: new Uint8Array([1, 2, 3]),
            contentType: "application/octet-stream",
        });
        const raw = await DynamoDBDocumentClient.from(dynamoClient(dynalite.endpoint)).send(
            new GetCommand({ TableName: TABLE, Key: { tenantId: "globex", sk: `ITEM#${item.itemId}` } }),
        );
        expect(raw.Item).toEqual({ tenantId: "globex", sk: `ITEM#${item.itemId}`, ...item });
        const listed = await s3Client(s3rver.endpoint).send(
            new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "globex/" }),
        );
        expect(listed.Contents?.map((o) => o.Key)).toEqual([`globex/items/${item.itemId}/file`]);
    });

    it("pages through a tenant's items with item-id cursors", async () => {
        const tenant = openTenantData("paging", staticCredentials, config);
        for (const name of ["a", "b", "c"]) await tenant.items.upsert(`item-${name}`, { name });
        const first = await tenant.items.list(2);
        expect(first.items.map((i) => i.itemId)).toEqual(["item-a", "item-b"]);
        expect(first.next).toBe("item-b");
        const second = await tenant.items.list(2, first.next);
        expect(second.items.map((i) => i.itemId)).toEqual(["item-c"]);
    });
});

/** Files on moto's S3, which keeps each object's encryption settings and answers them on HeadObject. */
describe("premium files (moto's S3 and KMS)", () => {
    let moto: Moto;
    let s3: S3Client;
    let tenantKey: string;
    const filesWith = (kmsKeyArn: string | undefined) =>
        new TenantFiles(s3, new TenantKeys("acme"), BUCKET, kmsKeyArn);
    const head = (key: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));

    beforeAll(async () => {
        moto = await startMoto();
        s3 = s3Client(moto.endpoint);
        await s3.send(
            new CreateBucketCommand({
                Bucket: BUCKET,
                CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION },
            }),
        );
        const kms = new KMSClient({
            endpoint: moto.endpoint,
            region: EMULATOR_REGION,
            credentials: { ...EMULATOR_CREDENTIALS },
        });
        tenantKey = String((await kms.send(new CreateKeyCommand({ Description: "acme" }))).KeyMetadata?.Arn);
    });
    afterAll(async () => {
        await moto?.close();
    });

    it("are written with SSE-KMS under the tenant's own key, with a bucket key", async () => {
        await filesWith(tenantKey).put("7", {
            body: new TextEncoder().encode("report"),
            contentType: "text/csv",
        });

        const object = await head("acme/items/7/file");
        expect([
            object.ServerSideEncryption,
            object.SSEKMSKeyId,
            object.BucketKeyEnabled,
            object.ContentType,
        ]).toEqual(["aws:kms", tenantKey, true, "text/csv"]);
    });

    it("pooled files leave the encryption to the bucket default", async () => {
        await filesWith(undefined).put("8", { body: new Uint8Array([1]), contentType: "image/png" });

        const object = await head("acme/items/8/file");
        expect([object.SSEKMSKeyId, object.BucketKeyEnabled, object.ContentType]).toEqual([
            undefined,
            undefined,
            "image/png",
        ]);
    });
});
