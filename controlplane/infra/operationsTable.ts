/**
 * The operations table: one item per operation (partition key `operationId`), its steps as the
 * workers record them, and the API's idempotency records in the same table. Point-in-time
 * recovery, deletion protection, protected and retained: it is the audit trail of every signup.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";

/** Items with this attribute (epoch seconds) expire: idempotency records, finished operations. */
export const OPERATIONS_TTL_ATTRIBUTE = "expiresAt";
/** Index of a tenant's operations, newest last (sparse: items without `tenantId` are not in it). */
export const OPERATIONS_BY_TENANT_INDEX = "byTenant";

export function operationsTable(
    name: string,
    environment: string,
    tags: TenantTags,
    opts: pulumi.CustomResourceOptions,
): aws.dynamodb.Table {
    return new aws.dynamodb.Table(
        name,
        {
            name: `tenant-tiers-${environment}-operations`,
            billingMode: "PAY_PER_REQUEST",
            hashKey: "operationId",
            attributes: [
                { name: "operationId", type: "S" },
                { name: "tenantId", type: "S" },
                { name: "createdAt", type: "S" },
            ],
            globalSecondaryIndexes: [
                {
                    name: OPERATIONS_BY_TENANT_INDEX,
                    hashKey: "tenantId",
                    rangeKey: "createdAt",
                    projectionType: "ALL",
                },
            ],
            ttl: { attributeName: OPERATIONS_TTL_ATTRIBUTE, enabled: true },
            pointInTimeRecovery: { enabled: true },
            deletionProtectionEnabled: true,
            serverSideEncryption: { enabled: true },
            tags: { ...tags },
        },
        { ...opts, protect: true, retainOnDelete: true },
    );
}
