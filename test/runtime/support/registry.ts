/** Registry entries for tests, and writing them to an emulated registry table. */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { TenantRegistryEntry, TenantStatus } from "../../../tiers/registry";
import type { TierName } from "../../../tiers/tier";
import { documentClient } from "./emulators";

export const REGISTRY_TABLE = "tenant-registry";

export function registryEntry(
    tenantId: string,
    overrides: {
        tier?: TierName;
        status?: TenantStatus;
        functionName?: string;
    } & Partial<TenantRegistryEntry> = {},
): TenantRegistryEntry {
    return {
        tenantId,
        tier: "pooled",
        status: "active",
        createdAt: "2026-01-01T00:00:00.000Z",
        apiKeyId: `key-${tenantId}`,
        functionName: "tenant-tiers-dev-pooled",
        tableName: "tenant-data",
        ...overrides,
    };
}

export async function putRegistryEntry(endpoint: string, entry: TenantRegistryEntry): Promise<void> {
    await documentClient(endpoint).send(new PutCommand({ TableName: REGISTRY_TABLE, Item: { ...entry } }));
}
