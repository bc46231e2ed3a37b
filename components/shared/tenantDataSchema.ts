/**
 * The key schema of every tenant data table (pooled and premium). The partition key *is* the
 * tenant id, so `dynamodb:LeadingKeys` can be compared with `StringEquals`; the one index leads
 * with the tenant id too, because index queries are authorized against the index partition key.
 */
export const TENANT_DATA_KEYS = Object.freeze({
    partitionKey: "tenantId",
    sortKey: "sk",
    indexName: "gsi1",
    indexSortKey: "gsi1sk",
});

/** Key attributes and index of a tenant data table, as `aws.dynamodb.Table` inputs. */
export function tenantDataTableSchema() {
    const k = TENANT_DATA_KEYS;
    return {
        hashKey: k.partitionKey,
        rangeKey: k.sortKey,
        attributes: [
            { name: k.partitionKey, type: "S" },
            { name: k.sortKey, type: "S" },
            { name: k.indexSortKey, type: "S" },
        ],
        globalSecondaryIndexes: [
            {
                name: k.indexName,
                keySchemas: [
                    { attributeName: k.partitionKey, keyType: "HASH" },
                    { attributeName: k.indexSortKey, keyType: "RANGE" },
                ],
                projectionType: "ALL",
            },
        ],
    };
}
