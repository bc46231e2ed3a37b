/**
 * DynamoDB (dynalite) and S3 (s3rver) emulators on 127.0.0.1, port 0, started and stopped by the
 * tests that use them. The packages ship no types; the little of them used here is typed below.
 */
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { tenantDataCreateTableInput } from "../../../components/shared/tenantDataSchema";

interface DynaliteServer {
    listen(port: number, host: string, callback: () => void): void;
    address(): AddressInfo;
    close(callback: () => void): void;
}
interface S3rverInstance {
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
}
const dynalite = require("dynalite") as (options: Record<string, number>) => DynaliteServer;
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => S3rverInstance;

export const EMULATOR_REGION = "eu-west-1";
/** s3rver accepts only its own default key pair; dynalite accepts anything. */
export const EMULATOR_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
/** A fresh copy per client: the SDK annotates the credentials object it is given. */
const credentials = () => ({ ...EMULATOR_CREDENTIALS });

export interface Emulator {
    readonly endpoint: string;
    close(): Promise<void>;
}

export async function startDynalite(): Promise<Emulator> {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

export async function startS3rver(buckets: readonly string[]): Promise<Emulator> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
    const server = new S3rver({
        address: "127.0.0.1",
        port: 0,
        silent: true,
        directory,
        configureBuckets: buckets.map((name) => ({ name })),
    });
    const address = await server.run();
    return {
        endpoint: `http://127.0.0.1:${address.port}`,
        close: async () => {
            await server.close();
            fs.rmSync(directory, { recursive: true, force: true });
        },
    };
}

export function dynamoClient(endpoint: string): DynamoDBClient {
    return new DynamoDBClient({ endpoint, region: EMULATOR_REGION, credentials: credentials() });
}

export function documentClient(endpoint: string): DynamoDBDocumentClient {
    return DynamoDBDocumentClient.from(dynamoClient(endpoint));
}

export function s3Client(endpoint: string): S3Client {
    return new S3Client({
        endpoint,
        region: EMULATOR_REGION,
        credentials: credentials(),
        forcePathStyle: true,
    });
}

/** A tenant data table with the schema the platform deploys (`tenantDataTableSchema`). */
export async function createTenantDataTable(endpoint: string, tableName: string): Promise<void> {
    await dynamoClient(endpoint).send(new CreateTableCommand(tenantDataCreateTableInput(tableName)));
}

/** The registry table: `tenantId` only, as the platform deploys it. */
export async function createRegistryTable(endpoint: string, tableName: string): Promise<void> {
    await dynamoClient(endpoint).send(
        new CreateTableCommand({
            TableName: tableName,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "tenantId", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "tenantId", KeyType: "HASH" }],
        }),
    );
}
