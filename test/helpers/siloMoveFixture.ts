/**
 * The silo tier-change fixture: one moto server per test file, reset per test, used as two AWS
 * accounts. The platform account (moto's default, 123456789012, also the organization's management
 * account) holds the pooled table (130 `acme` items and neighbours) and the versioned shared bucket
 * (12 `acme` objects, an older version, a delete marker, a neighbour's object); a silo account is
 * created in moto's Organizations. A premium `up` of the fake engine creates the tenant's table and
 * versioned bucket in the account its spec names, as `TenantStore` would.
 *
 * The move's silo clients are the product's own (`chainedSiloClients`): the operator's session of
 * the migration role assumes the tenant access role with the `TenantId` tag, then the silo data
 * role; moto returns credentials that act in the silo account's backend. moto evaluates no IAM:
 * what these calls would be allowed to do is proven by the simulator (tenantMigration.sim.test.ts).
 */
import {
    BatchWriteItemCommand,
    CreateTableCommand,
    DynamoDBClient,
    QueryCommand,
    ResourceInUseException,
} from "@aws-sdk/client-dynamodb";
import {
    CreateAccountCommand,
    CreateOrganizationCommand,
    DescribeCreateAccountStatusCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import {
    CreateBucketCommand,
    DeleteObjectCommand,
    GetObjectCommand,
    ListObjectVersionsCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { SiloClientFactory } from "../../automation/lifecycle/siloClients";
import { chainedSiloClients } from "../../automation/lifecycle/siloClients";
import { premiumTableName } from "../../components/shared/tenantNaming";
import { tenantDataCreateTableInput } from "../../components/shared/tenantDataSchema";
import type { TenantSpec } from "../../tiers/tenantSpec";
import { type Moto, startMoto } from "../engine/support/moto";
import { signup } from "../../automation/lifecycle";
import {
    type Harness,
    lifecycleHarness,
    PLATFORM_STACK,
    POOLED_TABLE,
    SHARED_BUCKET,
    specOf,
    tenantOutputs,
} from "./lifecycleHarness";
import { ACME_OBJECTS, type Item, itemsOf } from "./tierChangeFixture";

export const PLATFORM_ACCOUNT = "123456789012";
export const REGION = "eu-west-1";
export const TENANT_ACCESS_ROLE_ARN = `arn:aws:iam::${PLATFORM_ACCOUNT}:role/tenant-tiers-dev-tenant-access`;
export const MIGRATION_ROLE_ARN = `arn:aws:iam::${PLATFORM_ACCOUNT}:role/tenant-tiers-migration`;
export const PREMIUM_TABLE = premiumTableName("dev", "acme");
export const PLATFORM_PREMIUM_BUCKET = String(
    tenantOutputs({ tenantId: "acme", tier: "premium" } as TenantSpec).bucketName,
);
export const SILO_BUCKET = "tenant-tiers-dev-premium-acme-silo-bucket";
export const siloKeyArn = (account: string) => `arn:aws:kms:${REGION}:${account}:key/acme-key`;

const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
let moto: Moto;

export interface AccountClients {
    readonly dynamodb: DynamoDBClient;
    readonly s3: S3Client;
}

function clientsWith(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): AccountClients {
    const base = { endpoint: moto.endpoint, region: REGION, credentials };
    return { dynamodb: new DynamoDBClient(base), s3: new S3Client({ ...base, forcePathStyle: true }) };
}

/** Credentials of `roleArn`'s account, from moto's STS (what moto answers is bound to that account). */
async function assumed(roleArn: string, sessionName: string) {
    const sts = new STSClient({ endpoint: moto.endpoint, region: REGION, credentials: TEST_CREDENTIALS });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    sts.destroy();
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined)
        throw new Error(`moto returned no credentials for ${roleArn}`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Admin clients of `account` (the fixture's own view; the product never uses these). */
export async function adminOf(account: string): Promise<AccountClients> {
    if (account === PLATFORM_ACCOUNT) return clientsWith(TEST_CREDENTIALS);
    const credentials = await assumed(`arn:aws:iam::${account}:role/fixture-admin`, "fixture");
    return clientsWith(async () => credentials);
}

/** Every STS request the move's chain sent, as its form fields. */
export let stsRequests: Record<string, string>[];
/** Fails the n-th PutObject of the silo clients once (0: never). */
export let siloPutFault: number;
export function failSiloPut(nth: number): void {
    siloPutFault = nth;
}

class RecordingHandler extends NodeHttpHandler {
    override async handle(...args: Parameters<NodeHttpHandler["handle"]>) {
        const [request] = args;
        stsRequests.push(Object.fromEntries(new URLSearchParams(String(request.body))));
        return super.handle(...args);
    }
}

/** The product's silo clients through moto, with the operator's migration-role session as the start. */
export function siloFactory(): SiloClientFactory {
    const factory = chainedSiloClients({
        region: REGION,
        endpoint: moto.endpoint,
        masterCredentials: () => assumed(MIGRATION_ROLE_ARN, "operator"),
        stsRequestHandler: new RecordingHandler(),
    });
    let puts = 0;
    return (chain) => {
        const clients = factory(chain);
        clients.s3.middlewareStack.add(
            (next, context) => async (args) => {
                if (context.commandName === "PutObjectCommand" && ++puts === siloPutFault)
                    throw new Error("injected PutObject fault");
                return next(args);
            },
            { step: "initialize", name: "siloPutFault" },
        );
        return clients;
    };
}

export async function createTable(clients: AccountClients, table: string): Promise<void> {
    try {
        await clients.dynamodb.send(new CreateTableCommand(tenantDataCreateTableInput(table)));
    } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
    }
}

export async function createBucket(clients: AccountClients, name: string): Promise<void> {
    try {
        await clients.s3.send(
            new CreateBucketCommand({
                Bucket: name,
                CreateBucketConfiguration: { LocationConstraint: REGION },
            }),
        );
    } catch (error) {
        if ((error as { name?: string }).name !== "BucketAlreadyOwnedByYou") throw error;
    }
    await clients.s3.send(
        new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }),
    );
}

export async function putItems(clients: AccountClients, table: string, items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
        await clients.dynamodb.send(
            new BatchWriteItemCommand({
                RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
            }),
        );
    }
}

