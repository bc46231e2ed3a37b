import { describe, expect, it } from "vitest";
import {
    type PolicyDocument,
    type PolicyStatement,
    PRINCIPAL_TENANT,
    tenantAccessPolicy,
} from "../../components/policies";
import { tenantDataAbac } from "../../policypacks/tenant-guard/policies";
import { check } from "./harness";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const label = `${ROLE_POLICY} "access"`;
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/tenant-data";
const REGISTRY = "arn:aws:dynamodb:eu-west-1:123456789012:table/registry";
const BUCKET = "arn:aws:s3:::tenant-files";

const compliant = tenantAccessPolicy({
    tenantTableArns: [TABLE],
    bucketArn: BUCKET,
    platformKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/platform",
    region: "eu-west-1",
    accountId: "123456789012",
});

/** The compliant document with statement `sid` replaced (or removed when `change` returns undefined). */
function mutated(sid: string, change: (s: PolicyStatement) => PolicyStatement | undefined): PolicyDocument {
    const statements = compliant.Statement.flatMap((s) => {
        if (s.Sid !== sid) return [s];
        const changed = change(structuredClone(s));
        return changed === undefined ? [] : [changed];
    });
    return { ...compliant, Statement: statements };
}

const items = (s: PolicyStatement) => s;
const ITEM_ACTIONS =
    "dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:Query, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem";
const noNullGuard = `${label} statement "TenantItemsInOwnPartition" grants ${ITEM_ACTIONS} with Null dynamodb:LeadingKeys unset, but it needs the Null guard "false" because ForAllValues is true for a request without keys.`;

