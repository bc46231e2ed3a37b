/**
 * The policies of a silo account's bootstrap: the role tenant stacks assume to deploy into the
 * account (its trust and its permissions) and the permissions boundary that caps it and every role
 * it creates. The bootstrap stack (automation/bootstrap) deploys them; the tenant stack's silo data
 * role carries the same boundary.
 */
import { SILO_BOUNDARY_POLICY_NAME, SILO_ROLE_PATTERN, siloBoundaryArn } from "../shared/tenantNaming";
import { type PolicyDocument, type PolicyStatement, policyDocument } from "./document";
import { TENANT_ITEM_ACTIONS, TENANT_KEY_ACTIONS, TENANT_OBJECT_ACTIONS } from "./tenantActions";

export { SILO_BOUNDARY_POLICY_NAME, siloBoundaryArn };

export interface BootstrapTrustArgs {
    /** The platform's deployer: the one principal that runs tenant stacks (a role or user ARN, never root). */
    readonly deployerArn: string;
    /** The one tenant whose stacks may deploy into the account. */
    readonly tenantId: string;
    /** The organization the platform and the silo account belong to. */
    readonly organizationId: string;
}

/**
 * Trust policy of the bootstrap role: only the deployer, only with the session tag `TenantId` set to
 * this tenant (no other tag key, transitive or not), only from inside the organization.
 */
export function bootstrapTrust(args: BootstrapTrustArgs): PolicyDocument {
    return policyDocument({
        Sid: "TenantStacksOfThisTenant",
        Effect: "Allow",
        Principal: { AWS: args.deployerArn },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: {
                "aws:RequestTag/TenantId": args.tenantId,
                "aws:PrincipalOrgID": args.organizationId,
            },
            "ForAllValues:StringEquals": {
                "aws:TagKeys": ["TenantId"],
                "sts:TransitiveTagKeys": ["TenantId"],
            },
        },
    });
}

/** The IAM actions on silo data roles that `iam:PermissionsBoundary` can condition (the role's boundary). */
const BOUNDED_ROLE_ACTIONS: readonly string[] = Object.freeze([
    "iam:CreateRole",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
]);

/** The other IAM actions a tenant stack takes on its silo data role (IAM offers no boundary condition on them). */
const ROLE_ACTIONS: readonly string[] = Object.freeze([
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:ListRolePolicies",
    "iam:ListAttachedRolePolicies",
    "iam:ListInstanceProfilesForRole",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:DeleteRole",
]);

/** What a tenant stack creates in the silo account besides the data role: key and alias, table, bucket. */
function storeStatements(accountId: string): PolicyStatement[] {
    return [
        {
            Sid: "CreateTenantKeys",
            Effect: "Allow",
            Action: ["kms:CreateKey", "kms:List*"],
            Resource: "*",
        },
        {
            Sid: "TenantKeys",
            Effect: "Allow",
            Action: [
                "kms:TagResource",
                "kms:EnableKeyRotation",
                "kms:PutKeyPolicy",
                "kms:DescribeKey",
                "kms:GetKey*",
            ],
            Resource: `arn:aws:kms:*:${accountId}:key/*`,
        },
        {
            // DynamoDB creates a grant on the tenant key for the table, on the caller's behalf.
            Sid: "TenantKeyGrantsForServices",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: `arn:aws:kms:*:${accountId}:key/*`,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
            Sid: "TenantKeyAliases",
            Effect: "Allow",
            Action: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
            Resource: [`arn:aws:kms:*:${accountId}:alias/tenant-tiers-*`, `arn:aws:kms:*:${accountId}:key/*`],
        },
        {
            Sid: "TenantTables",
            Effect: "Allow",
            Action: [
                "dynamodb:CreateTable",
                "dynamodb:Describe*",
                "dynamodb:UpdateTable",
                "dynamodb:UpdateContinuousBackups",
                "dynamodb:TagResource",
                "dynamodb:ListTagsOfResource",
            ],
            Resource: `arn:aws:dynamodb:*:${accountId}:table/tenant-tiers-*`,
        },
        {
            Sid: "TenantBuckets",
            Effect: "Allow",
            Action: [
                "s3:CreateBucket",
                "s3:ListBucket",
                "s3:GetBucket*",
                "s3:PutBucket*",
                "s3:GetEncryptionConfiguration",
                "s3:PutEncryptionConfiguration",
                "s3:GetAccelerateConfiguration",
                "s3:GetLifecycleConfiguration",
                "s3:GetReplicationConfiguration",
            ],
            Resource: "arn:aws:s3:::tenant-tiers-*",
        },
    ];
}

