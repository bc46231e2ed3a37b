import { beforeAll, describe, expect, it } from "vitest";
import { proveIsolation } from "../../../plan/isolation/proof";
import { MOCK_ACCOUNT_ID, type PlannedStack } from "../../../plan/mockRuntime";
import { planPlatformStack } from "../../../plan/platform";
import { plannedTenantSpec } from "../../../plan/sampleTenants";
import { planTenantStacks } from "../../../plan/tenants";

// 999 pooled tenants and one premium tenant, planned for real: holes only one pair of them (or only
// the shared documents) open must still be found, although the proof simulates classes, not pairs.
const POOLED = Array.from({ length: 999 }, (_, i) => `t${String(i + 1).padStart(4, "0")}x`);
const PREMIUM = "p0001x";
const INTRUDER = "t0500x";
const PREMIUM_BUCKET_ARN = `arn:aws:s3:::tenant-tiers-dev-premium-${PREMIUM}-store-files`;
const ACCESS_POLICY = "platform-tenant-access-data-policy";

let stacks: PlannedStack[];

beforeAll(async () => {
    const platform = await planPlatformStack("dev");
    const specs = [
        ...POOLED.map((id) => plannedTenantSpec("dev", id, "pooled")),
        plannedTenantSpec("dev", PREMIUM, "premium"),
    ];
    stacks = [platform, ...(await planTenantStacks(specs, platform.outputs))];
}, 240_000);

function withPolicy(name: string, input: string, change: (document: string) => string): PlannedStack[] {
    let changed = 0;
    const result = stacks.map((stack) =>
        stack.resources.some((r) => r.name === name)
            ? {
                  ...stack,
                  resources: stack.resources.map((r) => {
                      if (r.name !== name) return r;
                      changed++;
                      return { ...r, inputs: { ...r.inputs, [input]: change(r.inputs[input] as string) } };
                  }),
              }
            : stack,
    );
    expect(changed).toBe(1);
    return result;
}

describe("the isolation proof with 1,000 planned tenants", () => {
    it("covers every pair and finds nothing in the plan as it is", async () => {
        const report = await proveIsolation(stacks);

        expect(report.failures).toEqual([]);
        // 1,000 tenants: 1000·999 ordered pairs, and 4 neighbours each, attacked by and attacking
        // their tenant: 999,000 + 8,000.
        expect(report.coverage.pairs).toBe(1_007_000);
        expect(report.coverage.pairsCovered).toBe(1_007_000);
    }, 120_000);

    it("finds a premium bucket policy that lets one other tenant's session in, for that tenant only", async () => {
        // The owner's bucket policy exempts the intruder from its deny of other tenants and grants
        // its session reads: a hole that only the pair (t0500x, p0001x) can use.
        const planted = withPolicy(`${PREMIUM}-store-files-policy`, "policy", (policy) => {
            const document = JSON.parse(policy) as {
                Statement: {
                    [key: string]: unknown;
                    Sid?: string;
                    Condition?: Record<string, Record<string, unknown>>;
                }[];
            };
            for (const statement of document.Statement) {
                const notEquals = statement.Condition?.StringNotEquals;
                if (statement.Sid === "DenyOtherTenants" && notEquals !== undefined) {
                    notEquals["aws:PrincipalTag/TenantId"] = [PREMIUM, INTRUDER];
                }
            }
            document.Statement.push({
                Sid: "Planted",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/platform-tenant-access-role` },
                Action: "s3:GetObject",
                Resource: `${PREMIUM_BUCKET_ARN}/*`,
                Condition: { StringEquals: { "aws:PrincipalTag/TenantId": INTRUDER } },
            });
            return JSON.stringify(document);
        });

        const report = await proveIsolation(planted);

        // The intruder's GetObject under the owner's prefix, its own, and its own under the owner's.
        const failure = (key: string) => ({
            tenant: INTRUDER,
            attempt: `s3:GetObject tenant-tiers-dev-premium-${PREMIUM}-store-files/${key}`,
            action: "s3:GetObject",
            resource: `${PREMIUM_BUCKET_ARN}/${key}`,
            expected: "deny",
            result: "Allowed",
        });
        expect(report.failures).toEqual([
            failure(`${PREMIUM}/probe.json`),
            failure(`${INTRUDER}/probe.json`),
            failure(`${PREMIUM}/${INTRUDER}/probe.json`),
        ]);
        expect(report.coverage.pairsCovered).toBe(1_007_000);
    }, 120_000);

    it("finds StringLike with a trailing * on the shared table's leading keys, for every tenant", async () => {
        const planted = withPolicy(ACCESS_POLICY, "policy", (policy) =>
            policy
                .replace('"ForAllValues:StringEquals"', '"ForAllValues:StringLike"')
                .replace('["${aws:PrincipalTag/TenantId}"]', '["${aws:PrincipalTag/TenantId}*"]'),
        );

        const report = await proveIsolation(planted);

        // Each tenant's partition next to that of a neighbour its id is a prefix of (t0500x2,
        // t0500x-2, t0500xa), for the 8 item actions and the index query: 27 per tenant, 27,000
        // in all, of which the first 10,000 are listed (those of the first 371 tenants, 27 each).
        expect(report.failures).toHaveLength(10_000);
        expect(report.unlistedFailures).toBe(17_000);
        expect(report.failures).toContainEqual({
            tenant: "t0001x",
            attempt:
                'dynamodb:GetItem table/platform-data-tenant-data dynamodb:LeadingKeys=["t0001x","t0001x2"]',
            action: "dynamodb:GetItem",
            resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/platform-data-tenant-data",
            expected: "deny",
            result: "Allowed",
        });
        expect(new Set(report.failures.map((f) => f.tenant)).size).toBe(371);
    }, 120_000);
});
