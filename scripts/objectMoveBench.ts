/**
 * Object-move throughput: one tenant's objects moved from a versioned shared bucket to a versioned
 * tenant bucket on moto's S3 server (copy re-encrypted, verification reading every body from both
 * buckets, cleanup of every version), for a few object counts and sizes.
 */
import {
    CreateBucketCommand,
    PutBucketVersioningCommand,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { moveTenantObjects, type ObjectMoveRecord } from "../automation/objectMove/move";
import { startMoto } from "../test/engine/support/moto";

const KEY = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000002";

export async function objectMoveBench(cases: readonly { objects: number; bytes: number }[]): Promise<void> {
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
        for (const { objects, bytes } of cases) {
            const source = `bench-shared-${++n}`;
            const target = `bench-premium-${n}`;
            for (const bucket of [source, target]) {
                await s3.send(new CreateBucketCommand({ Bucket: bucket }));
                await s3.send(
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
                { client: s3, progress: { get: async () => record, put: async (r) => void (record = r) } },
            );
            const seconds = (performance.now() - start) / 1000;
            console.log(
                `  ${String(objects).padStart(5)} objects x ${String(bytes).padStart(6)} B: ${seconds.toFixed(2)} s, ` +
                    `${(result.count / seconds).toFixed(0)} objects/s, ${((result.count * bytes) / seconds / 1e6).toFixed(2)} MB/s ` +
                    `(copy + verify both sides + delete ${result.deleted} versions)`,
            );
        }
    } finally {
        s3.destroy();
        await moto.close();
    }
}
