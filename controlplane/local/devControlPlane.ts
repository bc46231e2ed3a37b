/**
 * DEVELOPMENT ONLY: the control plane on this machine. The API and one worker in this process,
 * the queue and the operations table (and the platform's shared table, bucket, registry and user
 * pool, for tier changes, offboarding and tombstones) in moto's server, tenant stacks in a `file://` backend, deployed by the
 * real Pulumi engine from `npm run engine:install` with the aws provider double as the `aws`
 * plugin (engine/sandbox.ts), and tokens from the local dev issuer.
 */
import fs from "node:fs";
import path from "node:path";
import {
    CognitoIdentityProviderClient,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { FastifyInstance } from "fastify";
import type { Consumer } from "sqs-consumer";
import { tenantDataCreateTableInput } from "../../components/shared/tenantDataSchema";
import { premiumTableName } from "../../components/shared/tenantNaming";
import { Sandbox } from "../../engine/sandbox";
import { controlPlaneApi } from "../api/server";
import { readControlPlaneSettings } from "../operations/serviceSettings";
import type { LifecycleCall } from "../worker/lifecycleCall";
import { controlPlaneWorker } from "../worker/main";
import { DEV_CLIENT_ID, DEV_USER_POOL_ID, type DevIssuer, devIssuer } from "./devIssuer";
import { type Moto, startMoto } from "./motoServer";

export interface DevControlPlane {
    readonly apiUrl: string;
    readonly tokenUrl: string;
    readonly issuer: DevIssuer;
    readonly sandbox: Sandbox;
    close(): Promise<void>;
}

export interface DevControlPlaneOptions {
    /** API port. @default 8080 (0: any free port) */
    readonly port?: number;
    /** Workers in this process. @default 1 */
    readonly workers?: number;
    readonly log?: (line: string) => void;
}

const REGION = "eu-west-1";
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * The provider double records a premium tenant's table but creates nothing in moto, where the
 * tier change's migration copies the partition to: this stands in for AWS and creates the table
 * under the name the tenant stack gives it, before the change-tier runs.
 */
function withPremiumTables(moto: Moto, environment: string): (call: LifecycleCall) => LifecycleCall {
    return (call) => async (request, deps) => {
        if (request.kind === "change-tier" && request.tier === "premium") {
            const dynamodb = new DynamoDBClient({
                region: REGION,
                endpoint: moto.endpoint,
                credentials: CREDENTIALS,
            });
            try {
                await dynamodb.send(
                    new CreateTableCommand(
                        tenantDataCreateTableInput(premiumTableName(environment, request.tenantId)),
                    ),
                );
            } catch (error) {
                if (!(error instanceof ResourceInUseException)) throw error;
            } finally {
                dynamodb.destroy();
            }
        }
        return call(request, deps);
    };
}

/**
 * The platform's user pool in moto: the double makes up a pool id moto cannot take, so the platform
 * stack's `userPoolId` output is pointed at a pool moto created (stack export, edit, import), as the
 * lifecycle's engine test does; tenant admins and offboarding's user checks then reach moto.
 */
async function pointUserPoolAtMoto(sandbox: Sandbox, platformDir: string, moto: Moto): Promise<void> {
    const cognito = new CognitoIdentityProviderClient({
        region: REGION,
        endpoint: moto.endpoint,
        credentials: CREDENTIALS,
    });
    try {
        const pool = await cognito.send(
            new CreateUserPoolCommand({
                PoolName: "tenant-tiers-dev-users",
                Schema: [{ Name: "tenantId", AttributeDataType: "String", Mutable: false }],
            }),
        );
        const exported = JSON.parse(sandbox.pulumi(["stack", "export", "-s", "dev"], platformDir).stdout) as {
            deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
        };
        const root = exported.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        if (root?.outputs === undefined) throw new Error("the dev platform stack has no outputs");
        root.outputs.userPoolId = pool.UserPool?.Id;
        const stateFile = path.join(sandbox.root, "platform-state.json");
        fs.writeFileSync(stateFile, JSON.stringify(exported));
        const imported = sandbox.pulumi(["stack", "import", "-s", "dev", "--file", stateFile], platformDir);
        if (imported.code !== 0)
            throw new Error(`pulumi stack import of the platform failed: ${imported.stderr}`);
    } finally {
        cognito.destroy();
    }
}

async function localResources(moto: Moto, platform: Record<string, unknown>) {
    const config = { region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS };
    const sqs = new SQSClient(config);
    const dynamodb = new DynamoDBClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({
            QueueName: "tenant-tiers-dev-operations.fifo",
            Attributes: { FifoQueue: "true", VisibilityTimeout: "120" },
        }),
    );
    await dynamodb.send(
        new CreateTableCommand({
            TableName: "tenant-tiers-dev-operations",
            KeySchema: [{ AttributeName: "operationId", KeyType: "HASH" }],
            AttributeDefinitions: [{ AttributeName: "operationId", AttributeType: "S" }],
            BillingMode: "PAY_PER_REQUEST",
        }),
    );
    await dynamodb.send(new CreateTableCommand(tenantDataCreateTableInput(String(platform.dataTableName))));
    // The registry: offboarding leaves the tenant's tombstone there, signups read it.
    await dynamodb.send(
        new CreateTableCommand({
            TableName: String(platform.registryTableName),
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "tenantId", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "tenantId", KeyType: "HASH" }],
        }),
    );
    await s3.send(
        new CreateBucketCommand({
            Bucket: String(platform.bucketName),
            CreateBucketConfiguration: { LocationConstraint: REGION },
        }),
    );
    for (const client of [sqs, dynamodb, s3]) client.destroy();
    return { queueUrl: QueueUrl as string, tableName: "tenant-tiers-dev-operations" };
}

