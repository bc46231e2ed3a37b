import {
    CreateBackupCommand,
    DescribeBackupCommand,
    DynamoDBClient,
    ListBackupsCommand,
} from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
    InvalidLifecycleInputError,
    offboard,
    signup,
    TenantNotFoundError,
} from "../../../automation/lifecycle";
import { type Moto, startMoto } from "../../engine/support/moto";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { createTenantDataTable } from "../../runtime/support/emulators";
import { lifecycleHarness, RECORD_KEY, specOf, SPEC_KEY } from "../../helpers/lifecycleHarness";

const BACKUP_ARN =
    "arn:aws:dynamodb:eu-west-1:123456789012:table/tenant-tiers-dev-premium-globex/backup/01772357400000-abcdef12";
const BACKUP_NAME = "tenant-tiers-dev-premium-globex-offboard-20260301T093000Z";
const details = (BackupStatus: "CREATING" | "AVAILABLE") => ({
    BackupArn: BACKUP_ARN,
    BackupName: BACKUP_NAME,
    BackupStatus,
    BackupType: "USER" as const,
    BackupCreationDateTime: new Date(0),
});
const verbs = (commands: string[][]) =>
    commands.map((c) => (c[0] === "stack" || c[0] === "config" ? `${c[0]} ${c[1]}` : (c[0] ?? "")));

describe("offboarding a premium tenant: on-demand backup, destroy with data retained, stack removed", () => {
    it("backs up once, waits for it, destroys and removes the stack: exact calls", async () => {
        // Prepare
        const dynamodb = new DynamoDBClient({ region: "eu-west-1" });
        const ddb = mockClient(dynamodb);
        ddb.on(ListBackupsCommand).resolves({ BackupSummaries: [] });
        ddb.on(CreateBackupCommand).resolves({
            BackupDetails: details("CREATING"),
        });
        ddb.on(DescribeBackupCommand)
            .resolvesOnce({
                BackupDescription: {
                    BackupDetails: details("CREATING"),
                },
            })
            .resolves({
                BackupDescription: {
                    BackupDetails: details("AVAILABLE"),
                },
            });
        const h = lifecycleHarness({ aws: { dynamodb, s3: new S3Client({ region: "eu-west-1" }) } });
        await signup({ spec: specOf("globex", "premium") }, h.deps());
        h.users.users.set("ann@globex.example", { tenantId: "globex", enabled: true });
        h.users.users.set("bob@globex.example", { tenantId: "globex", enabled: false });
        h.users.users.set("eve@initech.example", { tenantId: "initech", enabled: true });
        const before = h.fake.calls.length;

        // Act
        const result = await offboard(
            { tenantId: "globex", environment: "dev", archive: "unused" },
            h.deps(),
        );

        // Assert
        expect(ddb.commandCalls(CreateBackupCommand).map((c) => c.args[0].input)).toEqual([
            { TableName: "tenant-tiers-dev-premium-globex", BackupName: BACKUP_NAME },
        ]);
        expect(h.sleeps).toEqual([5000]);
        expect(result).toEqual({
            operation: "offboard",
            tenantId: "globex",
            environment: "dev",
            stackName: "dev-globex",
            outcome: "removed",
            tier: "premium",
            status: "offboarded",
            done: [
                "registry entry set to offboarded (up)",
                `backup ${BACKUP_NAME} available`,
                "stack dev-globex destroyed (table tenant-tiers-dev-premium-globex and bucket tenant-tiers-dev-premium-globex-bucket retained)",
                "1 users of the tenant disabled",
                'tombstone written: the id "globex" stays reserved',
                "stack dev-globex removed",
            ],
            changes: { same: 10, delete: 10 },
            backup: {
                kind: "dynamodb-backup",
                tableName: "tenant-tiers-dev-premium-globex",
                backupName: BACKUP_NAME,
                backupArn: BACKUP_ARN,
            },
            purged: false,
            notes: [],
        });
        const after = h.fake.commands().slice(before);
        expect(verbs(after)).toEqual([
            "stack select",
            "config --show-secrets",
            "config set-all",
            "up",
            "stack output",
            "stack output",
            "stack history",
            "config set-all",
            "config set-all",
            "destroy",
            "stack history",
            "config set-all",
            "config set-all",
            "stack rm",
        ]);
        expect(h.tombstones.items.get("globex")).toEqual({
            tenantId: "globex",
            status: "offboarded",
            tier: "premium",
            createdAt: "2026-03-01T09:30:00Z",
            offboardedAt: "2026-03-01T09:30:00.000Z",
            retained: {
                tableName: "tenant-tiers-dev-premium-globex",
                bucketName: "tenant-tiers-dev-premium-globex-bucket",
                kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/globex-key",
                backup: BACKUP_ARN,
            },
        });
        expect([...h.users.users]).toEqual([
            ["ann@globex.example", { tenantId: "globex", enabled: false }],
            ["bob@globex.example", { tenantId: "globex", enabled: false }],
            ["eve@initech.example", { tenantId: "initech", enabled: true }],
        ]);
        expect(after[9]).toEqual([
            "destroy",
            "--yes",
            "--skip-preview",
            "--event-log",
            "tcp://127.0.0.1:PORT",
            "--client=127.0.0.1:PORT",
            "--exec-kind",
            "auto.inline",
            "--stack",
            "dev-globex",
        ]);
        expect(after[13]).toEqual(["stack", "rm", "--yes", "dev-globex"]);
        expect(after[2]?.find((a) => a.startsWith(SPEC_KEY))).toContain('"status":"offboarded"');
        expect(h.fake.stacks.has("dev-globex")).toBe(false);
    });
});