const siloRoles = (accountId: string) => `arn:aws:iam::${accountId}:role/${SILO_ROLE_PATTERN}`;

export interface BootstrapPermissionsArgs {
    /** The silo account. */
    readonly accountId: string;
    /** The bootstrap role's own name: it may never change itself. */
    readonly bootstrapRoleName: string;
}

/**
 * Permissions of the bootstrap role: what a tenant stack creates in the silo account and nothing
 * else. Roles only under `tenant-tiers-*-silo-*`, created and given policies only while they carry
 * the account's boundary; no deletion of tables, buckets or keys (data stores are retained).
 */
export function bootstrapPermissions(args: BootstrapPermissionsArgs): PolicyDocument {
    const { accountId } = args;
    return policyDocument(
        ...storeStatements(accountId),
        {
            Sid: "SiloDataRolesWithTheBoundary",
            Effect: "Allow",
            Action: [...BOUNDED_ROLE_ACTIONS],
            Resource: siloRoles(accountId),
            Condition: { StringEquals: { "iam:PermissionsBoundary": siloBoundaryArn(accountId) } },
        },
        { Sid: "SiloDataRoles", Effect: "Allow", Action: [...ROLE_ACTIONS], Resource: siloRoles(accountId) },
        {
            Sid: "NeverItself",
            Effect: "Deny",
            Action: "iam:*",
            Resource: `arn:aws:iam::${accountId}:role/${args.bootstrapRoleName}`,
        },
    );
}

/** Deletions of data stores and of their protection, refused to every bounded role. */
export const RETAINED_STORE_ACTIONS: readonly string[] = Object.freeze([
    "dynamodb:DeleteTable",
    "dynamodb:DeleteBackup",
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:DeleteImportedKeyMaterial",
]);

/**
 * The silo account's permissions boundary, on the bootstrap role and on every role it creates: the
 * deploy actions of tenant stacks plus the tenant data actions on `tenant-tiers-*` stores, never a
 * role without this boundary, never a change to the boundary, never a deleted store. A role created
 * under it cannot do more than it, so the bootstrap role cannot mint a role stronger than itself.
 */
export function siloBoundary(accountId: string): PolicyDocument {
    const boundary = siloBoundaryArn(accountId);
    return policyDocument(
        ...storeStatements(accountId),
        {
            Sid: "SiloDataRoles",
            Effect: "Allow",
            Action: [...BOUNDED_ROLE_ACTIONS, ...ROLE_ACTIONS],
            Resource: siloRoles(accountId),
        },
        {
            Sid: "TenantData",
            Effect: "Allow",
            Action: [...TENANT_ITEM_ACTIONS, ...TENANT_OBJECT_ACTIONS, ...TENANT_KEY_ACTIONS],
            Resource: [
                `arn:aws:dynamodb:*:${accountId}:table/tenant-tiers-*`,
                "arn:aws:s3:::tenant-tiers-*/*",
                `arn:aws:kms:*:${accountId}:key/*`,
            ],
        },
        {
            Sid: "NoRoleWithoutThisBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundary } },
        },
        {
            Sid: "KeepTheBoundary",
            Effect: "Deny",
            Action: [
                "iam:DeleteRolePermissionsBoundary",
                "iam:CreatePolicyVersion",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
                "iam:DeletePolicy",
            ],
            Resource: "*",
        },
        { Sid: "RetainDataStores", Effect: "Deny", Action: [...RETAINED_STORE_ACTIONS], Resource: "*" },
    );
}
