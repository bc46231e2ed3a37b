/**
 * Where a tenant's data is read, written and deleted: the platform account's clients, or, for a
 * silo tenant, clients of its silo account through its role chain (`siloClients.ts`), the same way
 * the tenant's function reaches it; a silo tier change and offboarding both open them here. That chain can touch exactly the tenant's
 * partition, its `<id>/` prefix and its key, never the stores themselves: a silo tenant's offboarding
 * backup is an export to the operator's archive, and its purge empties the partition and the prefix
 * (like a pooled tenant's), leaving the empty table, bucket and key in the tenant's own account.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { S3Client } from "@aws-sdk/client-s3";
import type { RetainedData, SiloData } from "../../tiers/registry";
import type { TenantId } from "../../tiers/tenantId";
import type { TierName } from "../../tiers/tier";
import type { LifecycleDeps } from "./context";
import { InvalidLifecycleInputError } from "./errors";
import type { SiloClientFactory, SiloClients } from "./siloClients";
import { outputNamed } from "./tierMove";

export interface DataClients {
    readonly dynamodb: DynamoDBClient;
    readonly s3: S3Client;
}

/** The silo account and data role of a tenant stack's outputs, when it has a silo. */
export function siloDataOf(outputs: Readonly<Record<string, unknown>>): SiloData | undefined {
    const { siloAccountId, siloDataRoleArn } = outputs;
    return typeof siloAccountId === "string" && typeof siloDataRoleArn === "string"
        ? { accountId: siloAccountId, dataRoleArn: siloDataRoleArn }
        : undefined;
}

/** The silo clients of `deps`; without them, the error naming `rule` (thrown before any call). */
export function siloClientFactory(deps: LifecycleDeps, rule: string): SiloClientFactory {
    const factory = deps.aws?.silo;
    if (factory === undefined) throw new InvalidLifecycleInputError("aws.silo", undefined, rule);
    return factory;
}

/** Why offboarding or a purge needs silo clients. */
export const siloDataRule = (tenantId: string, what: string): string =>
    `tenant "${tenantId}" keeps its data in a silo account, which ${what} reaches through the tenant's role chain: ` +
    "pass silo clients (the CLI builds them from the tenantMigrationRoleArn session; docs/silo-accounts.md)";

/**
 * Clients of the tenant's silo account through its role chain: the platform's tenant access role
 * (the platform stack's output), then the silo's data role. Close them with {@link closeClients}.
 */
export function siloClientsOf(
    factory: SiloClientFactory,
    platformOutputs: Readonly<Record<string, unknown>>,
    environment: string,
    tenantId: TenantId,
    silo: SiloData,
): SiloClients {
    return factory({
        tenantId,
        tenantAccessRoleArn: outputNamed(platformOutputs, "tenantAccessRoleArn", "platform", environment),
        siloDataRoleArn: silo.dataRoleArn,
    });
}

export function closeClients(clients: DataClients): void {
    clients.dynamodb.destroy();
    clients.s3.destroy();
}

/** The clients that reach `stores`, and a `close` for the ones opened here. */
export async function dataClientsOf(
    deps: LifecycleDeps,
    environment: string,
    tenantId: TenantId,
    stores: RetainedData,
    platform: DataClients,
): Promise<DataClients & { close(): void }> {
    if (stores.silo === undefined) return { ...platform, close: () => undefined };
    const factory = siloClientFactory(deps, siloDataRule(tenantId, "this step"));
    const outputs = await deps.workspaces.platformOutputs(environment);
    const clients = siloClientsOf(factory, outputs, environment, tenantId, stores.silo);
    return { ...clients, close: () => closeClients(clients) };
}

/** How the purge treats the stores: a silo's are emptied like a pooled partition and prefix. */
export const purgeShapeOf = (tier: TierName, stores: RetainedData): TierName =>
    stores.silo === undefined ? tier : "pooled";

/** What an operator reads after purging a silo tenant. */
export const siloPurgeNote = (silo: SiloData): string =>
    `the emptied table, bucket and key stay in silo account ${silo.accountId}, the tenant's own: ` +
    "close the account through AWS Organizations (CloseAccount) when it is no longer needed";
