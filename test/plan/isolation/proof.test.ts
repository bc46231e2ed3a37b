import { beforeAll, describe, expect, it } from "vitest";
import { MOCK_ACCOUNT_ID, type PlannedResource, type PlannedStack } from "../../../plan/mockRuntime";
import {
    isolationAttempts,
    neighboursOf,
    plannedTenants,
    proveIsolation,
} from "../../../plan/isolation/proof";
import { planPlatformStack } from "../../../plan/platform";

let platform: PlannedStack;

beforeAll(async () => {
    platform = await planPlatformStack("dev");
});

const ACCESS_POLICY = "platform-tenant-access-data-policy";

function withAccessPolicy(change: (policy: string) => string): PlannedStack {
    return {
        ...platform,
        resources: platform.resources.map((r) =>
            r.name === ACCESS_POLICY
                ? { ...r, inputs: { ...r.inputs, policy: change(r.inputs.policy as string) } }
                : r,
        ),
    };
}

function resource(type: string, name: string, inputs: Record<string, unknown>): PlannedResource {
    return {
        type,
        name,
        parent: null,
        custom: true,
        inputs,
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
    };
}

describe("neighbours and tenants", () => {
    it.each([
        ["acme", ["acm", "acme2", "acme-2", "acmea"]],
        ["globex", ["globe", "globex2", "globex-2", "globexa"]],
    ])("neighbours of %s", (tenant, neighbours) => {
        expect(neighboursOf(tenant)).toEqual(neighbours);
    });

    it("uses the sample tenants when no tenant stack is planned", () => {
        expect(plannedTenants([platform])).toEqual(["acme", "globex"]);
    });

    it("reads the tenants of planned tenant stacks from their TenantId tags", () => {
        const tenant = (id: string): PlannedStack => ({
            name: `dev-${id}`,
            kind: "tenant",
            outputs: {},
            resources: [
                resource("aws:apigateway/apiKey:ApiKey", `${id}-key`, {
                    tags: { TenantId: id, Tier: "pooled" },
                }),
            ],
        });
        expect(plannedTenants([platform, tenant("initech"), tenant("acme")])).toEqual(["acme", "initech"]);
    });
});

