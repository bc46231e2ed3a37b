import { describe } from "vitest";
import {
    type PolicyDocument,
    siloDataPolicy,
    siloDataTrust,
    tenantAccessPolicy,
    tenantAccessTrust,
    tenantStoreBucketPolicy,
} from "../../../components/policies";
import { ACCOUNT_ID, type Decision, type SimulationContext, simulate } from "../../helpers/iamSimulation";
import {
    BUCKET_ARN,
    bucketPolicy,
    caseOf,
    type Case,
    EXECUTION_ROLE_ARN,
    itDecides,
    NEIGHBOURS,
    objectContext,
    REGION,
    TABLE_ARN,
    TENANT,
    TENANT_ACCESS_ROLE_ARN,
} from "../../helpers/isolationCases";

// How a tier change's operator gets onto the runtime's chain (docs/tier-changes.md): the migration
// role assumes the platform's tenant access role with one `TenantId` session tag (transitive), and
// from that session the tenant's silo data role. The moto tests of the silo tier change run the
// same STS calls, but moto evaluates no IAM: these simulations over the deployed documents are the
// proof that the chain admits one tenant and refuses everything else.

const MIGRATION_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/tenant-tiers-migration`;
const MIGRATION_SESSION = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/tenant-tiers-migration/operator`;
const OTHER_ACCOUNT = "999988887777";
const ORG = "o-a1b2c3d4e5";
const SILO_ACCOUNT = "111122223333";

const trust = tenantAccessTrust({
    trustedRoleArns: [EXECUTION_ROLE_ARN],
    migrationRoleArn: MIGRATION_ROLE_ARN,
});
const TAGGED = {
    "aws:RequestTag/TenantId": TENANT,
    "aws:TagKeys": ["TenantId"],
    "sts:TransitiveTagKeys": ["TenantId"],
};
const ALLOW_STS: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }],
};

interface TrustCase {
    readonly name: string;
    readonly principal: string;
    readonly context: SimulationContext;
    readonly trust: PolicyDocument;
    readonly expected: Decision;
}

const trustCase = (
    name: string,
    principal: string,
    context: SimulationContext,
    expected: Decision,
    policy = trust,
): TrustCase => ({ name, principal, context, expected, trust: policy });

const trustCases: TrustCase[] = [
    trustCase("migration role, TenantId tag only, transitive", MIGRATION_SESSION, TAGGED, "Allowed"),
    trustCase(
        "migration role, another tenant's tag (the trust names no tenant: the session is that tenant's)",
        MIGRATION_SESSION,
        { ...TAGGED, "aws:RequestTag/TenantId": "globex" },
        "Allowed",
    ),
    trustCase("migration role, untagged", MIGRATION_SESSION, {}, "ImplicitlyDenied"),
    trustCase(
        "migration role, a second tag key",
        MIGRATION_SESSION,
        { ...TAGGED, "aws:RequestTag/Tier": "premium", "aws:TagKeys": ["TenantId", "Tier"] },
        "ImplicitlyDenied",
    ),
    ...["platform", "shared"].map((reserved) =>
        trustCase(
            `migration role, reserved TenantId ${reserved}`,
            MIGRATION_SESSION,
            { ...TAGGED, "aws:RequestTag/TenantId": reserved },
            "ImplicitlyDenied",
        ),
    ),
    trustCase(
        "a role of the same name in another account",
        `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/tenant-tiers-migration/operator`,
        TAGGED,
        "ImplicitlyDenied",
    ),
    trustCase(
        "another role of the platform account",
        `arn:aws:sts::${ACCOUNT_ID}:assumed-role/tenant-tiers-reporting/operator`,
        TAGGED,
        "ImplicitlyDenied",
    ),
    trustCase(
        "migration role when no migration role is configured",
        MIGRATION_SESSION,
        TAGGED,
        "ImplicitlyDenied",
        tenantAccessTrust({ trustedRoleArns: [EXECUTION_ROLE_ARN] }),
    ),
];

describe("the tenant access role trusts the migration role only with one TenantId tag", () => {
    const cases = ["sts:AssumeRole", "sts:TagSession"].flatMap((action) =>
        trustCases.map((c) => ({ ...c, action, name: `${action} ${c.name}` })),
    );
    itDecides(cases, (c) =>
        simulate({
            identityPolicies: [ALLOW_STS],
            resourcePolicy: c.trust,
            action: c.action,
            resource: TENANT_ACCESS_ROLE_ARN,
            principal: c.principal,
            context: c.context,
        }),
    );
});

// The migration's session of the tenant access role is named after the operator, tagged acme.
const migrationAccessSession = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-tenant-access-role/tenant-acme-migration`;
const platformPolicy = tenantAccessPolicy({
    tenantTableArns: [TABLE_ARN],
    bucketArn: BUCKET_ARN,
    platformKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`,
    region: REGION,
    accountId: ACCOUNT_ID,
    environment: "dev",
});
const siloRole = (tenant: string) => `arn:aws:iam::${SILO_ACCOUNT}:role/tenant-tiers-dev-silo-${tenant}`;

