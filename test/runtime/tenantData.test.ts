import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTenantData, type TenantData } from "../../runtime/tenantData";
import { TenantFiles } from "../../runtime/tenantFiles";
import { TenantKeys } from "../../runtime/tenantKeys";
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
const TENANT_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
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

describe("premium files", () => {
    it("are written with SSE-KMS under the tenant's own key", async () => {
        const s3 = mockClient(S3Client);
        try {
            const files = new TenantFiles(
                new S3Client({ region: EMULATOR_REGION }),
                new TenantKeys("acme"),
                BUCKET,
                TENANT_KEY,
            );
            const body = new TextEncoder().encode("report");
            await files.put("7", { body, contentType: "text/csv" });
            expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
                {
                    Bucket: BUCKET,
                    Key: "acme/items/7/file",
                    Body: body,
                    ContentType: "text/csv",
                    ServerSideEncryption: "aws:kms",
                    SSEKMSKeyId: TENANT_KEY,
                    BucketKeyEnabled: true,
                },
            ]);
        } finally {
            s3.restore();
        }
    });

    it("pooled files leave the encryption to the bucket default", async () => {
        const s3 = mockClient(S3Client);
        try {
            const files = new TenantFiles(
                new S3Client({ region: EMULATOR_REGION }),
                new TenantKeys("acme"),
                BUCKET,
                undefined,
            );
            await files.put("7", { body: new Uint8Array([1]), contentType: "image/png" });
            expect(s3.commandCalls(PutObjectCommand).map((c) => Object.keys(c.args[0].input))).toEqual([
                ["Bucket", "Key", "Body", "ContentType"],
            ]);
        } finally {
            s3.restore();
        }
    });
});
