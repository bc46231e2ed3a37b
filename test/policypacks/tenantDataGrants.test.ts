import { describe, expect, it } from "vitest";
import { tenantDataGrants } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import { ACCOUNT, BUCKET, doc, PLATFORM_TAGS, stackWith, TABLE_ARN, TAG, baseStack } from "./stackFixtures";

const RP = "aws:iam/rolePolicy:RolePolicy";
const role = (name: string): StackFixture => ({
    type: "aws:iam/role:Role",
    name,
    props: {
        name,
        arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
        assumeRolePolicy: doc({
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
        }),
        tags: PLATFORM_TAGS,
    },
});
const rolePolicy = (
    name: string,
    roleName: string,
    ...statements: Record<string, unknown>[]
): StackFixture => ({
    type: RP,
    name,
    props: { role: roleName, policy: doc(...statements) },
});

describe("tenant-data-grants", () => {
    it("passes the stack whose only tenant grants are the ABAC ones", async () => {
        expect(await checkStack(tenantDataGrants, baseStack())).toEqual([]);
    });

    it.each<[string, StackFixture[]]>([
        [
            "a report job that reads another table in full",
            [
                role("reports"),
                {
                    type: "aws:dynamodb/table:Table",
                    name: "audit",
                    props: { name: "audit", hashKey: "eventId", pointInTimeRecovery: { enabled: true } },
                },
                rolePolicy("reports-read", "reports", {
                    Effect: "Allow",
                    Action: "dynamodb:Scan",
                    Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/audit`,
                }),
            ],
        ],
        [
            "a migration role the config names as platform",
            [
                role("tenant-migration"),
                rolePolicy("migration", "tenant-migration", {
                    Effect: "Allow",
                    Action: "dynamodb:*",
                    Resource: TABLE_ARN,
                }),
            ],
        ],
        [
            "the table's describe-only grant",
            [
                role("ops"),
                rolePolicy("ops-describe", "ops", {
                    Effect: "Allow",
                    Action: "dynamodb:DescribeTable",
                    Resource: TABLE_ARN,
                }),
            ],
        ],
    ])("passes %s", async (_name, extra) => {
        const config = { platformPrincipals: [`arn:aws:iam::${ACCOUNT}:role/tenant-migration`] };
        expect(await checkStack(tenantDataGrants, stackWith(...extra), { config })).toEqual([]);
    });

    it.each<[string, StackFixture[], string[]]>([
        [
            "an admin helper granted dynamodb:* on the shared table",
            [
                role("support"),
                rolePolicy("support-table", "support", {
                    Sid: "Debug",
                    Effect: "Allow",
                    Action: "dynamodb:*",
                    Resource: TABLE_ARN,
                }),
            ],
            [
                'support-table: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "support-table" statement "Debug" allows dynamodb:Scan, dynamodb:ExportTableToPointInTime, dynamodb:RestoreTableToPointInTime, dynamodb:RestoreTableFromBackup, dynamodb:CreateBackup, dynamodb:GetRecords, dynamodb:GetShardIterator, dynamodb:DeleteTable, dynamodb:UpdateTable, dynamodb:PutResourcePolicy, dynamodb:DeleteResourcePolicy (through dynamodb:*) on tenant table "app-items", which reaches every tenant\'s items.',
                'support-table: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "support-table" statement "Debug" grants dynamodb:GetItem, dynamodb:BatchGetItem, dynamodb:Query, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:BatchWriteItem, dynamodb:ConditionCheckItem, dynamodb:PartiQLSelect, dynamodb:PartiQLInsert, dynamodb:PartiQLUpdate, dynamodb:PartiQLDelete (through dynamodb:*) on tenant table "app-items" with dynamodb:LeadingKeys "unpinned" and Null guard "unset", but only ForAllValues:StringEquals "${aws:PrincipalTag/TenantId}" with Null "false" keeps a tenant in its partition.',
                'support-table: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "support-table" statement "Debug" allows full-table-scan dynamodb:PartiQLSelect on tenant table "app-items".',
            ],
        ],
        [
            "an export job reading every object of the tenant bucket",
            [
                { type: "aws:iam/user:User", name: "exporter", props: { name: "exporter" } },
                {
                    type: "aws:iam/userPolicy:UserPolicy",
                    name: "exporter-read",
                    props: {
                        user: "exporter",
                        policy: doc({
                            Effect: "Allow",
                            Action: ["s3:GetObject", "s3:ListBucket"],
                            Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
                        }),
                    },
                },
            ],
            [
                'exporter-read: tenant-data-grants: aws:iam/userPolicy:UserPolicy "exporter-read" statement "#0" grants s3:GetObject on ["arn:aws:s3:::app-tenant-files-a1b2c3/*"] in tenant bucket "app-tenant-files-a1b2c3", but objects are reachable only under <bucket>/${aws:PrincipalTag/TenantId}/ with the bucket named exactly.',
                'exporter-read: tenant-data-grants: aws:iam/userPolicy:UserPolicy "exporter-read" statement "#0" grants s3:ListBucket on tenant bucket "app-tenant-files-a1b2c3" with s3:prefix [], but listing must stay under "${aws:PrincipalTag/TenantId}/".',
            ],
        ],
        [
            "a standalone policy scanning every table of every region, attached to a role",
            [
                role("analytics"),
                {
                    type: "aws:iam/policy:Policy",
                    name: "scan-all",
                    props: {
                        name: "scan-all",
                        arn: `arn:aws:iam::${ACCOUNT}:policy/scan-all`,
                        policy: doc({
                            Effect: "Allow",
                            Action: ["dynamodb:Scan", "dynamodb:DescribeTable"],
                            Resource: "arn:aws:dynamodb:*:*:table/*",
                        }),
                    },
                },
                {
                    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    name: "analytics-scan",
                    props: { role: "analytics", policyArn: `arn:aws:iam::${ACCOUNT}:policy/scan-all` },
                },
            ],
            [
                'scan-all: tenant-data-grants: aws:iam/policy:Policy "scan-all" statement "#0" allows dynamodb:Scan on tenant table "app-items", which reaches every tenant\'s items.',
            ],
        ],
        [
            "AmazonDynamoDBFullAccess attached to the tenant access role",
            [
                {
                    type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                    name: "access-ddb",
                    props: {
                        role: "tenant-access",
                        policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
                    },
                },
            ],
            [
                'access-ddb: tenant-data-grants: aws:iam/rolePolicyAttachment:RolePolicyAttachment "access-ddb" attaches AWS managed policy "AmazonDynamoDBFullAccess" to ["tenant-access"], which reaches every tenant\'s data without the TenantId conditions.',
            ],
        ],
        [
            "a role's inline policy matching the tenant with StringLike",
            [
                {
                    ...role("batch"),
                    props: {
                        ...role("batch").props,
                        inlinePolicies: [
                            {
                                name: "items",
                                policy: doc({
                                    Sid: "Items",
                                    Effect: "Allow",
                                    Action: "dynamodb:Query",
                                    Resource: `${TABLE_ARN}/index/*`,
                                    Condition: {
                                        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${TAG}*`] },
                                        Null: { "dynamodb:LeadingKeys": "false" },
                                    },
                                }),
                            },
                        ],
                    },
                },
            ],
            [
                'batch: tenant-data-grants: aws:iam/role:Role "batch" inline policy "items" statement "Items" uses ForAllValues:StringLike on dynamodb:LeadingKeys (["${aws:PrincipalTag/TenantId}*"]), which lets one tenant match another\'s id.',
                'batch: tenant-data-grants: aws:iam/role:Role "batch" inline policy "items" statement "Items" grants dynamodb:Query on tenant table "app-items" with dynamodb:LeadingKeys "unpinned" and Null guard ["false"], but only ForAllValues:StringEquals "${aws:PrincipalTag/TenantId}" with Null "false" keeps a tenant in its partition.',
            ],
        ],
        [
            "a decrypt-anything grant on every key",
            [
                role("worker"),
                rolePolicy("worker-kms", "worker", { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }),
            ],
            [
                'worker-kms: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "worker-kms" statement "#0" grants kms:Decrypt on tenant key "0f1e2d3c-aaaa-bbbb-cccc-000000000001" without StringEquals aws:ResourceTag/TenantId = "${aws:PrincipalTag/TenantId}" or kms:ViaService DynamoDB/S3.',
            ],
        ],
    ])("reports %s", async (_name, extra, messages) => {
        expect(await checkStack(tenantDataGrants, stackWith(...extra))).toEqual(messages);
    });

    it("reports a wildcard grant in a stack that holds no tenant store of its own (the account's stores are still reached)", async () => {
        const pooledTenantStack: StackFixture[] = [
            role("acme-reports"),
            rolePolicy("acme-reports-scan", "acme-reports", {
                Sid: "Everything",
                Effect: "Allow",
                Action: "dynamodb:Scan",
                Resource: "*",
            }),
        ];
        expect(await checkStack(tenantDataGrants, pooledTenantStack, { stack: "dev-acme" })).toEqual([
            'acme-reports-scan: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "acme-reports-scan" statement "Everything" allows dynamodb:Scan on tenant table "*", which reaches every tenant\'s items.',
        ]);
    });

    it("reports a broad managed policy listed in a role's managedPolicyArns", async () => {
        const ops = {
            ...role("ops"),
            props: { ...role("ops").props, managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
        };
        expect(await checkStack(tenantDataGrants, stackWith(ops))).toEqual([
            'ops: tenant-data-grants: aws:iam/role:Role "ops" attaches AWS managed policy "PowerUserAccess" to ["ops"], which reaches every tenant\'s data without the TenantId conditions.',
        ]);
    });

    it("reads NotAction as everything else: an 'all but IAM' grant reaches the table, the bucket and the key", async () => {
        const stack = stackWith(
            role("dev-admin"),
            rolePolicy("dev-admin-all", "dev-admin", {
                Sid: "AllButIam",
                Effect: "Allow",
                NotAction: "iam:*",
                Resource: "*",
            }),
        );
        const messages = await checkStack(tenantDataGrants, stack);
        expect(
            messages.map((m) =>
                /on (tenant (table|bucket|key) "[^"]+")|in (tenant bucket "[^"]+")/
                    .exec(m)
                    ?.slice(1)
                    .find((x) => x?.startsWith("tenant")),
            ),
        ).toEqual([
            `tenant table "app-items"`,
            `tenant table "app-items"`,
            `tenant table "app-items"`,
            `tenant bucket "${BUCKET}"`,
            `tenant bucket "${BUCKET}"`,
            `tenant bucket "${BUCKET}"`,
            `tenant key "0f1e2d3c-aaaa-bbbb-cccc-000000000001"`,
            `tenant key "0f1e2d3c-aaaa-bbbb-cccc-000000000001"`,
        ]);
    });
});

describe("tenant-data-grants with the pack's default config", () => {
    const registryRead = (roleName: string) => [
        role(roleName),
        rolePolicy(`${roleName}-read`, roleName, {
            Sid: "ReadTenantRegistry",
            Effect: "Allow",
            Action: "dynamodb:GetItem",
            Resource: TABLE_ARN,
        }),
    ];

    it("passes the platform's authorizer and router roles (their physical names) reading one item per tenant", async () => {
        const stack = stackWith(
            ...registryRead("platform-authorizer-role-5d1f2e3"),
            ...registryRead("platform-ingestion-router-role-77aa01b"),
        );
        expect(await checkStack(tenantDataGrants, stack)).toEqual([]);
    });

    it("judges the same read by any other role: a name is exempt only when the pack's config names it", async () => {
        expect(await checkStack(tenantDataGrants, stackWith(...registryRead("billing-lookup-role")))).toEqual(
            [
                'billing-lookup-role-read: tenant-data-grants: aws:iam/rolePolicy:RolePolicy "billing-lookup-role-read" statement "ReadTenantRegistry" grants dynamodb:GetItem on tenant table "app-items" with dynamodb:LeadingKeys "unpinned" and Null guard "unset", but only ForAllValues:StringEquals "${aws:PrincipalTag/TenantId}" with Null "false" keeps a tenant in its partition.',
            ],
        );
    });
});