/** Starts everything; refuses unless `TENANT_TIERS_CONTROL_PLANE_DEV=1` (the dev issuer mints tokens). */
export async function startDevControlPlane(options: DevControlPlaneOptions = {}): Promise<DevControlPlane> {
    if (process.env.TENANT_TIERS_CONTROL_PLANE_DEV !== "1") {
        throw new Error(
            "refusing to start the development control plane: it runs a local token issuer that signs any scope. " +
                "Set TENANT_TIERS_CONTROL_PLANE_DEV=1 (npm run control-plane:dev does) on a developer machine only",
        );
    }
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const sandbox = new Sandbox("control-plane-dev");
    let moto: Moto | undefined;
    try {
        log("deploying the dev platform stack on the local engine (file:// backend, aws provider double)...");
        const platformDir = sandbox.platformProject();
        const up = sandbox.pulumi(["up", "-s", "dev", "--yes", "--skip-preview"], platformDir);
        if (up.code !== 0) throw new Error(`pulumi up of the platform failed:\n${up.stderr || up.stdout}`);
        moto = await startMoto();
        await pointUserPoolAtMoto(sandbox, platformDir, moto);
        const platform = JSON.parse(
            sandbox.pulumi(["stack", "output", "-s", "dev", "--json"], platformDir).stdout,
        ) as Record<string, unknown>;
        const { queueUrl, tableName } = await localResources(moto, platform);
        Object.assign(process.env, sandbox.env(), {
            AWS_REGION: REGION,
            AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
            AWS_ENDPOINT_URL_SQS: moto.endpoint,
            AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
            AWS_ENDPOINT_URL_S3: moto.endpoint,
            AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: moto.endpoint,
            TENANT_TIERS_ENVIRONMENT: "dev",
            TENANT_TIERS_WORK_DIR: path.join(sandbox.root, "tenants"),
            OPERATIONS_TABLE: tableName,
            OPERATIONS_QUEUE_URL: queueUrl,
            COGNITO_USER_POOL_ID: DEV_USER_POOL_ID,
            COGNITO_CLIENT_IDS: DEV_CLIENT_ID,
            CONTROL_PLANE_LOG: "off",
        });
        // The port is given to listen() below; the settings' PORT is the container's.
        const settings = readControlPlaneSettings({ ...process.env, PORT: "8080" });
        const issuer = devIssuer();
        const tokenUrl = await issuer.listen();
        const api: FastifyInstance = await controlPlaneApi(settings, process.env, issuer.verifier);
        const apiUrl = await api.listen({ port: options.port ?? 8080, host: "127.0.0.1" });
        const started = moto;
        const workers: Consumer[] = [];
        for (let i = 0; i < (options.workers ?? 1); i++) {
            const worker = controlPlaneWorker(
                settings,
                process.env,
                (line) => log(`[worker ${i + 1}] ${line}`),
                withPremiumTables(started, settings.environment),
            );
            worker.start();
            workers.push(worker);
        }
        return {
            apiUrl,
            tokenUrl,
            issuer,
            sandbox,
            async close() {
                for (const w of workers) w.stop({ abort: true });
                await api.close();
                await issuer.close();
                await started.close();
                sandbox.dispose();
            },
        };
    } catch (error) {
        await moto?.close();
        sandbox.dispose();
        throw error;
    }
}
