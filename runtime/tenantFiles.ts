/**
 * The tenant's files in S3, one per item, under `<tenantId>/items/<itemId>/file`. Premium tenants'
 * objects are written with SSE-KMS under the tenant's own key; pooled objects get the bucket's
 * default (SSE-KMS with the platform key).
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { TenantKeys } from "./tenantKeys";

/** Largest file accepted (Lambda's synchronous payload limit is 6 MB, base64 inflates by a third). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** A stored file. */
export interface StoredFile {
    readonly body: Uint8Array;
    readonly contentType: string;
}

/** Files of one tenant. */
export class TenantFiles {
    constructor(
        private readonly s3: S3Client,
        private readonly keys: TenantKeys,
        private readonly bucketName: string,
        /** Premium only: the tenant's key. */
        private readonly tenantKeyArn: string | undefined,
    ) {}

    async put(itemId: string, file: StoredFile): Promise<void> {
        await this.s3.send(
            new PutObjectCommand({
                Bucket: this.bucketName,
                Key: this.keys.objectKey(itemId),
                Body: file.body,
                ContentType: file.contentType,
                ...(this.tenantKeyArn === undefined
                    ? {}
                    : {
                          ServerSideEncryption: "aws:kms",
                          SSEKMSKeyId: this.tenantKeyArn,
                          BucketKeyEnabled: true,
                      }),
            }),
        );
    }

    /** The item's file, or `undefined` when it has none. */
    async get(itemId: string): Promise<StoredFile | undefined> {
        try {
            const result = await this.s3.send(
                new GetObjectCommand({ Bucket: this.bucketName, Key: this.keys.objectKey(itemId) }),
            );
            const body =
                result.Body === undefined ? new Uint8Array() : await result.Body.transformToByteArray();
            return { body, contentType: result.ContentType ?? "application/octet-stream" };
        } catch (error) {
            if (error instanceof Error && error.name === "NoSuchKey") return undefined;
            throw error;
        }
    }

    async delete(itemId: string): Promise<void> {
        await this.s3.send(
            new DeleteObjectCommand({ Bucket: this.bucketName, Key: this.keys.objectKey(itemId) }),
        );
    }
}