describe("tenant-data-abac", () => {
    it.each([
        ["the tenant access policy as JSON", JSON.stringify(compliant)],
        ["the tenant access policy as an object", compliant],
        [
            "a grant on a table that is not tenant data (the registry)",
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: REGISTRY }],
            }),
        ],
        [
            "objects in a bucket named after the tenant, under its own prefix",
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: `arn:aws:s3:::tt-dev-123456789012-${PRINCIPAL_TENANT}/${PRINCIPAL_TENANT}/*`,
                    },
                ],
            }),
        ],
        [
            "a Deny with StringLike",
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Deny",
                        Action: "dynamodb:*",
                        Resource: "*",
                        Condition: { StringLike: { "dynamodb:LeadingKeys": ["x*"] } },
                    },
                ],
            }),
        ],
    ])("passes %s", async (_name, policy) => {
        expect(await check(tenantDataAbac, ROLE_POLICY, "access", { role: "r", policy })).toEqual([]);
    });

    it.each<[string, PolicyDocument, string[]]>([
        [
            "Null guard removed",
            mutated("TenantItemsInOwnPartition", (s) => {
                delete s.Condition?.Null;
                return s;
            }),
            [noNullGuard],
        ],
        [
            "StringLike prefix match on the leading keys",
            mutated("TenantItemsInOwnPartition", (s) => ({
                ...s,
                Condition: {
                    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`TENANT#${PRINCIPAL_TENANT}*`] },
                    Null: { "dynamodb:LeadingKeys": "false" },
                },
            })),
            [
                `${label} statement "TenantItemsInOwnPartition" uses ForAllValues:StringLike on dynamodb:LeadingKeys (["TENANT#\${aws:PrincipalTag/TenantId}*"]), which lets a tenant match other tenants' ids; use StringEquals.`,
                `${label} statement "TenantItemsInOwnPartition" grants ${ITEM_ACTIONS} without ForAllValues:StringEquals dynamodb:LeadingKeys = "\${aws:PrincipalTag/TenantId}".`,
            ],
        ],
        [
            "a second leading key besides the tenant's",
            mutated("TenantItemsInOwnPartition", (s) => ({
                ...s,
                Condition: {
                    "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [PRINCIPAL_TENANT, "shared"] },
                    Null: { "dynamodb:LeadingKeys": "false" },
                },
            })),
            [
                `${label} statement "TenantItemsInOwnPartition" pins dynamodb:LeadingKeys to ["\${aws:PrincipalTag/TenantId}","shared"], but it must be exactly ["\${aws:PrincipalTag/TenantId}"].`,
            ],
        ],
        [
            "StringEquals without ForAllValues",
            mutated("TenantItemsInOwnPartition", (s) => ({
                ...s,
                Condition: {
                    StringEquals: { "dynamodb:LeadingKeys": PRINCIPAL_TENANT },
                    Null: { "dynamodb:LeadingKeys": "false" },
                },
            })),
            [
                `${label} statement "TenantItemsInOwnPartition" grants ${ITEM_ACTIONS} without ForAllValues:StringEquals dynamodb:LeadingKeys = "\${aws:PrincipalTag/TenantId}".`,
            ],
        ],
        [
            "Scan granted",
            mutated("TenantItemsInOwnPartition", (s) => ({
                ...s,
                Action: [...(s.Action as string[]), "dynamodb:Scan"],
            })),
            [
                `${label} statement "TenantItemsInOwnPartition" allows dynamodb:Scan (through dynamodb:Scan), which reads every tenant's items.`,
            ],
        ],
        [
            "every DynamoDB action granted (PartiQL scans stay denied by the Deny)",
            mutated("TenantItemsInOwnPartition", (s) => ({ ...s, Action: "dynamodb:*" })),
            [
                `${label} statement "TenantItemsInOwnPartition" allows dynamodb:Scan (through dynamodb:*), which reads every tenant's items.`,
            ],
        ],
        [
            "PartiQL granted without the full-table-scan Deny",
            mutated("NoFullTableScanPartiQL", () => undefined)
                .Statement.map((s) =>
                    s.Sid === "TenantItemsInOwnPartition" ? { ...s, Action: ["dynamodb:PartiQLSelect"] } : s,
                )
                .reduce<PolicyDocument>((doc, s) => ({ ...doc, Statement: [...doc.Statement, s] }), {
                    Version: "2012-10-17",
                    Statement: [],
                }),
            [
                `${label} statement "TenantItemsInOwnPartition" allows dynamodb:PartiQLSelect (through dynamodb:PartiQLSelect) without refusing full table scans (no Bool dynamodb:FullTableScan "false" condition and no Deny of full-table-scan PartiQL).`,
            ],
        ],
        [
            "objects of every tenant",
            mutated("TenantObjectsUnderOwnPrefix", (s) => ({ ...s, Resource: `${BUCKET}/*` })),
            [
                `${label} statement "TenantObjectsUnderOwnPrefix" grants s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts on "${BUCKET}/*", which is not under the principal's own prefix <bucket>/\${aws:PrincipalTag/TenantId}/.`,
            ],
        ],
        [
            "a tenant prefix without the delimiter",
            mutated("TenantObjectsUnderOwnPrefix", (s) => ({
                ...s,
                Resource: `${BUCKET}/${PRINCIPAL_TENANT}*`,
            })),
            [
                `${label} statement "TenantObjectsUnderOwnPrefix" grants s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts on "${BUCKET}/\${aws:PrincipalTag/TenantId}*", which is not under the principal's own prefix <bucket>/\${aws:PrincipalTag/TenantId}/.`,
            ],
        ],
        [
            "objects under the tenant's prefix in any bucket matching a wildcard",
            mutated("TenantObjectsUnderOwnPrefix", (s) => ({
                ...s,
                Resource: `arn:aws:s3:::tenant-files-*/${PRINCIPAL_TENANT}/*`,
            })),
            [
                `${label} statement "TenantObjectsUnderOwnPrefix" grants s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload, s3:ListMultipartUploadParts on "arn:aws:s3:::tenant-files-*/\${aws:PrincipalTag/TenantId}/*", whose bucket name has a wildcard, and a wildcard also matches "/", so it reaches other tenants' objects whose keys contain "/\${aws:PrincipalTag/TenantId}/"; name the bucket exactly.`,
            ],
        ],
        [
            "listing without a prefix condition",
            mutated("ListOwnPrefixOnly", (s) => {
                delete s.Condition;
                return s;
            }),
            [
                `${label} statement "ListOwnPrefixOnly" grants s3:ListBucket with s3:prefix unset, but listing must be limited to "\${aws:PrincipalTag/TenantId}/*".`,
            ],
        ],
        [
            "listing a prefix without the delimiter",
            mutated("ListOwnPrefixOnly", (s) => ({
                ...s,
                Condition: { StringLike: { "s3:prefix": [`${PRINCIPAL_TENANT}*`] } },
            })),
            [
                `${label} statement "ListOwnPrefixOnly" grants s3:ListBucket with s3:prefix ["\${aws:PrincipalTag/TenantId}*"], but listing must be limited to "\${aws:PrincipalTag/TenantId}/*".`,
            ],
        ],
        [
            "StringLike on the key's tenant tag",
            mutated("TenantKeysByTag", (s) => ({
                ...s,
                Condition: { StringLike: { "aws:ResourceTag/TenantId": `${PRINCIPAL_TENANT}*` } },
            })),
            [
                `${label} statement "TenantKeysByTag" uses StringLike on aws:ResourceTag/TenantId (["\${aws:PrincipalTag/TenantId}*"]), which lets a tenant match other tenants' ids; use StringEquals.`,
            ],
        ],
    ])("reports %s", async (_name, document, messages) => {
        expect(
            await check(tenantDataAbac, ROLE_POLICY, "access", {
                role: "r",
                policy: JSON.stringify(document),
            }),
        ).toEqual(messages);
    });

    it("treats a grant on every table as a grant on tenant tables, tag or no tag", async () => {
        const policy = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "All", Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }],
        });
        expect(await check(tenantDataAbac, ROLE_POLICY, "access", { role: "r", policy })).toEqual([
            `${label} statement "All" grants dynamodb:GetItem without ForAllValues:StringEquals dynamodb:LeadingKeys = "\${aws:PrincipalTag/TenantId}".`,
            `${label} statement "All" grants dynamodb:GetItem with Null dynamodb:LeadingKeys unset, but it needs the Null guard "false" because ForAllValues is true for a request without keys.`,
        ]);
    });

    it("reports a document it cannot read", async () => {
        expect(await check(tenantDataAbac, ROLE_POLICY, "access", { role: "r", policy: "[]" })).toEqual([
            `${label} has a policy document that cannot be checked: it is not a JSON object.`,
        ]);
    });

    const broken = JSON.stringify(
        mutated("TenantItemsInOwnPartition", (s) => {
            delete s.Condition?.Null;
            return s;
        }),
    );

    it.each([
        ["aws:iam/policy:Policy", { policy: broken }],
        ["aws:iam/userPolicy:UserPolicy", { user: "u", policy: broken }],
        ["aws:iam/groupPolicy:GroupPolicy", { group: "g", policy: broken }],
    ])("checks %s", async (type, props) => {
        expect(await check(tenantDataAbac, type, "access", props)).toEqual([
            noNullGuard.replace(label, `${type} "access"`),
        ]);
    });

    it("checks a role's inline policies", async () => {
        const props = { assumeRolePolicy: "{}", inlinePolicies: [{ name: "data", policy: broken }] };
        expect(await check(tenantDataAbac, "aws:iam/role:Role", "access", props)).toEqual([
            noNullGuard.replace(label, 'aws:iam/role:Role "access" inline policy "data"'),
        ]);
    });

    describe("config", () => {
        const registryRead = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Registry", Effect: "Allow", Action: "dynamodb:GetItem", Resource: REGISTRY }],
        });

        it("tenantResourcePatterns makes a grant tenant data without the tag", async () => {
            const config = { tenantResourcePatterns: ["arn:aws:dynamodb:*:*:table/registry"] };
            expect(
                await check(
                    tenantDataAbac,
                    ROLE_POLICY,
                    "access",
                    { role: "r", policy: registryRead },
                    { config },
                ),
            ).toEqual([
                `${label} statement "Registry" grants dynamodb:GetItem without ForAllValues:StringEquals dynamodb:LeadingKeys = "\${aws:PrincipalTag/TenantId}".`,
                `${label} statement "Registry" grants dynamodb:GetItem with Null dynamodb:LeadingKeys unset, but it needs the Null guard "false" because ForAllValues is true for a request without keys.`,
            ]);
        });

        it("exemptResourcePatterns takes shared resources out", async () => {
            const shared = JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::shared-assets/*" },
                    {
                        Effect: "Allow",
                        Action: "dynamodb:GetItem",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:PrincipalTag/TenantId": "acme" } },
                    },
                ],
            });
            const config = { exemptResourcePatterns: ["arn:aws:s3:::shared-assets/*", "*"] };
            expect(
                await check(tenantDataAbac, ROLE_POLICY, "access", { role: "r", policy: shared }, { config }),
            ).toEqual([]);
        });

        it("tenantTagKey names the tag the keys must be pinned to", async () => {
            const config = { tenantTagKey: "Customer" };
            const document = JSON.parse(
                JSON.stringify(compliant).replaceAll(
                    "aws:PrincipalTag/TenantId",
                    "aws:PrincipalTag/Customer",
                ),
            ) as PolicyDocument;
            const pinnedToCustomer = JSON.stringify(document);
            const first = document.Statement[0] as PolicyStatement;
            (first.Condition as Record<string, Record<string, string[]>>)["ForAllValues:StringEquals"] = {
                "dynamodb:LeadingKeys": [PRINCIPAL_TENANT],
            };
            const pinnedToTenantId = JSON.stringify(document);

            expect(
                await check(
                    tenantDataAbac,
                    ROLE_POLICY,
                    "access",
                    { role: "r", policy: pinnedToCustomer },
                    { config },
                ),
            ).toEqual([]);
            expect(
                await check(
                    tenantDataAbac,
                    ROLE_POLICY,
                    "access",
                    { role: "r", policy: pinnedToTenantId },
                    { config },
                ),
            ).toEqual([
                `${label} statement "TenantItemsInOwnPartition" pins dynamodb:LeadingKeys to ["\${aws:PrincipalTag/TenantId}"], but it must be exactly ["\${aws:PrincipalTag/Customer}"].`,
            ]);
        });
    });

    it("keeps the fixture honest: the mutation helper leaves other statements alone", () => {
        expect(mutated("none", items)).toEqual(compliant);
    });
});
