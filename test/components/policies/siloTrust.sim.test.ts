import { describe } from "vitest";
import {
    delegatingKeyPolicy,
    type PolicyDocument,
    siloDataPolicy,
    siloDataTrust,
    tenantAccessPolicy,
    tenantStoreBucketPolicy,
} from "../../../components/policies";
import { ACCOUNT_ID, type Decision, type SimulationContext, simulate } from "../../helpers/iamSimulation";
import {
    type Case,
    caseOf,
    EXECUTION_SESSION_ARN,
    executionPolicies,
    itDecides,
    ITEM_ACTIONS,
    NEIGHBOURS,
    OBJECT_ACTIONS,
    REGION,
    TENANT,
    TENANT_ACCESS_ROLE_ARN,
    TENANT_KEY_ACTIONS,
} from "../../helpers/isolationCases";

// The second hop of a silo tenant: the platform's tenant access session (tagged TenantId, transitive)
// assumes the silo data role in the tenant's own account. Cross-account, so both the platform's
// grant (identity policy) and the silo role's trust must allow it; each is also checked alone.

const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-z9y8x7w6v5";
const SILO_ACCOUNT = "111122223333";
const OTHER_SILO_ACCOUNT = "444455556666";
const siloRoleArn = (tenant: string, account = SILO_ACCOUNT) =>
    `arn:aws:iam::${account}:role/tenant-tiers-dev-silo-${tenant}`;
const accessSessionOf = (tenant: string) =>
    `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-tenant-access-role/${tenant}`;

const platformPolicy = tenantAccessPolicy({
    tenantTableArns: [`arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/tenant-data`],
    bucketArn: "arn:aws:s3:::tenant-files",
    platformKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`,
    region: REGION,
    accountId: ACCOUNT_ID,
    environment: "dev",
});
const trustOf = (tenant: string) =>
    siloDataTrust({ tenantAccessRoleArn: TENANT_ACCESS_ROLE_ARN, tenantId: tenant, organizationId: ORG });

interface HopCase {
    readonly name: string;
    readonly principal: string;
    /** The silo role's name tenant, its TenantId tag and its account's organization. */
    readonly role: {
        readonly tenant: string;
        readonly tag: string;
        readonly org: string;
        readonly account?: string;
    };
    /** The caller's TenantId tag (`undefined`: a tagless session) and organization. */
    readonly session: { readonly tag: string | undefined; readonly org: string };
    readonly expected: Decision;
}

function hop(
    name: string,
    session: HopCase["session"],
    role: HopCase["role"],
    expected: Decision,
    principal = accessSessionOf(session.tag ?? "tagless"),
): HopCase {
    return { name, principal, role, session, expected };
}

function contextOf(testCase: HopCase): SimulationContext {
    return {
        ...(testCase.session.tag === undefined ? {} : { "aws:PrincipalTag/TenantId": testCase.session.tag }),
        "aws:PrincipalOrgID": testCase.session.org,
        "aws:ResourceTag/TenantId": testCase.role.tag,
        "aws:ResourceOrgID": testCase.role.org,
    };
}

const own = { tenant: TENANT, tag: TENANT, org: ORG };
const hopCases: HopCase[] = [
    hop(`${TENANT} session assumes its own silo data role`, { tag: TENANT, org: ORG }, own, "Allowed"),
    ...NEIGHBOURS.map((n) =>
        hop(
            `neighbour ${n} session assumes ${TENANT}'s silo data role`,
            { tag: n, org: ORG },
            own,
            "ImplicitlyDenied",
        ),
    ),
    hop(
        `${TENANT} session assumes globex's silo data role`,
        { tag: TENANT, org: ORG },
        { tenant: "globex", tag: "globex", org: ORG, account: OTHER_SILO_ACCOUNT },
        "ImplicitlyDenied",
    ),
    hop(
        `${TENANT} session assumes a role named like its own but tagged globex`,
        { tag: TENANT, org: ORG },
        { tenant: TENANT, tag: "globex", org: ORG },
        "ImplicitlyDenied",
    ),
    hop("tagless session assumes the silo data role", { tag: undefined, org: ORG }, own, "ImplicitlyDenied"),
    hop(
        `${TENANT} session from another organization`,
        { tag: TENANT, org: OTHER_ORG },
        own,
        "ImplicitlyDenied",
    ),
    hop(
        `${TENANT} session, silo role in an account of another organization`,
        { tag: TENANT, org: ORG },
        { ...own, org: OTHER_ORG },
        "ImplicitlyDenied",
    ),
    hop(
        `the pooled execution role (tagged ${TENANT}) skips the tenant access role`,
        { tag: TENANT, org: ORG },
        own,
        "ImplicitlyDenied",
        EXECUTION_SESSION_ARN,
    ),
];

const ALLOW_ALL_IDENTITY: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }],
};
const TRUST_PLATFORM_ACCOUNT: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
            Action: ["sts:AssumeRole", "sts:TagSession"],
        },
    ],
};

interface Setup {
    readonly identity: (c: HopCase) => PolicyDocument[];
    readonly trust: (c: HopCase) => PolicyDocument;
    readonly expected: (c: HopCase) => Decision;
    readonly cases: readonly HopCase[];
}

const tenantAccessCases = hopCases.filter((c) => c.principal !== EXECUTION_SESSION_ARN);

/** The trust decides on the caller (the tenant access role), its tag and its organization only. */
function trustAlone(c: HopCase): Decision {
    return c.session.tag === c.role.tenant && c.session.org === ORG ? "Allowed" : "ImplicitlyDenied";
}

