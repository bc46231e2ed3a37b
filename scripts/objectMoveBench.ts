/**
 * Object-move throughput: one tenant's objects moved from a versioned shared bucket to a versioned
 * tenant bucket on moto's S3 server (copy re-encrypted, verification reading every body from both
 * buckets, cleanup of every version), for a few object counts and sizes. Cross-account cases move
 * into a bucket of a second moto account, written through the tenant's role chain (the tenant access
 * role tagged `TenantId`, then the silo data role), as a silo tier change does.
 */
import {
    CreateBucketCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { chainedSiloClients } from "../automation/lifecycle/siloClients";
import { moveTenantObjects, type ObjectMoveRecord } from "../automation/objectMove/move";
import { parseTenantId } from "../tiers/tenantId";
import { startMoto } from "../test/engine/support/moto";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000002";
const SILO_ACCOUNT = "210987654321";

export interface ObjectMoveCase {
    readonly objects: number;
    readonly bytes: number;
    /** Into a second account through the tenant's role chain. @default false */
    readonly crossAccount?: boolean;
}

export async function objectMoveBench(cases: readonly ObjectMoveCase[]): Promise<void> {
    const moto = await startMoto();
    const s3 = new S3Client({
        endpoint: moto.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    });
    console.log("object move on a tier change (moto S3 server, versioned buckets, SSE-KMS headers)");
    try {
        let n = 0;
        // The bench's own credentials stand for the operator's migration-role session.
        const chain = chainedSiloClients({
            region: "us-east-1",
            endpoint: moto.endpoint,
            masterCredentials: async () => ({ accessKeyId: "bench", secretAccessKey: "bench" }),
        });
        for (const { objects, bytes, crossAccount = false } of cases) {
            const source = `bench-shared-${++n}`;
            const target = `bench-premium-${n}`;
            const silo = crossAccount
                ? chain({
                      tenantId: parseTenantId("acme"),
                      tenantAccessRoleArn: "arn:aws:iam::123456789012:role/tenant-tiers-bench-tenant-access",
                      siloDataRoleArn: `arn:aws:iam::${SILO_ACCOUNT}:role/tenant-tiers-bench-silo-acme`,
                  })
                : undefined;
            const targetClient = silo?.s3 ?? s3;
            for (const [bucket, client] of [
                [source, s3],
                [target, targetClient],
            ] as const) {
                await client.send(new CreateBucketCommand({ Bucket: bucket }));
                await client.send(
                    new PutBucketVersioningCommand({
                        Bucket: bucket,
                        VersioningConfiguration: { Status: "Enabled" },
                    }),
                );
            }
            const body = Buffer.alloc(bytes, 97);
            for (let i = 0; i < objects; i++) {
                await s3.send(
                    new PutObjectCommand({
                        Bucket: source,
                        Key: `acme/obj-${String(i).padStart(6, "0")}`,
                        Body: body,
                    }),
                );
            }
            let record: ObjectMoveRecord | undefined;
            const start = performance.now();
            const result = await moveTenantObjects(
                { tenantId: "acme", sourceBucket: source, targetBucket: target, targetKmsKeyId: KEY },
                {
                    client: s3,
                    targetClient,
                    progress: { get: async () => record, put: async (r) => void (record = r) },
                },
            );
            silo?.s3.destroy();
            silo?.dynamodb.destroy();
            const seconds = (performance.now() - start) / 1000;
            console.log(
                `  ${crossAccount ? "cross-account" : "same account "} ${String(objects).padStart(5)} objects x ${String(bytes).padStart(7)} B: ${seconds.toFixed(2)} s, ` +
                    `${(result.count / seconds).toFixed(0)} objects/s, ${((result.count * bytes) / seconds / 1e6).toFixed(2)} MB/s ` +
                    `(copy + verify both sides + delete ${result.deleted} versions)`,
            );
        }
    } finally {
        s3.destroy();
        await moto.close();
    }
}
