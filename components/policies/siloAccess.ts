import { siloDataRoleName } from "../shared/tenantNaming";
import { type PolicyDocument, type PolicyStatement, PRINCIPAL_TENANT, policyDocument } from "./document";
import { noScanStatements, ownPartitionCondition } from "./partitionGuard";
import { TENANT_ITEM_ACTIONS, TENANT_KEY_ACTIONS, TENANT_OBJECT_ACTIONS } from "./tenantActions";

/** The caller's organization, as a policy variable (a literal, not a template). */
export const PRINCIPAL_ORG = "${aws:PrincipalOrgID}";

/**
 * The statement of the platform's tenant access policy that opens the second hop: a session may
 * assume the silo data role named after its own `TenantId` tag, in any account, only when that role
 * is tagged with the same tenant and lives in the caller's organization. Silo accounts are not
 * listed anywhere on the platform side, so the platform policy does not grow with tenants.
 */
export function assumeSiloDataRoleStatement(environment: string): PolicyStatement {
    return {
        Sid: "AssumeOwnSiloDataRole",
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Resource: `arn:aws:iam::*:role/${siloDataRoleName(environment, PRINCIPAL_TENANT)}`,
        Condition: {
            StringEquals: {
                "aws:ResourceTag/TenantId": PRINCIPAL_TENANT,
                "aws:ResourceOrgID": PRINCIPAL_ORG,
            },
        },
    };
}

export interface SiloDataTrustArgs {
    /** The platform's tenant access role: the only principal that may assume the silo data role. */
    readonly tenantAccessRoleArn: string;
    /** The one tenant whose sessions are let in. */
    readonly tenantId: string;
    /** The organization both accounts belong to. */
    readonly organizationId: string;
}

/**
 * Trust policy of a silo data role: only the platform's tenant access role, only from a session
 * whose (transitive) `TenantId` tag is this tenant, only from inside the organization. `TagSession`
 * is needed because the transitive tag travels with the chained request.
 */
export function siloDataTrust(args: SiloDataTrustArgs): PolicyDocument {
    return policyDocument({
        Sid: "TenantAccessRoleOfThisTenant",
        Effect: "Allow",
        Principal: { AWS: args.tenantAccessRoleArn },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:PrincipalTag/TenantId": args.tenantId,
                "aws:PrincipalOrgID": args.organizationId,
            },
        },
    });
}

export interface SiloDataPolicyArgs {
    readonly tenantId: string;
    /** The tenant's table in the silo account. */
    readonly tableArn: string;
    /** The tenant's bucket in the silo account. */
    readonly bucketArn: string;
    /** The tenant's key in the silo account. */
    readonly keyArn: string;
}

/**
 * Permissions of a silo data role: the silo account's table, bucket and key, and inside them only
 * this tenant's partition and prefix. The tenant is written in as a literal: the role serves one
 * tenant, so nothing here depends on a tag being right.
 */
export function siloDataPolicy(args: SiloDataPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "TenantItems",
            Effect: "Allow",
            Action: [...TENANT_ITEM_ACTIONS],
            Resource: [args.tableArn, `${args.tableArn}/index/*`],
            Condition: ownPartitionCondition(args.tenantId),
        },
        ...noScanStatements(),
        {
            Sid: "TenantObjects",
            Effect: "Allow",
            Action: [...TENANT_OBJECT_ACTIONS],
            Resource: `${args.bucketArn}/${args.tenantId}/*`,
        },
        {
            Sid: "ListTenantPrefix",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:ListBucketVersions"],
            Resource: args.bucketArn,
            Condition: { StringLike: { "s3:prefix": [`${args.tenantId}/*`] } },
        },
        {
            // A tier change out of the silo deletes every version and delete marker it moved (the
            // bucket is versioned). One tenant's role on one tenant's bucket: no other tenant's data.
            Sid: "TenantObjectVersionsForTierChange",
            Effect: "Allow",
            Action: ["s3:DeleteObjectVersion"],
            Resource: `${args.bucketArn}/${args.tenantId}/*`,
        },
        { Sid: "TenantKey", Effect: "Allow", Action: [...TENANT_KEY_ACTIONS], Resource: args.keyArn },
    );
}