/** The grant decides on the role's name, its tag and its organization, against the caller's. */
function grantAlone(c: HopCase): Decision {
    const matches =
        c.session.tag !== undefined && c.role.tenant === c.session.tag && c.role.tag === c.session.tag;
    return matches && c.role.org === c.session.org ? "Allowed" : "ImplicitlyDenied";
}

describe.each<[string, Setup]>([
    [
        "platform grant and silo trust together",
        {
            identity: (c) => (c.principal === EXECUTION_SESSION_ARN ? executionPolicies : [platformPolicy]),
            trust: (c) => trustOf(c.role.tenant),
            expected: (c) => c.expected,
            cases: hopCases,
        },
    ],
    // Alone, each side must refuse everything but the own role: the trust with a caller that may
    // assume anything, the platform grant with a role that trusts the whole platform account.
    [
        "silo trust alone",
        {
            identity: () => [ALLOW_ALL_IDENTITY],
            trust: (c) => trustOf(c.role.tenant),
            expected: trustAlone,
            cases: tenantAccessCases,
        },
    ],
    [
        "platform grant alone",
        {
            identity: () => [platformPolicy],
            trust: () => TRUST_PLATFORM_ACCOUNT,
            expected: grantAlone,
            cases: tenantAccessCases,
        },
    ],
])("%s: assuming a silo data role", (_label, setup) => {
    const cases = ["sts:AssumeRole", "sts:TagSession"].flatMap((action) =>
        setup.cases.map((c) => ({ ...c, name: `${action} ${c.name}`, expected: setup.expected(c), action })),
    );
    itDecides(cases, (c) =>
        simulate({
            identityPolicies: setup.identity(c),
            resourcePolicy: setup.trust(c),
            action: c.action,
            resource: siloRoleArn(c.role.tenant, c.role.account),
            resourceAccountId: c.role.account ?? SILO_ACCOUNT,
            principal: c.principal,
            context: contextOf(c),
        }),
    );
});

// The silo data role's own session (the transitive TenantId tag still on it) inside the silo account.
describe(`silo data role of ${TENANT} reaches only ${TENANT}'s data in the silo account`, () => {
    const table = `arn:aws:dynamodb:${REGION}:${SILO_ACCOUNT}:table/tenant-tiers-dev-premium-${TENANT}`;
    const bucket = `arn:aws:s3:::tenant-tiers-dev-premium-${TENANT}-silo`;
    const key = `arn:aws:kms:${REGION}:${SILO_ACCOUNT}:key/silo-key`;
    const policy = siloDataPolicy({ tenantId: TENANT, tableArn: table, bucketArn: bucket, keyArn: key });
    const bucketPolicy = tenantStoreBucketPolicy({ bucketArn: bucket, keyArn: key, tenantId: TENANT });
    const session = `arn:aws:sts::${SILO_ACCOUNT}:assumed-role/tenant-tiers-dev-silo-${TENANT}/${TENANT}`;
    const tagged = { "aws:PrincipalTag/TenantId": TENANT };
    const tls = { "aws:SecureTransport": "true" };
    const put = {
        ...tls,
        "s3:x-amz-server-side-encryption": "aws:kms",
        "s3:x-amz-server-side-encryption-aws-kms-key-id": key,
    };

    const objectContext = (a: string) =>
        a === "s3:PutObject" ? { ...tagged, ...put } : { ...tagged, ...tls };
    const otherKey = `arn:aws:kms:${REGION}:${SILO_ACCOUNT}:key/other`;

    const cases: Case[] = [
        ...ITEM_ACTIONS.map((a) =>
            caseOf(a, table, { ...tagged, "dynamodb:LeadingKeys": [TENANT] }, "Allowed"),
        ),
        ...ITEM_ACTIONS.map((a) =>
            caseOf(a, table, { ...tagged, "dynamodb:LeadingKeys": ["acme2"] }, "ImplicitlyDenied"),
        ),
        ...ITEM_ACTIONS.map((a) => caseOf(a, table, tagged, "ImplicitlyDenied")),
        caseOf("dynamodb:Scan", table, tagged, "ExplicitlyDenied"),
        ...OBJECT_ACTIONS.map((a) => caseOf(a, `${bucket}/${TENANT}/x.json`, objectContext(a), "Allowed")),
        ...OBJECT_ACTIONS.map((a) =>
            caseOf(a, `${bucket}/acme2/x.json`, objectContext(a), "ImplicitlyDenied"),
        ),
        caseOf(
            "s3:PutObject",
            `${bucket}/${TENANT}/x.json`,
            { ...tagged, ...put, "s3:x-amz-server-side-encryption-aws-kms-key-id": otherKey },
            "ExplicitlyDenied",
        ),
        caseOf("s3:ListBucket", bucket, { ...tagged, ...tls, "s3:prefix": `${TENANT}/` }, "Allowed"),
        caseOf("s3:ListBucket", bucket, { ...tagged, ...tls, "s3:prefix": "" }, "ImplicitlyDenied"),
        ...TENANT_KEY_ACTIONS.map((a) => caseOf(a, key, tagged, "Allowed")),
        ...TENANT_KEY_ACTIONS.map((a) => caseOf(a, otherKey, tagged, "ImplicitlyDenied")),
    ];

    itDecides(cases, (c) =>
        simulate({
            identityPolicies: [policy],
            resourcePolicy: c.resource.startsWith("arn:aws:s3:::")
                ? bucketPolicy
                : c.resource.startsWith("arn:aws:kms:")
                  ? delegatingKeyPolicy(SILO_ACCOUNT)
                  : undefined,
            action: c.action,
            resource: c.resource,
            resourceAccountId: SILO_ACCOUNT,
            principal: session,
            context: c.context,
        }),
    );
});