describe("the isolation proof over the dev plan", () => {
    it("counts every attempt and finds no failure", async () => {
        const report = await proveIsolation([platform]);
        // acme and globex: 2·1 ordered pairs, and 4 neighbours each, attacked by and attacking
        // their tenant: 2·1 + 2·2·4 = 18 pairs. Classes: both tenants alone (1); a tenant against the
        // other, a prefix neighbour (acm), a neighbour one character longer (acme2, acmea) and the
        // hyphen neighbour (acme-2) (4); those neighbours against the tenant (3). The 702 attempts
        // they stand for are those of the request-by-request proof; 357 of them differ canonically.
        // 96 of them name no tenant: sessions tagged with one of the 12 reserved ids, refused by the
        // trust (AssumeRole and TagSession, for each of its 2 trusted callers) and by the tenant key
        // statement (4 key actions): 12 · (2·2 + 4). 6 more are API Gateway as a confused deputy
        // (./deputies.ts): for each of the platform's 2 lambda.Permissions, the real source (allowed),
        // the same API in another account and another API of the account (denied).
        expect(report).toEqual({
            attempts: 702,
            denied: 638,
            allowed: 64,
            failures: [],
            coverage: { pairs: 18, pairsCovered: 18, simulatedRequests: 357, documentClasses: 8 },
        });
    });

    it("attempts what the issue lists, for each tenant", () => {
        const names = isolationAttempts([platform])
            .filter((a) => a.tenant === "acme")
            .map((a) => `${a.expected} ${a.name}`);
        expect(names).toEqual(
            expect.arrayContaining([
                'allow dynamodb:GetItem table/platform-data-tenant-data dynamodb:LeadingKeys=["acme"]',
                'deny dynamodb:GetItem table/platform-data-tenant-data dynamodb:LeadingKeys=["acme2"]',
                'deny dynamodb:BatchWriteItem table/platform-data-tenant-data dynamodb:LeadingKeys=["acme","acm"]',
                'deny dynamodb:Query table/platform-data-tenant-data/index/gsi1 dynamodb:LeadingKeys=["globex"]',
                "deny dynamodb:Scan table/platform-data-tenant-data",
                'deny dynamodb:PartiQLSelect table/platform-data-tenant-data/index/gsi1 dynamodb:FullTableScan="true"',
                "deny dynamodb:GetItem table/platform-data-tenant-data",
                "deny dynamodb:GetItem table/platform-data-tenant-data dynamodb:LeadingKeys=[]",
                "allow s3:PutObject tenant-tiers-dev-files-platform-data-tenant-files/acme/probe.json",
                "deny s3:DeleteObject tenant-tiers-dev-files-platform-data-tenant-files/acme-2/probe.json",
                "deny s3:GetObject tenant-tiers-dev-files-platform-data-tenant-files/probe.json",
                'deny s3:ListBucket tenant-tiers-dev-files-platform-data-tenant-files s3:prefix=""',
                "deny s3:ListBucket tenant-tiers-dev-files-platform-data-tenant-files",
                'deny kms:Decrypt key/probe-key aws:ResourceTag/TenantId="acmea"',
                'allow dynamodb:PutItem table/tenant-tiers-dev-premium-acme dynamodb:LeadingKeys=["acme"]',
                'deny dynamodb:GetItem table/tenant-tiers-dev-premium-globex dynamodb:LeadingKeys=["acme"]',
                'deny dynamodb:Query table/tenant-tiers-dev-premium-acm/index/probe-index dynamodb:LeadingKeys=["acm"]',
                'allow sts:AssumeRole role/platform-tenant-access-role aws:RequestTag/TenantId="acme" aws:TagKeys=["TenantId"] sts:TransitiveTagKeys=["TenantId"]',
            ]),
        );
    });

    it.each<[string, (policy: string) => string, string]>([
        [
            "StringLike instead of StringEquals on the leading keys",
            (p) =>
                p
                    .replace('"ForAllValues:StringEquals"', '"ForAllValues:StringLike"')
                    .replace('["${aws:PrincipalTag/TenantId}"]', '["${aws:PrincipalTag/TenantId}*"]'),
            // ForAnyValue still refuses a foreign key alone; a mixed request gets through the prefix match.
            'dynamodb:GetItem table/platform-data-tenant-data dynamodb:LeadingKeys=["acme","acme2"]',
        ],
        [
            "the Null guard and ForAnyValue removed",
            (p) =>
                p.replace(
                    ',"Null":{"dynamodb:LeadingKeys":"false"},"ForAnyValue:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/TenantId}"]}',
                    "",
                ),
            "dynamodb:GetItem table/platform-data-tenant-data",
        ],
        [
            "the object prefix without its delimiter",
            (p) => p.replace("/${aws:PrincipalTag/TenantId}/*", "/${aws:PrincipalTag/TenantId}*"),
            "s3:GetObject tenant-tiers-dev-files-platform-data-tenant-files/acme2/probe.json",
        ],
    ])("fails on a broken policy document: %s", async (_name, change, attempt) => {
        const broken = withAccessPolicy(change);
        expect(JSON.stringify(broken)).not.toBe(JSON.stringify(platform));

        const report = await proveIsolation([broken]);

        expect(report.attempts).toBe(702);
        expect(report.failures).toContainEqual({
            tenant: "acme",
            attempt,
            action: attempt.split(" ")[0],
            resource: expect.stringContaining(attempt.split(" ")[1] as string),
            expected: "deny",
            result: "Allowed",
        });
    });

    it("fails when the plan has no tenant access role to prove anything with", async () => {
        const report = await proveIsolation([
            { ...platform, resources: platform.resources.filter((r) => r.name !== ACCESS_POLICY) },
        ]);
        expect(report).toEqual({
            attempts: 0,
            denied: 0,
            allowed: 0,
            coverage: { pairs: 18, pairsCovered: 0, simulatedRequests: 0, documentClasses: 0 },
            failures: [
                {
                    tenant: "(none)",
                    attempt:
                        "find a tenant access role (a role policy pinned to ${aws:PrincipalTag/TenantId}) in the plan",
                    action: "",
                    resource: "",
                    expected: "deny",
                    result: "error",
                    detail: "the plan has no tenant access role, so there is nothing to prove",
                },
            ],
        });
    });
});