export async function partitionIn(
    clients: AccountClients,
    table: string,
    tenantId = "acme",
): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
        const out = await clients.dynamodb.send(
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

/** Current bodies and keys under `prefix`, and the number of versions and delete markers. */
export async function objectsIn(clients: AccountClients, bucket: string, prefix = "acme/") {
    const listed = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
    const current: Record<string, { body: string; key?: string }> = {};
    for (const v of listed.Versions ?? []) {
        if (v.IsLatest !== true || v.Key === undefined) continue;
        const out = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: v.Key }));
        current[v.Key] = { body: (await out.Body?.transformToString()) ?? "", key: out.SSEKMSKeyId };
    }
    return { current, versions: listed.Versions?.length ?? 0, markers: listed.DeleteMarkers?.length ?? 0 };
}

export const acmeObjectsUnder = (kmsKeyArn: string) =>
    Object.fromEntries(Object.entries(ACME_OBJECTS).map(([k, body]) => [k, { body, key: kmsKeyArn }]));

/** A member account of moto's organization (the platform account is its management account). */
async function createSiloAccount(): Promise<{ accountId: string; organizationId: string }> {
    const orgs = organizationsClient();
    const { Organization } = await orgs.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const created = await orgs.send(
        new CreateAccountCommand({ Email: "aws+acme@example.com", AccountName: "acme silo" }),
    );
    const status = await orgs.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
    );
    orgs.destroy();
    const accountId = status.CreateAccountStatus?.AccountId;
    if (accountId === undefined || Organization?.Id === undefined) throw new Error("moto created no account");
    return { accountId, organizationId: Organization.Id };
}

export function organizationsClient(): OrganizationsClient {
    return new OrganizationsClient({
        endpoint: moto.endpoint,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
    });
}

