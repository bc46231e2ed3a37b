import { describe, expect, it } from "vitest";
import {
    bootstrapPermissions,
    bootstrapTrust,
    type PolicyDocument,
    siloBoundary,
} from "../../../components/policies";
import { ACCOUNT_ID, type Decision, type SimulationContext, simulate } from "../../helpers/iamSimulation";

// The bootstrap role of a silo account, through the IAM simulator: who may assume it (its trust,
// cross-account from the platform), what it may do (its permissions under its boundary), and that
// the roles it may create cannot outgrow the boundary.

const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-z9y8x7w6v5";
const SILO = "111122223333";
const TENANT = "acme";
const DEPLOYER_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/platform-deployer`;
const DEPLOYER = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-deployer/ci-run`;
const OTHER_PRINCIPAL = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-operator/alice`;
const BOOTSTRAP_ROLE = `arn:aws:iam::${SILO}:role/tenant-tiers-bootstrap`;
const BOUNDARY = `arn:aws:iam::${SILO}:policy/tenant-tiers-silo-boundary`;
const OTHER_BOUNDARY = `arn:aws:iam::${SILO}:policy/admin-boundary`;

const trust = bootstrapTrust({ deployerArn: DEPLOYER_ROLE, tenantId: TENANT, organizationId: ORG });
const permissions = bootstrapPermissions({ accountId: SILO, bootstrapRoleName: "tenant-tiers-bootstrap" });
const boundary = siloBoundary(SILO);

const DEPLOYER_IDENTITY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }],
};

interface TrustCase {
    readonly name: string;
    readonly principal: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly transitive: readonly string[];
    readonly org: string;
    readonly expected: Decision;
}

const ok = { principal: DEPLOYER, tags: { TenantId: TENANT }, transitive: ["TenantId"], org: ORG };
const trustCases: TrustCase[] = [
    { name: "the deployer tagged with the tenant", ...ok, expected: "Allowed" },
    {
        name: "the deployer tagged with the tenant, not transitive",
        ...ok,
        transitive: [],
        expected: "Allowed",
    },
    { name: "another tenant's tag", ...ok, tags: { TenantId: "globex" }, expected: "ImplicitlyDenied" },
    { name: "a neighbour id", ...ok, tags: { TenantId: "acme2" }, expected: "ImplicitlyDenied" },
    { name: "no tag", ...ok, tags: {}, transitive: [], expected: "ImplicitlyDenied" },
    {
        name: "an extra tag key",
        ...ok,
        tags: { TenantId: TENANT, Team: "ops" },
        expected: "ImplicitlyDenied",
    },
    {
        name: "an extra transitive tag key",
        ...ok,
        tags: { TenantId: TENANT, Team: "ops" },
        transitive: ["TenantId", "Team"],
        expected: "ImplicitlyDenied",
    },
    {
        name: "another principal of the platform",
        ...ok,
        principal: OTHER_PRINCIPAL,
        expected: "ImplicitlyDenied",
    },
    { name: "the deployer from another organization", ...ok, org: OTHER_ORG, expected: "ImplicitlyDenied" },
];

function trustContext(c: TrustCase): SimulationContext {
    return {
        ...Object.fromEntries(Object.entries(c.tags).map(([key, value]) => [`aws:RequestTag/${key}`, value])),
        "aws:TagKeys": Object.keys(c.tags),
        "sts:TransitiveTagKeys": c.transitive,
        "aws:PrincipalOrgID": c.org,
    };
}

describe("bootstrap role trust (cross-account from the platform)", () => {
    it.each(trustCases)("$name: AssumeRole and TagSession $expected", async (c) => {
        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
            const outcome = await simulate({
                identityPolicies: [DEPLOYER_IDENTITY],
                resourcePolicy: trust,
                action,
                resource: BOOTSTRAP_ROLE,
                resourceAccountId: SILO,
                principal: c.principal,
                context: trustContext(c),
            });
            expect({ action, result: outcome.result }).toEqual({ action, result: c.expected });
        }
    });
});

interface ActionCase {
    readonly name: string;
    readonly action: string;
    readonly resource: string;
    readonly context?: SimulationContext;
    readonly expected: Decision;
}

// KMS asks the key policy too; the tenant key's policy delegates to the account's IAM.
const ACCOUNT_KEY_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: "kms:*",
            Resource: "*",
        },
    ],
};
const resourcePolicyOf = (resource: string) =>
    resource.startsWith("arn:aws:kms:") ? { resourcePolicy: ACCOUNT_KEY_POLICY } : {};

const BOOTSTRAP_SESSION = `arn:aws:sts::${SILO}:assumed-role/tenant-tiers-bootstrap/tenant-tiers-dev-${TENANT}`;
const DATA_ROLE = `arn:aws:iam::${SILO}:role/tenant-tiers-dev-silo-${TENANT}`;
const TABLE = `arn:aws:dynamodb:eu-west-1:${SILO}:table/tenant-tiers-dev-premium-${TENANT}`;
const BUCKET = "arn:aws:s3:::tenant-tiers-dev-premium-acme-x1y2";
const KEY = `arn:aws:kms:eu-west-1:${SILO}:key/0f0e0d0c-0000-4000-8000-000000000001`;
const withBoundary = { "iam:PermissionsBoundary": BOUNDARY };

const bootstrapCases: ActionCase[] = [
    {
        name: "creates the silo data role with the boundary",
        action: "iam:CreateRole",
        resource: DATA_ROLE,
        context: withBoundary,
        expected: "Allowed",
    },
    {
        name: "creates the silo data role without a boundary",
        action: "iam:CreateRole",
        resource: DATA_ROLE,
        expected: "ExplicitlyDenied",
    },
    {
        name: "creates the silo data role with another boundary",
        action: "iam:CreateRole",
        resource: DATA_ROLE,
        context: { "iam:PermissionsBoundary": OTHER_BOUNDARY },
        expected: "ExplicitlyDenied",
    },
    {
        name: "creates a role outside tenant-tiers-*-silo-* even with the boundary",
        action: "iam:CreateRole",
        resource: `arn:aws:iam::${SILO}:role/admin`,
        context: withBoundary,
        expected: "ImplicitlyDenied",
    },
    {
        name: "puts the data role's policy (role has the boundary)",
        action: "iam:PutRolePolicy",
        resource: DATA_ROLE,
        context: withBoundary,
        expected: "Allowed",
    },
    {
        name: "puts a policy on a silo-named role without the boundary",
        action: "iam:PutRolePolicy",
        resource: DATA_ROLE,
        expected: "ImplicitlyDenied",
    },
    {
        name: "swaps the data role's boundary for another",
        action: "iam:PutRolePermissionsBoundary",
        resource: DATA_ROLE,
        context: { "iam:PermissionsBoundary": OTHER_BOUNDARY },
        expected: "ExplicitlyDenied",
    },
    {
        name: "removes the data role's boundary",
        action: "iam:DeleteRolePermissionsBoundary",
        resource: DATA_ROLE,
        context: withBoundary,
        expected: "ExplicitlyDenied",
    },
    {
        name: "rewrites the boundary policy",
        action: "iam:CreatePolicyVersion",
        resource: BOUNDARY,
        expected: "ExplicitlyDenied",
    },
    {
        name: "changes its own trust",
        action: "iam:UpdateAssumeRolePolicy",
        resource: BOOTSTRAP_ROLE,
        expected: "ExplicitlyDenied",
    },
    {
        name: "gives itself a policy",
        action: "iam:PutRolePolicy",
        resource: BOOTSTRAP_ROLE,
        context: withBoundary,
        expected: "ExplicitlyDenied",
    },
    {
        name: "updates the data role's trust",
        action: "iam:UpdateAssumeRolePolicy",
        resource: DATA_ROLE,
        expected: "Allowed",
    },
    {
        name: "creates the tenant table",
        action: "dynamodb:CreateTable",
        resource: TABLE,
        expected: "Allowed",
    },
    {
        name: "deletes the tenant table",
        action: "dynamodb:DeleteTable",
        resource: TABLE,
        expected: "ExplicitlyDenied",
    },
    { name: "creates the tenant bucket", action: "s3:CreateBucket", resource: BUCKET, expected: "Allowed" },
    {
        name: "deletes the tenant bucket",
        action: "s3:DeleteBucket",
        resource: BUCKET,
        expected: "ExplicitlyDenied",
    },
    {
        name: "puts the tenant bucket's policy",
        action: "s3:PutBucketPolicy",
        resource: BUCKET,
        expected: "Allowed",
    },
    {
        name: "creates a bucket outside tenant-tiers-*",
        action: "s3:CreateBucket",
        resource: "arn:aws:s3:::exfil",
        expected: "ImplicitlyDenied",
    },
    {
        name: "enables rotation of the tenant key",
        action: "kms:EnableKeyRotation",
        resource: KEY,
        expected: "Allowed",
    },
    {
        name: "lets DynamoDB create a grant on the tenant key",
        action: "kms:CreateGrant",
        resource: KEY,
        context: { "kms:GrantIsForAWSResource": "true" },
        expected: "Allowed",
    },
    {
        name: "creates a grant on the tenant key for itself",
        action: "kms:CreateGrant",
        resource: KEY,
        context: { "kms:GrantIsForAWSResource": "false" },
        expected: "ImplicitlyDenied",
    },
    {
        name: "schedules the deletion of the tenant key",
        action: "kms:ScheduleKeyDeletion",
        resource: KEY,
        expected: "ExplicitlyDenied",
    },
    {
        name: "disables the tenant key",
        action: "kms:DisableKey",
        resource: KEY,
        expected: "ExplicitlyDenied",
    },
    {
        name: "reads tenant items (not a deploy action)",
        action: "dynamodb:GetItem",
        resource: TABLE,
        expected: "ImplicitlyDenied",
    },
    {
        name: "passes the data role to a service",
        action: "iam:PassRole",
        resource: DATA_ROLE,
        expected: "ImplicitlyDenied",
    },
];

describe("bootstrap role permissions under the silo boundary", () => {
    it.each(bootstrapCases)("$name: $expected", async (c) => {
        const outcome = await simulate({
            identityPolicies: [permissions],
            permissionsBoundary: boundary,
            action: c.action,
            resource: c.resource,
            resourceAccountId: SILO,
            principal: BOOTSTRAP_SESSION,
            ...resourcePolicyOf(c.resource),
            ...(c.context === undefined ? {} : { context: c.context }),
        });
        expect(outcome.result).toBe(c.expected);
        expect(outcome.ignoredContextKeys).toEqual([]);
    });
});

// A role the bootstrap role created carries the boundary, so even an inline policy granting
// everything leaves it no more than the boundary allows.
const ADMIN_POLICY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};
const DATA_SESSION = `arn:aws:sts::${SILO}:assumed-role/tenant-tiers-dev-silo-${TENANT}/s`;

const escalationCases: ActionCase[] = [
    { name: "reads a tenant item", action: "dynamodb:GetItem", resource: TABLE, expected: "Allowed" },
    { name: "decrypts with the tenant key", action: "kms:Decrypt", resource: KEY, expected: "Allowed" },
    {
        name: "deletes the table",
        action: "dynamodb:DeleteTable",
        resource: TABLE,
        expected: "ExplicitlyDenied",
    },
    { name: "deletes the bucket", action: "s3:DeleteBucket", resource: BUCKET, expected: "ExplicitlyDenied" },
    {
        name: "schedules the key's deletion",
        action: "kms:ScheduleKeyDeletion",
        resource: KEY,
        expected: "ExplicitlyDenied",
    },
    {
        name: "creates a role without the boundary",
        action: "iam:CreateRole",
        resource: DATA_ROLE,
        expected: "ExplicitlyDenied",
    },
    {
        name: "creates an admin role",
        action: "iam:CreateRole",
        resource: `arn:aws:iam::${SILO}:role/admin`,
        context: withBoundary,
        expected: "ImplicitlyDenied",
    },
    {
        name: "creates an IAM user",
        action: "iam:CreateUser",
        resource: `arn:aws:iam::${SILO}:user/backdoor`,
        expected: "ImplicitlyDenied",
    },
    {
        name: "leaves the organization",
        action: "organizations:LeaveOrganization",
        resource: "*",
        expected: "ImplicitlyDenied",
    },
];

describe("a role created under the boundary with an allow-everything policy", () => {
    it.each(escalationCases)("$name: $expected", async (c) => {
        const outcome = await simulate({
            identityPolicies: [ADMIN_POLICY],
            permissionsBoundary: boundary,
            action: c.action,
            resource: c.resource,
            resourceAccountId: SILO,
            principal: DATA_SESSION,
            ...resourcePolicyOf(c.resource),
            ...(c.context === undefined ? {} : { context: c.context }),
        });
        expect(outcome.result).toBe(c.expected);
    });
});