describe("the migration's tenant session reaches its own silo data role, no other", () => {
    const hop = (name: string, tag: string | undefined, roleTenant: string, expected: Decision) => ({
        name,
        tag,
        roleTenant,
        expected,
    });
    const cases = [
        hop("acme session → acme's silo data role", TENANT, TENANT, "Allowed"),
        hop("acme session → globex's silo data role", TENANT, "globex", "ImplicitlyDenied"),
        ...NEIGHBOURS.map((n) => hop(`${n} session → acme's silo data role`, n, TENANT, "ImplicitlyDenied")),
        hop("untagged session → acme's silo data role", undefined, TENANT, "ImplicitlyDenied"),
    ] as const;
    itDecides(cases, (c) =>
        simulate({
            identityPolicies: [platformPolicy],
            resourcePolicy: siloDataTrust({
                tenantAccessRoleArn: TENANT_ACCESS_ROLE_ARN,
                tenantId: c.roleTenant,
                organizationId: ORG,
            }),
            action: "sts:AssumeRole",
            resource: siloRole(c.roleTenant),
            resourceAccountId: SILO_ACCOUNT,
            principal: migrationAccessSession,
            context: {
                ...(c.tag === undefined ? {} : { "aws:PrincipalTag/TenantId": c.tag }),
                "aws:PrincipalOrgID": ORG,
                "aws:ResourceTag/TenantId": c.roleTenant,
                "aws:ResourceOrgID": ORG,
            },
        }),
    );
});

describe("the migration's platform-side session: own partition and prefix only", () => {
    const tagged = { "aws:PrincipalTag/TenantId": TENANT };
    const cases: Case[] = [
        caseOf("dynamodb:Query", TABLE_ARN, { ...tagged, "dynamodb:LeadingKeys": [TENANT] }, "Allowed"),
        caseOf(
            "dynamodb:BatchWriteItem",
            TABLE_ARN,
            { ...tagged, "dynamodb:LeadingKeys": [TENANT] },
            "Allowed",
        ),
        ...NEIGHBOURS.map((n) =>
            caseOf(
                "dynamodb:Query",
                TABLE_ARN,
                { ...tagged, "dynamodb:LeadingKeys": [n] },
                "ImplicitlyDenied",
            ),
        ),
        caseOf("dynamodb:Query", TABLE_ARN, { "dynamodb:LeadingKeys": [TENANT] }, "ImplicitlyDenied"),
        caseOf(
            "s3:GetObject",
            `${BUCKET_ARN}/${TENANT}/doc.json`,
            objectContext("s3:GetObject", tagged),
            "Allowed",
        ),
        ...NEIGHBOURS.map((n) =>
            caseOf(
                "s3:GetObject",
                `${BUCKET_ARN}/${n}/doc.json`,
                objectContext("s3:GetObject", tagged),
                "ImplicitlyDenied",
            ),
        ),
    ];
    itDecides(cases, (c) =>
        simulate({
            identityPolicies: [platformPolicy],
            resourcePolicy: c.resource.startsWith("arn:aws:s3:::") ? bucketPolicy : undefined,
            action: c.action,
            resource: c.resource,
            principal: migrationAccessSession,
            context: c.context,
        }),
    );
});

describe("the silo data role may delete the versions of its own tenant's prefix only", () => {
    const table = `arn:aws:dynamodb:${REGION}:${SILO_ACCOUNT}:table/tenant-tiers-dev-premium-${TENANT}`;
    const bucket = `arn:aws:s3:::tenant-tiers-dev-premium-${TENANT}-silo`;
    const key = `arn:aws:kms:${REGION}:${SILO_ACCOUNT}:key/silo-key`;
    const policy = siloDataPolicy({ tenantId: TENANT, tableArn: table, bucketArn: bucket, keyArn: key });
    const siloBucketPolicy = tenantStoreBucketPolicy({ bucketArn: bucket, keyArn: key, tenantId: TENANT });
    const session = `arn:aws:sts::${SILO_ACCOUNT}:assumed-role/tenant-tiers-dev-silo-${TENANT}/tenant-${TENANT}-silo`;
    const ctx = { "aws:PrincipalTag/TenantId": TENANT, "aws:SecureTransport": "true" };
    const cases: Case[] = [
        caseOf("s3:DeleteObjectVersion", `${bucket}/${TENANT}/doc.json`, ctx, "Allowed"),
        ...NEIGHBOURS.map((n) =>
            caseOf("s3:DeleteObjectVersion", `${bucket}/${n}/doc.json`, ctx, "ImplicitlyDenied"),
        ),
        caseOf("s3:DeleteObjectVersion", `${bucket}/doc.json`, ctx, "ImplicitlyDenied"),
        caseOf("s3:ListBucketVersions", bucket, { ...ctx, "s3:prefix": `${TENANT}/` }, "Allowed"),
        caseOf("s3:ListBucketVersions", bucket, { ...ctx, "s3:prefix": "" }, "ImplicitlyDenied"),
        caseOf("s3:ListBucketVersions", bucket, { ...ctx, "s3:prefix": "acme2/" }, "ImplicitlyDenied"),
        caseOf("s3:ListBucketVersions", bucket, ctx, "ImplicitlyDenied"),
        // The silo bucket's policy refuses a session tagged with another tenant even if a grant slipped.
        caseOf(
            "s3:DeleteObjectVersion",
            `${bucket}/${TENANT}/doc.json`,
            { ...ctx, "aws:PrincipalTag/TenantId": "globex" },
            "ExplicitlyDenied",
        ),
    ];
    itDecides(cases, (c) =>
        simulate({
            identityPolicies: [policy],
            resourcePolicy: siloBucketPolicy,
            action: c.action,
            resource: c.resource,
            resourceAccountId: SILO_ACCOUNT,
            principal: session,
            context: c.context,
        }),
    );
});
