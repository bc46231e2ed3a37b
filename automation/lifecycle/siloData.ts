/**
 * Where an offboarded tenant's data is read and deleted: the platform account's clients, or, for a
 * silo tenant, clients of its silo account through its role chain (`siloClients.ts`), the same way
 * the tenant's function and a silo tier change reach it. That chain can touch exactly the tenant's
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
import { InvalidLifecycleInputError, LifecycleStateError } from "./errors";

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

/** Throws before any call when a silo tenant's data cannot be reached. */
export function checkSiloDataReachable(deps: LifecycleDeps, tenantId: string, what: string): void {
    if (deps.aws?.silo === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.silo",
            undefined,
            `tenant "${tenantId}" keeps its data in a silo account, which ${what} reaches through the tenant's role chain: ` +
                "pass silo clients (the CLI builds them from the tenantMigrationRoleArn session; docs/silo-accounts.md)",
        );
    }
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
    checkSiloDataReachable(deps, tenantId, "this step");
    const outputs = await deps.workspaces.platformOutputs(environment);
    const tenantAccessRoleArn = outputs.tenantAccessRoleArn;
    if (typeof tenantAccessRoleArn !== "string" || tenantAccessRoleArn === "") {
        throw new LifecycleStateError(
            `the platform stack of ${environment} has no output "tenantAccessRoleArn": update it (pulumi up) first`,
        );
    }
    const clients = (deps.aws?.silo as NonNullable<NonNullable<LifecycleDeps["aws"]>["silo"]>)({
        tenantId,
        tenantAccessRoleArn,
        siloDataRoleArn: stores.silo.dataRoleArn,
    });
    return {
        ...clients,
        close: () => {
            clients.dynamodb.destroy();
            clients.s3.destroy();
        },
    };
}

/** How the purge treats the stores: a silo's are emptied like a pooled partition and prefix. */
export const purgeShapeOf = (tier: TierName, stores: RetainedData): TierName =>
    stores.silo === undefined ? tier : "pooled";

/** What an operator reads after purging a silo tenant. */
export const siloPurgeNote = (silo: SiloData): string =>
    `the emptied table, bucket and key stay in silo account ${silo.accountId}, the tenant's own: ` +
    "close the account through AWS Organizations (CloseAccount) when it is no longer needed";
