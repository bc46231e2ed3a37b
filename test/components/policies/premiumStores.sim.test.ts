import { describe } from "vitest";
import {
    delegatingKeyPolicy,
    tenantAccessPolicy,
    tenantStoreBucketPolicy,
} from "../../../components/policies";
import { ACCOUNT_ID, type Decision, type SimulationContext, simulate } from "../../helpers/iamSimulation";
import {
    type Case,
    caseOf,
    ITEM_ACTIONS,
    itDecides,
    NEIGHBOURS,
    OBJECT_ACTIONS,
    REGION,
    TENANT,
    TENANT_ACCESS_ROLE_ARN,
    TENANT_KEY_ACTIONS,
} from "../../helpers/isolationCases";

// Premium tenants' own stores in the platform account, reached by the platform's tenant access
// session: the table named after the session's tag (platform policy), the bucket through its own
// policy's grant, the key through its TenantId tag. Tenant A must not reach B's table, bucket or key;
// a session without the tag must reach nothing.

const OTHER = "globex";
const tableOf = (tenant: string) =>
    `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/tenant-tiers-dev-premium-${tenant}`;
const bucketOf = (tenant: string) =>
    `arn:aws:s3:::tenant-tiers-dev-premium-${tenant}-20260101000000000000000001`;
const keyOf = (tenant: string) => `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/${tenant}-key`;
const sessionOf = (tenant: string) =>
    `arn:aws:sts::${ACCOUNT_ID}:assumed-role/platform-tenant-access-role/${tenant}`;

