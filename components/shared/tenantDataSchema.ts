/**
 * The key schema of every tenant data table (pooled and premium). The partition key *is* the
 * tenant id, so `dynamodb:LeadingKeys` can be compared with `StringEquals`; the one index leads
 * with the tenant id too, because index queries are authorized against the index partition key.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

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

/**
 * The same table as `CreateTable` input, for the AWS APIs that stand in for AWS where the provider
 * creates nothing: moto and dynalite in the tests, moto in the control plane's dev runner.
 */
export function tenantDataCreateTableInput(tableName: string): CreateTableCommandInput {
    const schema = tenantDataTableSchema();
    return {
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: schema.attributes.map((a) => ({ AttributeName: a.name, AttributeType: "S" })),
        KeySchema: [
            { AttributeName: schema.hashKey, KeyType: "HASH" },
            { AttributeName: schema.rangeKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: schema.globalSecondaryIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: index.keySchemas.map((k) => ({
                AttributeName: k.attributeName,
                KeyType: k.keyType === "HASH" ? "HASH" : "RANGE",
            })),
            Projection: { ProjectionType: "ALL" },
        })),
    };
}