/**
 * The backup step against moto's DynamoDB, where the service's own answers matter: ListBackups finds
 * a backup by name after a crash, and exactly one backup exists in the end. (moto makes backups
 * AVAILABLE at once, so the wait for CREATING is covered above with a client mock.)
 */
describe("offboarding backups on moto's DynamoDB", () => {
    const TABLE = "tenant-tiers-dev-premium-globex";
    let moto: Moto;
    let dynamodb: DynamoDBClient;

    beforeAll(async () => {
        moto = await startMoto();
        dynamodb = new DynamoDBClient({
            endpoint: moto.endpoint,
            region: "eu-west-1",
            credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        });
    });
    afterAll(async () => {
        await moto?.close();
    });
    beforeEach(async () => {
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        await createTenantDataTable(moto.endpoint, TABLE);
    });
    const backups = async () =>
        (await dynamodb.send(new ListBackupsCommand({ TableName: TABLE }))).BackupSummaries ?? [];

    it("a crash after CreateBackup, before it was recorded, finds the backup by name instead of making a second", async () => {
        const h = lifecycleHarness({ aws: { dynamodb, s3: new S3Client({ region: "eu-west-1" }) } });
        await signup({ spec: specOf("globex", "premium") }, h.deps());
        h.fake.failWhen(
            (a) => a[1] === "set-all" && a.some((x) => x.includes('"kind":"dynamodb-backup"')),
            () => engineFailure("disk full"),
        );
        const input = { tenantId: "globex", environment: "dev", archive: "unused" };

        await expect(offboard(input, h.deps())).rejects.toThrow(
            /offboard of tenant "globex" failed at step "backup"/,
        );
        expect((await backups()).map((b) => b.BackupName)).toEqual([BACKUP_NAME]);
        const result = await offboard(input, h.deps());

        const [only, ...others] = await backups();
        expect(others).toEqual([]);
        expect(only?.BackupName).toBe(BACKUP_NAME);
        expect(result.resumedFrom).toBe("backup");
        expect(result.backup).toEqual({
            kind: "dynamodb-backup",
            tableName: TABLE,
            backupName: BACKUP_NAME,
            backupArn: only?.BackupArn,
        });
        expect(only?.BackupArn).toMatch(
            new RegExp(`^arn:aws:dynamodb:eu-west-1:123456789012:table/${TABLE}/backup/`),
        );
    });

    it("a failure writing the tombstone stops at step tombstone with the stack still there; the re-run writes it and removes the stack", async () => {
        const h = lifecycleHarness({ aws: { dynamodb, s3: new S3Client({ region: "eu-west-1" }) } });
        await signup({ spec: specOf("globex", "premium") }, h.deps());
        const write = h.tombstones.write.bind(h.tombstones);
        let failures = 1;
        h.tombstones.write = async (tombstone) => {
            if (failures-- > 0) throw new Error("ProvisionedThroughputExceededException");
            await write(tombstone);
        };
        const input = { tenantId: "globex", environment: "dev", archive: "unused" };

        await expect(offboard(input, h.deps())).rejects.toThrow(
            /offboard of tenant "globex" failed at step "tombstone": Error: ProvisionedThroughputExceededException/,
        );
        expect(h.tombstones.items.has("globex")).toBe(false);
        expect(JSON.parse(h.fake.stacks.get("dev-globex")?.config[RECORD_KEY] ?? "{}")).toMatchObject({
            step: "tombstone",
        });
        const result = await offboard(input, h.deps());

        expect(result.resumedFrom).toBe("tombstone");
        expect(h.tombstones.items.get("globex")?.status).toBe("offboarded");
        expect(h.fake.stacks.has("dev-globex")).toBe(false);
        expect((await backups()).map((b) => b.BackupName)).toEqual([BACKUP_NAME]);
    });
});

