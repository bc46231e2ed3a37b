/**
 * The clients a silo tier change reads or writes the silo account with: the runtime's own chain
 * (`runtime/tenantCredentials.ts`), started by the operator's `tenantMigrationRoleArn` session
 * instead of a function's execution role. Hop one, the platform's tenant access role with the session
 * tag `TenantId=<id>` (transitive); hop two, the tenant's silo data role, whose trust checks that tag.
 * So the move can touch exactly what the tenant's function can: one partition, one prefix, one key.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import type { STSClientConfig } from "@aws-sdk/client-sts";
import { type CredentialProvider, tenantCredentials } from "../../runtime/tenantCredentials";
import type { TenantId } from "../../tiers/tenantId";

/** One tenant's way into its silo account. */
export interface SiloChain {
    readonly tenantId: TenantId;
    /** The platform's tenant access role (platform output `tenantAccessRoleArn`). */
    readonly tenantAccessRoleArn: string;
    /** The tenant's silo data role (tenant output `siloDataRoleArn`). */
    readonly siloDataRoleArn: string;
}

export interface SiloClients {
    readonly dynamodb: DynamoDBClient;
    readonly s3: S3Client;
}

/** Builds the silo clients of one tenant; the lifecycle destroys them when the move is done. */
export type SiloClientFactory = (chain: SiloChain) => SiloClients;

export interface ChainedSiloClientOptions {
    readonly region: string;
    /** The operator's credentials (a `tenantMigrationRoleArn` session). @default the SDK's default chain */
    readonly masterCredentials?: CredentialProvider;
    /** A local endpoint for STS, DynamoDB and S3 (moto in the tests). */
    readonly endpoint?: string;
    /** STS requests go through this handler (the tests record the session tags with it). */
    readonly stsRequestHandler?: STSClientConfig["requestHandler"];
}

/** The factory the CLI uses: the runtime's role chain, with the migration's session names. */
export function chainedSiloClients(options: ChainedSiloClientOptions): SiloClientFactory {
    return (chain) => {
        const credentials = tenantCredentials({
            tenantId: chain.tenantId,
            tenantAccessRoleArn: chain.tenantAccessRoleArn,
            siloRoleArn: chain.siloDataRoleArn,
            region: options.region,
            purpose: "migration",
            ...(options.masterCredentials === undefined
                ? {}
                : { masterCredentials: options.masterCredentials }),
            stsConfig: {
                ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
                ...(options.stsRequestHandler === undefined
                    ? {}
                    : { requestHandler: options.stsRequestHandler }),
            },
        });
        const endpoint = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
        return {
            dynamodb: new DynamoDBClient({ region: options.region, credentials, ...endpoint }),
            s3: new S3Client({
                region: options.region,
                credentials,
                ...endpoint,
                ...(options.endpoint === undefined ? {} : { forcePathStyle: true }),
            }),
        };
    };
}
