/**
 * Where the double's resources must also exist in "AWS" for our code to work with them: when the
 * environment points the AWS SDK's S3 client at a local endpoint (`AWS_ENDPOINT_URL_S3`, the same
 * variable the lifecycle's clients read: moto or s3rver in the engine tests and the control plane's dev
 * runner), a bucket the provider creates is also created there under the name the double gave it, as
 * the real provider's CreateBucket would. Without that variable nothing is called.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** Error names S3 answers when the bucket is already there (the platform's, created by the test). */
const ALREADY_THERE = new Set(["BucketAlreadyOwnedByYou", "BucketAlreadyExists"]);

export async function materialize(type: string, outputs: Record<string, unknown>): Promise<void> {
    const endpoint = process.env.AWS_ENDPOINT_URL_S3;
    if (endpoint === undefined || endpoint === "" || type !== "aws:s3/bucket:Bucket") return;
    const bucket = outputs.bucket;
    if (typeof bucket !== "string")
        throw new Error(`the double created a bucket without a name: ${String(bucket)}`);
    const s3 = new S3Client({
        endpoint,
        forcePathStyle: true,
        region: process.env.AWS_REGION ?? "us-east-1",
    });
    try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (error) {
        if (!ALREADY_THERE.has((error as Error).name)) throw error;
    } finally {
        s3.destroy();
    }
}
