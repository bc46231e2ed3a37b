/**
 * The tenant's data access, built once per execution environment from the tenant's credentials:
 * guarded DynamoDB and S3 clients, wrapped in the item and file stores.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { CredentialProvider } from "./tenantCredentials";
import { TenantFiles } from "./tenantFiles";
import { TenantItems } from "./tenantItems";
import { TenantKeys } from "./tenantKeys";
import { guardBucketClient, guardTableClient } from "./tenantScopeGuard";

/** Where the tenant's data lives. */
export interface TenantDataConfig {
    readonly region: string;
    readonly tableName: string;
    readonly bucketName: string;
    /** Premium only: objects are written with SSE-KMS under this key. */
    readonly tenantKeyArn: string | undefined;
}

/** Everything tenant code may do with data, for one tenant. */
export interface TenantData {
    readonly keys: TenantKeys;
    readonly items: TenantItems;
    readonly files: TenantFiles;
}

/** Opens the tenant's stores with clients signed by `credentials` (the tenant's session). */
export function openTenantData(
    tenantId: string,
    credentials: CredentialProvider,
    config: TenantDataConfig,
    tracer?: Tracer,
): TenantData {
    const keys = new TenantKeys(tenantId);
    const dynamodb = new DynamoDBClient({ region: config.region, credentials });
    const s3 = new S3Client({ region: config.region, credentials });
    guardTableClient(dynamodb, keys, config.tableName);
    guardBucketClient(s3, keys, config.bucketName, config.tenantKeyArn);
    tracer?.captureAWSv3Client(dynamodb);
    tracer?.captureAWSv3Client(s3);
    const documents = DynamoDBDocumentClient.from(dynamodb, {
        marshallOptions: { removeUndefinedValues: true },
    });
    return {
        keys,
        items: new TenantItems(documents, keys, config.tableName),
        files: new TenantFiles(s3, keys, config.bucketName, config.tenantKeyArn),
    };
}