describe("offboarding input and state", () => {
    it("--purge without the tenant id typed again is refused before any call", async () => {
        const h = lifecycleHarness({
            aws: {
                dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
                s3: new S3Client({ region: "eu-west-1" }),
            },
        });

        const attempt = offboard(
            { tenantId: "acme", environment: "dev", archive: "out", purge: { confirmTenantId: "acme2" } },
            h.deps(),
        );

        await expect(attempt).rejects.toThrow(
            new InvalidLifecycleInputError(
                "--confirm",
                "acme2",
                "--purge deletes the tenant's data: type the tenant id again, --confirm acme",
            ),
        );
        expect(h.fake.calls).toEqual([]);
    });

    it("an offboarding started with --purge must be resumed with it", async () => {
        const h = lifecycleHarness({
            aws: {
                dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
                s3: new S3Client({ region: "eu-west-1" }),
            },
        });
        await signup({ spec: specOf("acme") }, h.deps());
        h.fake.failWhen(
            (a) => a[0] === "up",
            () => engineFailure("throttled"),
        );
        const purge = { confirmTenantId: "acme" };
        await expect(
            offboard({ tenantId: "acme", environment: "dev", archive: "out", purge }, h.deps()),
        ).rejects.toThrow(/failed at step "suspend"/);

        await expect(
            offboard({ tenantId: "acme", environment: "dev", archive: "out" }, h.deps()),
        ).rejects.toThrow(
            new InvalidLifecycleInputError(
                "--purge",
                undefined,
                "this offboarding was started with --purge: re-run it with --purge --confirm acme",
            ),
        );
        expect(JSON.parse(h.fake.stacks.get("dev-acme")?.config[RECORD_KEY] ?? "")).toMatchObject({
            operation: "offboard",
            step: "suspend",
            purge: true,
        });
    });

    it("a tenant without a stack is not found (select never creates)", async () => {
        const h = lifecycleHarness({
            aws: {
                dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
                s3: new S3Client({ region: "eu-west-1" }),
            },
        });

        await expect(
            offboard({ tenantId: "ghost", environment: "dev", archive: "out" }, h.deps()),
        ).rejects.toThrow(new TenantNotFoundError("dev-ghost", "ghost"));
        expect(h.fake.commands()).toEqual([["stack", "select", "--stack", "dev-ghost"]]);
    });
});
