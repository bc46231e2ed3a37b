/**
 * Purging an offboarded premium tenant on moto's server (DynamoDB with backups, a versioned S3
 * bucket, KMS, Cognito): its table and every backup of it, its bucket with every version and
 * delete marker, its users, and its key untagged and scheduled for deletion after 7 days.
 */
import {
    AdminCreateUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
    ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
    CreateBackupCommand,
    CreateTableCommand,
    DescribeTableCommand,
    DynamoDBClient,
    ListBackupsCommand,
    PutItemCommand,
    ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import {
    CreateKeyCommand,
    DescribeKeyCommand,
    KMSClient,
    ListResourceTagsCommand,
} from "@aws-sdk/client-kms";
import {
    CreateBucketCommand,
    DeleteObjectCommand,
    HeadBucketCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purge, PurgeNotVerifiedError, RegistryTombstones, signup } from "../../../automation/lifecycle";
import type { LifecycleDeps } from "../../../automation/lifecycle/context";
import { startMoto, type Moto } from "../../engine/support/moto";
import {
    lifecycleHarness,
    PLATFORM_STACK,
    POOLED_TABLE,
    SHARED_BUCKET,
    specOf,
} from "../../helpers/lifecycleHarness";
import { createRegistryTable } from "../../runtime/support/emulators";

const REGISTRY = "tenant-tiers-dev-registry";
const TABLE = "tenant-tiers-dev-premium-globex";
const BUCKET = "tenant-tiers-dev-premium-globex-bucket";
const onMoto = (endpoint: string) => ({
    endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});

let moto: Moto;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let kms: KMSClient;
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let keyArn: string;
let backupArn: string;
let deps: LifecycleDeps;
let tombstones: RegistryTombstones;

beforeAll(async () => {
    moto = await startMoto();
    dynamodb = new DynamoDBClient(onMoto(moto.endpoint));
    s3 = new S3Client({ ...onMoto(moto.endpoint), forcePathStyle: true });
    kms = new KMSClient(onMoto(moto.endpoint));
    cognito = new CognitoIdentityProviderClient(onMoto(moto.endpoint));

    await createRegistryTable(moto.endpoint, REGISTRY);
    await dynamodb.send(
        new CreateTableCommand({
            TableName: TABLE,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [
                { AttributeName: "tenantId", AttributeType: "S" },
                { AttributeName: "sk", AttributeType: "S" },
            ],
            KeySchema: [
                { AttributeName: "tenantId", KeyType: "HASH" },
                { AttributeName: "sk", KeyType: "RANGE" },
            ],
            DeletionProtectionEnabled: true,
        }),
    );
    await dynamodb.send(
        new PutItemCommand({ TableName: TABLE, Item: { tenantId: { S: "globex" }, sk: { S: "order#1" } } }),
    );
    const backup = await dynamodb.send(
        new CreateBackupCommand({ TableName: TABLE, BackupName: `${TABLE}-offboard` }),
    );
    backupArn = backup.BackupDetails?.BackupArn as string;
    await dynamodb.send(new CreateBackupCommand({ TableName: TABLE, BackupName: `${TABLE}-nightly` }));

    await s3.send(
        new CreateBucketCommand({
            Bucket: BUCKET,
            CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
    );
    await s3.send(
        new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: "Enabled" } }),
    );
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "globex/a.pdf", Body: "v1" }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "globex/a.pdf", Body: "v2" }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "globex/a.pdf" }));

    const key = await kms.send(
        new CreateKeyCommand({
            Description: "globex",
            Tags: [
                { TagKey: "TenantId", TagValue: "globex" },
                { TagKey: "Tier", TagValue: "premium" },
            ],
        }),
    );
    keyArn = key.KeyMetadata?.Arn as string;

    const pool = await cognito.send(
        new CreateUserPoolCommand({
            PoolName: "tenant-tiers-dev-users",
            Schema: [{ Name: "tenantId", AttributeDataType: "String", Mutable: false }],
        }),
    );
    userPoolId = pool.UserPool?.Id as string;
    // More users than one ListUsers page (60): the purge must page through the pool.
    for (let i = 0; i < 63; i++) {
        await cognito.send(
            new AdminCreateUserCommand({
                UserPoolId: userPoolId,
                Username: `user${i}@example.com`,
                MessageAction: "SUPPRESS",
                UserAttributes: [{ Name: "custom:tenantId", Value: i % 3 === 0 ? "globex" : "initech" }],
            }),
        );
    }

    const h = lifecycleHarness({ aws: { dynamodb, s3, kms, cognito } });
    h.fake.platformOutputs.set(PLATFORM_STACK, {
        dataTableName: POOLED_TABLE,
        bucketName: SHARED_BUCKET,
        registryTableName: REGISTRY,
        userPoolId,
    });
    deps = { ...h.deps(), tombstones: undefined, users: undefined };
    tombstones = new RegistryTombstones(dynamodb, REGISTRY);
    await tombstones.write({
        tenantId: "globex",
        status: "offboarded",
        tier: "premium",
        createdAt: "2026-01-01T00:00:00Z",
        offboardedAt: "2026-02-01T00:00:00.000Z",
        retained: { tableName: TABLE, bucketName: BUCKET, kmsKeyArn: keyArn, backup: backupArn },
    });
}, 60_000);

