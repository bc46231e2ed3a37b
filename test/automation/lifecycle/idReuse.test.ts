/**
 * A reused tenant id, end to end: tenant A works through the pooled function's handler, is
 * offboarded (tombstone, users disabled), a signup of the same id is refused, A is purged, and
 * B signs up with --reuse-purged-id and sees nothing of A through every route of the handler.
 *
 * Real services wherever one runs here: the registry and the pooled table on dynalite; S3 (a
 * versioned bucket, which s3rver cannot emulate), STS and Cognito on moto's server. The tenant
 * stack is the fake Pulumi CLI; its registry entry and admin user are written where the real
 * stack's `TableItem` and `cognito.User` would put them (and the entry, like `TableItem`'s create,
 * never replaces another item under the id).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AdminCreateUserCommand,
    AdminDeleteUserCommand,
    AdminGetUserCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DescribeTableCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
    CreateBucketCommand,
    ListObjectVersionsCommand,
    PutBucketVersioningCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offboard, purge, signup, TenantIdRetiredError } from "../../../automation/lifecycle";
import type { LifecycleDeps } from "../../../automation/lifecycle/context";
import { tenantCredentials } from "../../../runtime/tenantCredentials";
import { openTenantData } from "../../../runtime/tenantData";
import { createTenantHandler, type TenantHandler } from "../../../runtime/tenantHandler";
import { TenantRegistry } from "../../../runtime/tenantRegistry";
import type { TenantSpec } from "../../../tiers/tenantSpec";
import { startMoto, type Moto } from "../../engine/support/moto";
import {
    type Harness,
    lifecycleHarness,
    PLATFORM_STACK,
    POOLED_TABLE,
    SHARED_BUCKET,
    specOf,
} from "../../helpers/lifecycleHarness";
import {
    createRegistryTable,
    createTenantDataTable,
    documentClient,
    dynamoClient,
    EMULATOR_REGION,
    type Emulator,
    startDynalite,
} from "../../runtime/support/emulators";
import { bodyOf, call } from "../../runtime/support/tenantHarness";
import { captureTelemetry } from "../../runtime/support/telemetry";

const REGISTRY = "tenant-tiers-dev-registry";
const ACCESS_ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";
const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

let dynalite: Emulator;
let moto: Moto;
let s3: S3Client;
let cognito: CognitoIdentityProviderClient;
let userPoolId: string;
let h: Harness;
let deps: LifecycleDeps;
let env: TenantHandler;
let neighbourEnv: TenantHandler;
let archive: string;
const saved = { ...process.env };

const registry = () => documentClient(dynalite.endpoint);
const registryItem = async (tenantId: string) =>
    (await registry().send(new GetCommand({ TableName: REGISTRY, Key: { tenantId }, ConsistentRead: true })))
        .Item;
const admission = (tenantId: string) => new TenantRegistry(registry(), REGISTRY).admission(tenantId);
const partitionCount = async (tenantId: string) =>
    (
        await dynamoClient(dynalite.endpoint).send(
            new QueryCommand({
                TableName: POOLED_TABLE,
                KeyConditionExpression: "tenantId = :t",
                ExpressionAttributeValues: { ":t": { S: tenantId } },
                Select: "COUNT",
            }),
        )
    ).Count;
const versionsUnder = async (prefix: string) => {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: SHARED_BUCKET, Prefix: prefix }));
    return { versions: out.Versions?.length ?? 0, markers: out.DeleteMarkers?.length ?? 0 };
};
const createUser = (username: string, tenantId: string) =>
    cognito.send(
        new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: username,
            MessageAction: "SUPPRESS",
            UserAttributes: [
                { Name: "email", Value: username },
                { Name: "custom:tenantId", Value: tenantId },
            ],
        }),
    );
const userState = async (username: string) => {
    try {
        const user = await cognito.send(
            new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
        );
        return user.Enabled === true ? "enabled" : "disabled";
    } catch (error) {
        if (error instanceof Error && error.name === "UserNotFoundException") return "deleted";
        throw error;
    }
};

/** What the tenant stack's membership does to the registry and the user pool on `up` and `destroy`. */
async function deployMembership(spec: TenantSpec): Promise<void> {
    await registry().send(
        new PutCommand({
            TableName: REGISTRY,
            Item: {
                tenantId: spec.tenantId,
                tier: spec.tier,
                status: spec.status,
                createdAt: spec.createdAt,
                apiKeyId: `${spec.tenantId}-key-id`,
                functionName: "tenant-tiers-dev-pooled",
                tableName: POOLED_TABLE,
            },
            // A live entry is updated in place; a tombstone (or anything else) is never overwritten.
            ConditionExpression: "attribute_not_exists(tenantId) OR attribute_exists(apiKeyId)",
        }),
    );
    if ((await userState(spec.adminEmail)) === "deleted") await createUser(spec.adminEmail, spec.tenantId);
}
async function destroyMembership(spec: TenantSpec): Promise<void> {
    await registry().send(new DeleteCommand({ TableName: REGISTRY, Key: { tenantId: spec.tenantId } }));
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: spec.adminEmail }));
}

