import { type PolicyDocument, PRINCIPAL_TENANT, policyDocument } from "./document";
import { premiumTableStatement } from "./premiumAccess";
import { notReservedTenant } from "./reservedTags";
import { assumeSiloDataRoleStatement } from "./siloAccess";
import { noScanStatements, ownPartitionCondition } from "./partitionGuard";
import { TENANT_ITEM_ACTIONS, TENANT_KEY_ACTIONS, TENANT_OBJECT_ACTIONS } from "./tenantActions";

export { TENANT_ITEM_ACTIONS, TENANT_KEY_ACTIONS, TENANT_OBJECT_ACTIONS } from "./tenantActions";

export interface TenantAccessPolicyArgs {
    /** Tables whose partition key is the tenant id (the pooled table, premium tables). */
    readonly tenantTableArns: readonly string[];
    /** The shared tenant bucket; objects live under `<tenantId>/`. */
    readonly bucketArn: string;
    /** The platform key that encrypts shared tables and the bucket. */
    readonly platformKeyArn: string;
    readonly region: string;
    readonly accountId: string;
    /**
     * The environment whose premium tenants' own tables and silo data roles sessions may reach
     * (named from the session's `TenantId` tag as in `components/shared/tenantNaming.ts`, under the same
     * conditions). Unset: the shared stores only.
     */
    readonly environment?: string;
}

/**
 * Permissions of the tenant access role. Every grant is pinned to the session's `TenantId` tag:
 * the partition key (DynamoDB), the object prefix (S3), the key's `TenantId` tag (KMS). The
 * platform key is usable only through DynamoDB and S3, which apply their own tenant checks first.
 */
export function tenantAccessPolicy(args: TenantAccessPolicyArgs): PolicyDocument {
    const tableResources = args.tenantTableArns.flatMap((arn) => [arn, `${arn}/index/*`]);
    const tenantStores =
        args.environment === undefined
            ? []
            : [
                  premiumTableStatement({ ...args, environment: args.environment }),
                  assumeSiloDataRoleStatement(args.environment),
              ];
    return policyDocument(
        {
            Sid: "TenantItemsInOwnPartition",
            Effect: "Allow",
            Action: [...TENANT_ITEM_ACTIONS],
            Resource: tableResources,
            Condition: ownPartitionCondition(PRINCIPAL_TENANT),
        },
        ...noScanStatements(),
        {
            Sid: "TenantObjectsUnderOwnPrefix",
            Effect: "Allow",
            Action: [...TENANT_OBJECT_ACTIONS],
            Resource: `${args.bucketArn}/${PRINCIPAL_TENANT}/*`,
        },
        {
            Sid: "ListOwnPrefixOnly",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: args.bucketArn,
            Condition: { StringLike: { "s3:prefix": [`${PRINCIPAL_TENANT}/*`] } },
        },
        {
            Sid: "TenantKeysByTag",
            Effect: "Allow",
            Action: [...TENANT_KEY_ACTIONS],
            Resource: `arn:aws:kms:${args.region}:${args.accountId}:key/*`,
            Condition: {
                StringEquals: { "aws:ResourceTag/TenantId": PRINCIPAL_TENANT },
                ...notReservedTenant("aws:ResourceTag/TenantId"),
            },
        },
        {
            Sid: "PlatformKeyThroughDataServices",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.platformKeyArn,
            Condition: {
                StringEquals: {
                    "kms:ViaService": [
                        `dynamodb.${args.region}.amazonaws.com`,
                        `s3.${args.region}.amazonaws.com`,
                    ],
                },
            },
        },
        ...tenantStores,
    );
}