/** The silo account of the current test. */
export let silo: { accountId: string; organizationId: string };
/** Admin clients of the platform account and of the silo account. */
export let platform: AccountClients;
export let siloAdmin: AccountClients;
/** Tiers, states and accounts of every up, in order (`premium/active@silo`). */
export let ups: string[];

export function siloHarness(organizations = true): Harness {
    const h = lifecycleHarness({
        aws: {
            dynamodb: platform.dynamodb,
            s3: platform.s3,
            silo: siloFactory(),
            ...(organizations ? { organizations: organizationsClient() } : {}),
        },
        onUp: async (spec) => {
            ups.push(`${spec.tier}/${spec.status}${spec.silo === undefined ? "" : "@silo"}`);
            if (spec.tier !== "premium") return;
            const where = spec.silo === undefined ? platform : await adminOf(spec.silo.accountId);
            await createTable(where, PREMIUM_TABLE);
            await createBucket(where, String(tenantOutputs(spec).bucketName));
        },
    });
    h.fake.platformOutputs.set(PLATFORM_STACK, {
        ...h.fake.platformOutputs.get(PLATFORM_STACK),
        tenantAccessRoleArn: TENANT_ACCESS_ROLE_ARN,
    });
    // A vended silo account is bootstrapped for the principal that runs tenant stacks.
    return {
        ...h,
        deps: (overrides = {}) => h.deps({ bootstrap: { deployerArn: DEPLOYER_ARN }, ...overrides }),
    };
}

/** acme as a premium tenant whose data is in the silo account: 130 items, 12 objects (one with two versions). */
export async function siloTenant(): Promise<Harness> {
    const h = siloHarness();
    await signup(
        {
            spec: specOf("acme", "premium", {
                silo: { accountId: silo.accountId, organizationId: silo.organizationId },
            }),
        },
        h.deps(),
    );
    await putItems(siloAdmin, PREMIUM_TABLE, itemsOf("acme", 130));
    for (const [key, body] of Object.entries(ACME_OBJECTS)) {
        await siloAdmin.s3.send(new PutObjectCommand({ Bucket: SILO_BUCKET, Key: key, Body: body }));
    }
    await siloAdmin.s3.send(
        new PutObjectCommand({ Bucket: SILO_BUCKET, Key: "acme/doc-001.json", Body: '{"doc":1}' }),
    );
    return h;
}

/** The principal that runs tenant stacks, trusted by a vended account's bootstrap role. */
export const DEPLOYER_ARN = "arn:aws:iam::123456789012:role/tenant-tiers-deployer";

/** Registers the per-file server and the per-test reset and seed. */
export function useSiloMoveFixture(): void {
    beforeAll(async () => {
        moto = await startMoto();
    }, 60_000);
    afterAll(async () => {
        await moto?.close();
    });
    beforeEach(async () => {
        await fetch(`${moto.endpoint}/moto-api/reset`, { method: "POST" });
        stsRequests = [];
        siloPutFault = 0;
        ups = [];
        platform = clientsWith(TEST_CREDENTIALS);
        silo = await createSiloAccount();
        siloAdmin = await adminOf(silo.accountId);
        await createTable(platform, POOLED_TABLE);
        await putItems(platform, POOLED_TABLE, [
            ...itemsOf("acme", 130),
            ...itemsOf("acme2", 3),
            ...itemsOf("ac", 2),
        ]);
        await createBucket(platform, SHARED_BUCKET);
        for (const [key, body] of Object.entries(ACME_OBJECTS)) {
            await platform.s3.send(new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: key, Body: body }));
        }
        await platform.s3.send(
            new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/doc-000.json", Body: '{"doc":0}' }),
        );
        await platform.s3.send(
            new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/gone.txt", Body: "gone" }),
        );
        await platform.s3.send(new DeleteObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme/gone.txt" }));
        await platform.s3.send(
            new PutObjectCommand({ Bucket: SHARED_BUCKET, Key: "acme2/doc.json", Body: "neighbour" }),
        );
    }, 30_000);
}