const accessPolicy = tenantAccessPolicy({
    tenantTableArns: [`arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/tenant-data`],
    bucketArn: "arn:aws:s3:::tenant-files",
    platformKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`,
    region: REGION,
    accountId: ACCOUNT_ID,
    environment: "dev",
});

/** Whose store a resource ARN belongs to: the deployed resource policy in front of it. */
function resourcePolicyFor(resource: string) {
    for (const tenant of [TENANT, OTHER, ...NEIGHBOURS]) {
        if (resource.startsWith(bucketOf(tenant))) {
            return tenantStoreBucketPolicy({
                bucketArn: bucketOf(tenant),
                keyArn: keyOf(tenant),
                tenantId: tenant,
                tenantAccessRoleArn: TENANT_ACCESS_ROLE_ARN,
            });
        }
    }
    return resource.startsWith("arn:aws:kms:") ? delegatingKeyPolicy(ACCOUNT_ID) : undefined;
}

const tls = { "aws:SecureTransport": "true" };
const putWith = (key: string | undefined): SimulationContext => ({
    ...tls,
    "s3:x-amz-server-side-encryption": "aws:kms",
    ...(key === undefined ? {} : { "s3:x-amz-server-side-encryption-aws-kms-key-id": key }),
});
const objectContext = (action: string, key: string): SimulationContext =>
    action === "s3:PutObject" ? putWith(key) : tls;

function itemCases(table: string, keys: readonly string[], expected: Decision): Case[] {
    return [
        ...ITEM_ACTIONS.map((a) => caseOf(a, table, { "dynamodb:LeadingKeys": [...keys] }, expected)),
        caseOf("dynamodb:Query", `${table}/index/gsi1`, { "dynamodb:LeadingKeys": [...keys] }, expected),
    ];
}

function objectCases(bucketTenant: string, prefix: string, expected: Decision): Case[] {
    return OBJECT_ACTIONS.map((a) =>
        caseOf(
            a,
            `${bucketOf(bucketTenant)}/${prefix}/x.json`,
            objectContext(a, keyOf(bucketTenant)),
            expected,
        ),
    );
}

function run(tags: SimulationContext, principal: string) {
    return (c: Case) =>
        simulate({
            identityPolicies: [accessPolicy],
            resourcePolicy: resourcePolicyFor(c.resource),
            action: c.action,
            resource: c.resource,
            principal,
            context: { ...tags, ...c.context },
        });
}

describe(`premium tenant ${TENANT} reaches its own table, bucket and key`, () => {
    const cases: Case[] = [
        ...itemCases(tableOf(TENANT), [TENANT], "Allowed"),
        ...objectCases(TENANT, TENANT, "Allowed"),
        // Without a key header the bucket default applies: the tenant's own key.
        caseOf("s3:PutObject", `${bucketOf(TENANT)}/${TENANT}/x.json`, putWith(undefined), "Allowed"),
        caseOf("s3:ListBucket", bucketOf(TENANT), { ...tls, "s3:prefix": `${TENANT}/` }, "Allowed"),
        ...TENANT_KEY_ACTIONS.map((a) =>
            caseOf(a, keyOf(TENANT), { "aws:ResourceTag/TenantId": TENANT }, "Allowed"),
        ),
    ];
    itDecides(cases, run({ "aws:PrincipalTag/TenantId": TENANT }, sessionOf(TENANT)));
});

describe(`premium tenant ${TENANT} cannot reach ${OTHER}'s or its neighbours' stores`, () => {
    const cases: Case[] = [
        // Not even its own partition in someone else's table.
        ...itemCases(tableOf(OTHER), [TENANT], "ImplicitlyDenied"),
        ...itemCases(tableOf(OTHER), [OTHER], "ImplicitlyDenied"),
        ...NEIGHBOURS.flatMap((n) => itemCases(tableOf(n), [TENANT], "ImplicitlyDenied")),
        ...itemCases(tableOf(TENANT), [OTHER], "ImplicitlyDenied"),
        ...itemCases(tableOf(TENANT), [TENANT, OTHER], "ImplicitlyDenied"),
        ...objectCases(OTHER, OTHER, "ExplicitlyDenied"),
        ...objectCases(OTHER, TENANT, "ExplicitlyDenied"),
        ...NEIGHBOURS.flatMap((n) => objectCases(n, TENANT, "ExplicitlyDenied")),
        caseOf("s3:ListBucket", bucketOf(OTHER), { ...tls, "s3:prefix": `${TENANT}/` }, "ExplicitlyDenied"),
        ...objectCases(TENANT, OTHER, "ImplicitlyDenied"),
        ...TENANT_KEY_ACTIONS.map((a) =>
            caseOf(a, keyOf(OTHER), { "aws:ResourceTag/TenantId": OTHER }, "ImplicitlyDenied"),
        ),
        caseOf("dynamodb:Scan", tableOf(TENANT), {}, "ExplicitlyDenied"),
    ];
    itDecides(cases, run({ "aws:PrincipalTag/TenantId": TENANT }, sessionOf(TENANT)));
});

describe(`premium tenant ${TENANT}'s bucket refuses other keys and other encryption`, () => {
    const object = `${bucketOf(TENANT)}/${TENANT}/x.json`;
    const cases: Case[] = [
        caseOf("s3:PutObject", object, putWith(keyOf(OTHER)), "ExplicitlyDenied"),
        caseOf(
            "s3:PutObject",
            object,
            putWith(`arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/platform-key`),
            "ExplicitlyDenied",
        ),
        caseOf(
            "s3:PutObject",
            object,
            { ...tls, "s3:x-amz-server-side-encryption": "AES256" },
            "ExplicitlyDenied",
        ),
        caseOf("s3:GetObject", object, { "aws:SecureTransport": "false" }, "ExplicitlyDenied"),
        caseOf("s3:ListBucket", bucketOf(TENANT), { ...tls, "s3:prefix": "" }, "ImplicitlyDenied"),
        caseOf("s3:ListBucket", bucketOf(TENANT), { ...tls, "s3:prefix": TENANT }, "ImplicitlyDenied"),
    ];
    itDecides(cases, run({ "aws:PrincipalTag/TenantId": TENANT }, sessionOf(TENANT)));
});

describe("a session without the TenantId tag reaches no premium store", () => {
    const cases: Case[] = [
        ...itemCases(tableOf(TENANT), [TENANT], "ImplicitlyDenied"),
        ...objectCases(TENANT, TENANT, "ImplicitlyDenied"),
        caseOf("s3:ListBucket", bucketOf(TENANT), { ...tls, "s3:prefix": `${TENANT}/` }, "ImplicitlyDenied"),
        ...TENANT_KEY_ACTIONS.map((a) =>
            caseOf(a, keyOf(TENANT), { "aws:ResourceTag/TenantId": TENANT }, "ImplicitlyDenied"),
        ),
    ];
    itDecides(cases, run({}, sessionOf("tagless")));
});