afterAll(async () => {
    await moto?.close();
});

const globexUsers = async () => {
    const names: string[] = [];
    let token: string | undefined;
    do {
        const page = await cognito.send(
            new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token }),
        );
        for (const u of page.Users ?? [])
            if (u.Attributes?.some((a) => a.Name === "custom:tenantId" && a.Value === "globex"))
                names.push(u.Username as string);
        token = page.PaginationToken;
    } while (token !== undefined);
    return names;
};

describe("purging an offboarded premium tenant", () => {
    it("is refused without the id typed again, before any call", async () => {
        await expect(
            purge({ tenantId: "globex", environment: "dev", confirmTenantId: "globe" }, deps),
        ).rejects.toThrow(
            '--confirm "globe" is invalid: a purge deletes everything the tenant left and cannot be undone: type the tenant id again, --confirm globex',
        );
    });

    it("is refused for an id without a tombstone", async () => {
        await expect(
            purge({ tenantId: "hooli", environment: "dev", confirmTenantId: "hooli" }, deps),
        ).rejects.toThrow(
            'tenant id "hooli" has no tombstone in the registry of dev: only an offboarded tenant is purged; ' +
                "offboard it first: npm run tenant -- offboard hooli --purge --confirm hooli -e dev",
        );
    });

    it("deletes table, backups, bucket versions, bucket and users, schedules the key's deletion in 7 days, and verifies", async () => {
        expect(await globexUsers()).toHaveLength(21);

        const before = Date.now();
        const result = await purge(
            { tenantId: "globex", environment: "dev", confirmTenantId: "globex" },
            deps,
        );

        const deletionDate = result.purge.key?.deletionDate as string;
        const sevenDays = 7 * 24 * 3600 * 1000;
        expect(Date.parse(deletionDate) - before).toBeGreaterThanOrEqual(sevenDays - 1000);
        expect(Date.parse(deletionDate) - Date.now()).toBeLessThanOrEqual(sevenDays + 1000);
        const record = {
            verifiedAt: "2026-03-01T09:30:00.000Z",
            items: 0,
            objectVersions: 3,
            tables: 1,
            buckets: 1,
            backups: 2,
            users: 21,
            key: { arn: keyArn, deletionDate },
        };
        expect(result).toEqual({
            tenantId: "globex",
            environment: "dev",
            tier: "premium",
            offboardedAt: "2026-02-01T00:00:00.000Z",
            outcome: "purged",
            purge: record,
            notes: [
                "purge verified at 2026-03-01T09:30:00.000Z: 0 items, 3 object versions, 1 tables, 1 buckets, 2 table backups and 21 users deleted",
                `KMS key ${keyArn} is untagged and scheduled for deletion: unusable now, gone on ${deletionDate}`,
            ],
        });
        expect((await tombstones.read("globex"))?.purge).toEqual(record);
        await expect(dynamodb.send(new DescribeTableCommand({ TableName: TABLE }))).rejects.toBeInstanceOf(
            ResourceNotFoundException,
        );
        expect(
            (await dynamodb.send(new ListBackupsCommand({ TableName: TABLE }))).BackupSummaries ?? [],
        ).toEqual([]);
        await expect(s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).rejects.toMatchObject({
            name: "NotFound",
        });
        const key = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
        expect(key.KeyMetadata?.KeyState).toBe("PendingDeletion");
        expect((await kms.send(new ListResourceTagsCommand({ KeyId: keyArn }))).Tags).toEqual([
            { TagKey: "Tier", TagValue: "premium" },
        ]);
        expect(await globexUsers()).toEqual([]);
    });

    it("a second purge finds nothing left and keeps the first record", async () => {
        const first = (await tombstones.read("globex"))?.purge;
        const again = await purge(
            { tenantId: "globex", environment: "dev", confirmTenantId: "globex" },
            deps,
        );
        expect(again.outcome).toBe("unchanged");
        expect(again.purge).toEqual(first);
    });

    it("the purged id is given to a new premium tenant only with --reuse-purged-id", async () => {
        const spec = specOf("globex", "premium", { adminEmail: "it@new-globex.example" });
        await expect(signup({ spec }, deps)).rejects.toThrow(/only on request/);
        const result = await signup({ spec, reusePurgedId: true }, deps);
        expect(result.outcome).toBe("created");
        expect(await tombstones.read("globex")).toBeUndefined();
    });

    it("a purge that finds something left records nothing and names what is left", () => {
        const error = new PurgeNotVerifiedError("globex", ["table tenant-tiers-dev-premium-globex"]);
        expect(error.message).toBe(
            'purge of tenant "globex" is not verified: still found table tenant-tiers-dev-premium-globex; nothing was recorded as purged: ' +
                "fix the cause and run the purge again (it deletes what is left)",
        );
    });
});