beforeAll(async () => {
    [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
    await createRegistryTable(dynalite.endpoint, REGISTRY);
    await createTenantDataTable(dynalite.endpoint, POOLED_TABLE);
    for (const table of [REGISTRY, POOLED_TABLE]) {
        for (;;) {
            const { Table } = await dynamoClient(dynalite.endpoint).send(
                new DescribeTableCommand({ TableName: table }),
            );
            if (Table?.TableStatus === "ACTIVE") break;
        }
    }
    const onMoto = { endpoint: moto.endpoint, region: EMULATOR_REGION, credentials: MOTO_CREDENTIALS };
    s3 = new S3Client({ ...onMoto, forcePathStyle: true });
    await s3.send(
        new CreateBucketCommand({
            Bucket: SHARED_BUCKET,
            CreateBucketConfiguration: { LocationConstraint: EMULATOR_REGION },
        }),
    );
    // The platform's shared bucket is versioned: deletes leave versions and delete markers.
    await s3.send(
        new PutBucketVersioningCommand({
            Bucket: SHARED_BUCKET,
            VersioningConfiguration: { Status: "Enabled" },
        }),
    );
    cognito = new CognitoIdentityProviderClient(onMoto);
    const pool = await cognito.send(
        new CreateUserPoolCommand({
            PoolName: "tenant-tiers-dev-users",
            Schema: [{ Name: "tenantId", AttributeDataType: "String", Mutable: false }],
        }),
    );
    userPoolId = pool.UserPool?.Id as string;

    // The pooled function's environment: STS (the tenant access role with the TenantId tag), S3 on moto.
    process.env.AWS_ACCESS_KEY_ID = "ASIAEXECUTIONROLE";
    process.env.AWS_SECRET_ACCESS_KEY = "execution-role-secret";
    process.env.AWS_SESSION_TOKEN = "execution-role-session";
    process.env.AWS_ENDPOINT_URL_STS = moto.endpoint;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    process.env.AWS_ENDPOINT_URL_S3 = moto.endpoint;
    // Execution environments are per tenant (PER_TENANT): one for the id acme, one for its neighbour.
    const environment = () =>
        createTenantHandler({
            tier: "pooled",
            telemetry: captureTelemetry("tenant-function").telemetry,
            openData: (tenantId) =>
                openTenantData(
                    tenantId,
                    tenantCredentials({
                        tenantId,
                        tenantAccessRoleArn: ACCESS_ROLE,
                        region: EMULATOR_REGION,
                    }),
                    {
                        region: EMULATOR_REGION,
                        tableName: POOLED_TABLE,
                        bucketName: SHARED_BUCKET,
                        tenantKeyArn: undefined,
                    },
                ),
        });
    env = environment();
    neighbourEnv = environment();

    h = lifecycleHarness({
        aws: { dynamodb: dynamoClient(dynalite.endpoint), s3, cognito },
        onUp: deployMembership,
        onDestroy: destroyMembership,
    });
    h.fake.platformOutputs.set(PLATFORM_STACK, {
        environment: "dev",
        dataTableName: POOLED_TABLE,
        bucketName: SHARED_BUCKET,
        registryTableName: REGISTRY,
        userPoolId,
    });
    // The registry and the user pool themselves, not the harness's in-memory stand-ins.
    deps = { ...h.deps(), tombstones: undefined, users: undefined };
    archive = fs.mkdtempSync(path.join(os.tmpdir(), "archive-"));
}, 60_000);

afterAll(async () => {
    process.env = { ...saved };
    await Promise.all([dynalite?.close(), moto?.close()]);
});

const A = specOf("acme");
const B = specOf("acme", "pooled", {
    adminEmail: "boss@new-acme.example",
    createdAt: "2026-06-01T08:00:00Z",
});
const ids: { invoice: string; receipt: string; neighbour: string } = {
    invoice: "",
    receipt: "",
    neighbour: "",
};
const pdf = (text: string) => ({
    body: Buffer.from(text).toString("base64"),
    base64: true,
    headers: { "Content-Type": "application/pdf" },
});

describe("a reused tenant id never inherits the previous tenant's data", () => {
    it("tenant A signs up and works: items, files with several versions, a user of its own", async () => {
        await signup({ spec: A }, deps);
        await createUser("alice@acme.example", "acme");
        await createUser("zed@initech.example", "initech");
        expect(await admission("acme")).toMatchObject({ admitted: true });

        const post = async (on: TenantHandler, tenantId: string, name: string) =>
            bodyOf(await call(on, tenantId, "POST", "/items", { body: JSON.stringify({ name }) }))
                .itemId as string;
        ids.invoice = await post(env, "acme", "invoice");
        ids.receipt = await post(env, "acme", "receipt");
        ids.neighbour = await post(neighbourEnv, "initech", "neighbour's order");
        const file = (itemId: string, text: string) =>
            call(env, "acme", "PUT", "/items/{itemId}/file", { itemId, ...pdf(text) });
        expect((await file(ids.invoice, "invoice v1")).statusCode).toBe(200);
        expect((await file(ids.invoice, "invoice v2")).statusCode).toBe(200);
        expect((await file(ids.receipt, "receipt")).statusCode).toBe(200);
        expect(
            (await call(env, "acme", "DELETE", "/items/{itemId}", { itemId: ids.receipt })).statusCode,
        ).toBe(204);

        expect(await partitionCount("acme")).toBe(1);
        expect(await versionsUnder("acme/")).toEqual({ versions: 3, markers: 1 });
    });

    it("offboarding leaves a tombstone saying what is retained where, and disables every user of the id", async () => {
        const result = await offboard({ tenantId: "acme", environment: "dev", archive }, deps);

        expect(result.outcome).toBe("removed");
        expect(result.done.slice(-3)).toEqual([
            "1 users of the tenant disabled",
            'tombstone written: the id "acme" stays reserved',
            "stack dev-acme removed",
        ]);
        expect(await registryItem("acme")).toEqual({
            tenantId: "acme",
            status: "offboarded",
            tier: "pooled",
            createdAt: "2026-03-01T09:30:00Z",
            offboardedAt: "2026-03-01T09:30:00.000Z",
            retained: {
                tableName: POOLED_TABLE,
                bucketName: SHARED_BUCKET,
                backup: path.join(archive, "dev-acme-20260301T093000Z"),
            },
        });
        expect(await userState("ops@acme.example")).toBe("deleted"); // the stack's admin went with the stack
        expect(await userState("alice@acme.example")).toBe("disabled");
        expect(await userState("zed@initech.example")).toBe("enabled");
        // The authorizer's registry keeps refusing the id; the data is still there, retained.
        expect(await admission("acme")).toEqual({
            admitted: false,
            reason: "tenant-offboarded",
            entry: await registryItem("acme"),
        });
        expect(await partitionCount("acme")).toBe(1);
        expect(h.fake.stacks.has("dev-acme")).toBe(false);
    });

    it("a signup of the id is refused, saying when, what is retained and the two ways forward; nothing is created", async () => {
        const refusal =
            'tenant id "acme" belonged to a tenant offboarded at 2026-03-01T09:30:00.000Z; its data is retained ' +
            `(its partition of table ${POOLED_TABLE}, its objects under s3://${SHARED_BUCKET}/acme/, ` +
            `the backup ${path.join(archive, "dev-acme-20260301T093000Z")}, its users (disabled)), and a new tenant of the id would be let into it: ` +
            "sign up with another tenant id, or delete what the old tenant left first (npm run tenant -- purge acme --confirm acme -e dev) " +
            "and then sign up with --reuse-purged-id";
        await expect(signup({ spec: B }, deps)).rejects.toBeInstanceOf(TenantIdRetiredError);
        await expect(signup({ spec: B }, deps)).rejects.toThrow(refusal);
        await expect(signup({ spec: B, reusePurgedId: true }, deps)).rejects.toThrow(refusal);
        await expect(signup({ spec: B, dryRun: true }, deps)).rejects.toThrow(refusal);
        expect(h.fake.stacks.has("dev-acme")).toBe(false);
        expect((await registryItem("acme"))?.status).toBe("offboarded");
    });

    it("purge deletes the partition, every object version and delete marker and the id's users, and verifies it", async () => {
        const result = await purge({ tenantId: "acme", environment: "dev", confirmTenantId: "acme" }, deps);

        const record = {
            verifiedAt: "2026-03-01T09:30:00.000Z",
            items: 1,
            objectVersions: 4,
            tables: 0,
            buckets: 0,
            backups: 0,
            users: 1,
        };
        expect(result).toEqual({
            tenantId: "acme",
            environment: "dev",
            tier: "pooled",
            offboardedAt: "2026-03-01T09:30:00.000Z",
            outcome: "purged",
            purge: record,
            notes: [
                "purge verified at 2026-03-01T09:30:00.000Z: 1 items, 4 object versions, 0 tables, 0 buckets, 0 table backups and 1 users deleted",
            ],
        });
        expect((await registryItem("acme"))?.purge).toEqual(record);
        expect(await partitionCount("acme")).toBe(0);
        expect(await versionsUnder("acme/")).toEqual({ versions: 0, markers: 0 });
        expect(await userState("alice@acme.example")).toBe("deleted");
        // The neighbour is untouched.
        expect(await partitionCount("initech")).toBe(1);
        expect(await userState("zed@initech.example")).toBe("enabled");
        // A second purge finds nothing left and changes nothing.
        expect(
            await purge({ tenantId: "acme", environment: "dev", confirmTenantId: "acme" }, deps),
        ).toMatchObject({
            outcome: "unchanged",
            purge: record,
        });
    });

    it("after the purge the id is still refused without the explicit option", async () => {
        await expect(signup({ spec: B }, deps)).rejects.toThrow(
            'tenant id "acme" belonged to a tenant offboarded at 2026-03-01T09:30:00.000Z; everything it left was purged ' +
                "(verified at 2026-03-01T09:30:00.000Z), but an id is given to a new tenant only on request: " +
                "sign up with another tenant id, or repeat this signup with --reuse-purged-id",
        );
        expect(h.fake.stacks.has("dev-acme")).toBe(false);
    });

    it("B signs up with --reuse-purged-id and sees nothing of A through every route", async () => {
        const result = await signup({ spec: B, reusePurgedId: true }, deps);
        expect(result.outcome).toBe("created");
        expect(result.done).toEqual([
            "tombstone of the tenant offboarded at 2026-03-01T09:30:00.000Z (purged) released for the new tenant",
            "stack dev-acme deployed (tier pooled, active)",
        ]);
        expect(await registryItem("acme")).toMatchObject({
            status: "active",
            createdAt: "2026-06-01T08:00:00Z",
        });
        const record = JSON.parse(
            h.fake.stacks.get("dev-acme")?.config["tenant-tiers-tenants:lifecycle"] ?? "{}",
        );
        expect(record.previousTenant).toMatchObject({
            offboardedAt: "2026-03-01T09:30:00.000Z",
            purge: { users: 1 },
        });

        // The same warm execution environment that served A now serves B.
        const status = async (method: string, resource: string, request = {}) =>
            (await call(env, "acme", method, resource, request)).statusCode;
        expect(bodyOf(await call(env, "acme", "GET", "/items", {}))).toEqual({ items: [] });
        for (const itemId of [ids.invoice, ids.receipt]) {
            expect(await status("GET", "/items/{itemId}", { itemId })).toBe(404);
            expect(await status("GET", "/items/{itemId}/file", { itemId })).toBe(404);
            expect(await status("PUT", "/items/{itemId}/file", { itemId, ...pdf("b") })).toBe(404);
            expect(await status("DELETE", "/items/{itemId}", { itemId })).toBe(404);
        }
        const replaced = await call(env, "acme", "PUT", "/items/{itemId}", {
            itemId: ids.invoice,
            body: JSON.stringify({ name: "b's own" }),
        });
        expect(replaced.statusCode).toBe(404);
        const created = await call(env, "acme", "POST", "/items", {
            body: JSON.stringify({ name: "b's first" }),
        });
        expect(created.statusCode).toBe(201);
        expect(
            (bodyOf(await call(env, "acme", "GET", "/items", {})).items as unknown[]).map(
                (i) => (i as { name: string }).name,
            ),
        ).toEqual(["b's first"]);
        expect(await versionsUnder("acme/")).toEqual({ versions: 0, markers: 0 });
        expect(await userState("boss@new-acme.example")).toBe("enabled");
        expect(await userState("alice@acme.example")).toBe("deleted");
    });
});