describe("silo data roles in the plan", () => {
    const SILO_ACCOUNT = "111122223333";
    const siloRole = (tenant: string) =>
        resource("aws:iam/role:Role", `${tenant}-silo-data-role`, {
            name: `${tenant}-silo-data`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: {
                            AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-tenant-access-role`,
                        },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        Condition: {
                            StringEquals: {
                                "aws:PrincipalTag/TenantId": tenant,
                                "aws:PrincipalOrgID": "o-exampleorg1",
                            },
                        },
                    },
                ],
            }),
            tags: { TenantId: tenant, Tier: "premium", Environment: "dev" },
        });
    const siloGrant = resource("aws:iam/rolePolicy:RolePolicy", "silo-grant", {
        role: "platform-tenant-access-role",
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Resource: [`arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
                    Condition: { StringEquals: { "aws:PrincipalTag/TenantId": "initech" } },
                },
            ],
        }),
    });

    it("lets only the silo's tenant assume its data role", async () => {
        const tenantStack: PlannedStack = {
            name: "dev-initech",
            kind: "tenant",
            outputs: {},
            resources: [siloRole("initech")],
        };
        const stacks = [{ ...platform, resources: [...platform.resources, siloGrant] }, tenantStack];

        const silo = isolationAttempts(stacks).filter(
            (a) => a.action === "sts:AssumeRole" && a.resource.endsWith("initech-silo-data"),
        );
        const report = await proveIsolation(stacks);

        expect(silo.map((a) => [a.tenant, a.expected, a.resource])).toEqual([
            ["initech", "allow", `arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
            ["initec", "deny", `arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
            ["initech2", "deny", `arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
            ["initech-2", "deny", `arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
            ["initecha", "deny", `arn:aws:iam::${SILO_ACCOUNT}:role/initech-silo-data`],
        ]);
        expect(report.failures).toEqual([]);
    });
});

describe("buckets that belong to one tenant", () => {
    const bucketName = "tenant-tiers-dev-premium-initech-files";
    const bucketArn = `arn:aws:s3:::${bucketName}`;
    const bucket = resource("aws:s3/bucket:Bucket", "initech-files", {
        bucketPrefix: "tenant-tiers-dev-premium-",
        tags: { TenantId: "initech", Tier: "premium", Environment: "dev" },
    });
    const onlyInitech = resource("aws:s3/bucketPolicy:BucketPolicy", "initech-files-policy", {
        bucket: "initech-files-id",
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "OnlyTheOwningTenant",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [bucketArn, `${bucketArn}/*`],
                    Condition: { StringNotEquals: { "aws:PrincipalTag/TenantId": "initech" } },
                },
            ],
        }),
    });
    // An identity grant on every premium bucket, under the caller's prefix: IAM's "*" also matches
    // "/", so it reaches <any premium bucket>/<owner>/<caller>/... as well.
    const wildcardGrant = resource("aws:iam/rolePolicy:RolePolicy", "premium-buckets-grant", {
        role: "platform-tenant-access-role",
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject"],
                    Resource: "arn:aws:s3:::tenant-tiers-dev-premium-*/${aws:PrincipalTag/TenantId}/*",
                },
            ],
        }),
    });
    const stacksWith = (resources: PlannedResource[]): PlannedStack[] => [
        { ...platform, resources: [...platform.resources, wildcardGrant] },
        { name: "dev-initech", kind: "tenant", outputs: {}, resources: [bucket, ...resources] },
    ];

    it("are attempted by every other tenant and neighbour, and pass when the bucket policy turns them away", async () => {
        const stacks = stacksWith([onlyInitech]);
        const attempts = isolationAttempts(stacks).filter((a) => a.resource.startsWith(bucketArn));

        const report = await proveIsolation(stacks);

        // 4 neighbours of initech x (3 keys x 6 object actions + 2 listings), all to be denied.
        expect(attempts).toHaveLength(80);
        expect(new Set(attempts.map((a) => a.expected))).toEqual(new Set(["deny"]));
        expect(report.failures).toEqual([]);
    });

    it("fail without that bucket policy: the wildcard grant alone reaches the owner's bucket", async () => {
        const report = await proveIsolation(stacksWith([]));

        expect(report.failures).toContainEqual({
            tenant: "initec",
            attempt: `s3:GetObject ${bucketName}/initech/initec/probe.json`,
            action: "s3:GetObject",
            resource: `${bucketArn}/initech/initec/probe.json`,
            expected: "deny",
            result: "Allowed",
        });
        // 4 neighbours x 2 granted actions x 2 keys (<caller>/..., <owner>/<caller>/...).
        expect(report.failures).toHaveLength(16);
    });
});
