import { describe, expect, it } from "vitest";
import { serviceTrust, tenantAccessTrust } from "../../components/policies";
import { tenantSessionTrust } from "../../policypacks/tenant-guard/policies";
import { check } from "./harness";

const ROLE = "aws:iam/role:Role";
const label = `${ROLE} "access" trust statement`;
const EXEC = "arn:aws:iam::123456789012:role/exec";
const compliant = tenantAccessTrust({ trustedRoleArns: [EXEC] });
const trust = (statement: Record<string, unknown>) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "T", Effect: "Allow", ...statement }] });
const requireTag = { Null: { "aws:RequestTag/TenantId": "false" } };

describe("tenant-session-trust", () => {
    it.each<[string, unknown]>([
        ["the tenant access trust as JSON", JSON.stringify(compliant)],
        ["the tenant access trust as an object", compliant],
        ["a service trust without session tags", JSON.stringify(serviceTrust("lambda.amazonaws.com"))],
        [
            "a pinned tag value",
            trust({
                Principal: { AWS: EXEC },
                Action: "sts:TagSession",
                Condition: { StringEquals: { "aws:RequestTag/TenantId": "acme" } },
            }),
        ],
        [
            "a chained hop pinned to one tenant's transitive tag (a silo data role)",
            trust({
                Principal: { AWS: EXEC },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: { "aws:PrincipalTag/TenantId": "initech", "aws:PrincipalOrgID": "o-1" },
                },
            }),
        ],
        ["a Deny for everyone", trust({ Effect: "Deny", Principal: "*", Action: "sts:TagSession" })],
    ])("passes %s", async (_name, assumeRolePolicy) => {
        expect(await check(tenantSessionTrust, ROLE, "access", { assumeRolePolicy })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
        [
            "any principal",
            { Principal: "*", Action: ["sts:AssumeRole", "sts:TagSession"], Condition: requireTag },
            [
                `${label} "T" allows sts:TagSession to principal "*", but a trust that accepts session tags must name its principals.`,
            ],
        ],
        [
            "a wildcard AWS principal",
            {
                Principal: { AWS: [EXEC, "arn:aws:iam::123456789012:role/*"] },
                Action: "sts:*",
                Condition: requireTag,
            },
            [
                `${label} "T" allows sts:TagSession to principal "arn:aws:iam::123456789012:role/*", but a trust that accepts session tags must name its principals.`,
            ],
        ],
        [
            "NotPrincipal",
            { NotPrincipal: { AWS: EXEC }, Action: "sts:TagSession", Condition: requireTag },
            [
                `${label} "T" allows sts:TagSession to principal "NotPrincipal", but a trust that accepts session tags must name its principals.`,
            ],
        ],
        [
            "no tag requirement",
            { Principal: { AWS: EXEC }, Action: ["sts:AssumeRole", "sts:TagSession"] },
            [
                `${label} "T" allows sts:TagSession without requiring aws:RequestTag/TenantId or pinning aws:PrincipalTag/TenantId (its conditions: none).`,
            ],
        ],
        [
            "a tag allowed to be absent",
            {
                Principal: { AWS: EXEC },
                Action: "sts:TagSession",
                Condition: {
                    Null: { "aws:RequestTag/TenantId": "true" },
                    StringEquals: { "aws:PrincipalOrgID": "o-1" },
                },
            },
            [
                `${label} "T" allows sts:TagSession without requiring aws:RequestTag/TenantId or pinning aws:PrincipalTag/TenantId (its conditions: Null aws:RequestTag/TenantId, StringEquals aws:PrincipalOrgID).`,
            ],
        ],
        [
            "a principal tag that is only matched by a pattern",
            {
                Principal: { AWS: EXEC },
                Action: "sts:TagSession",
                Condition: { StringEquals: { "aws:PrincipalTag/TenantId": "init*" } },
            },
            [
                `${label} "T" allows sts:TagSession without requiring aws:RequestTag/TenantId or pinning aws:PrincipalTag/TenantId (its conditions: StringEquals aws:PrincipalTag/TenantId).`,
            ],
        ],
        [
            "both",
            { Principal: { AWS: "*" }, Action: "sts:TagSession" },
            [
                `${label} "T" allows sts:TagSession to principal "*", but a trust that accepts session tags must name its principals.`,
                `${label} "T" allows sts:TagSession without requiring aws:RequestTag/TenantId or pinning aws:PrincipalTag/TenantId (its conditions: none).`,
            ],
        ],
    ])("reports %s", async (_name, statement, messages) => {
        expect(
            await check(tenantSessionTrust, ROLE, "access", { assumeRolePolicy: trust(statement) }),
        ).toEqual(messages);
    });

    it("reports a trust it cannot read", async () => {
        expect(await check(tenantSessionTrust, ROLE, "access", { assumeRolePolicy: '"x"' })).toEqual([
            `${ROLE} "access" has an assumeRolePolicy that cannot be checked: it is not a JSON object.`,
        ]);
    });

    it("uses the configured tenantTagKey", async () => {
        const config = { tenantTagKey: "Customer" };
        const assumeRolePolicy = JSON.stringify(compliant);
        expect(await check(tenantSessionTrust, ROLE, "access", { assumeRolePolicy }, { config })).toEqual([
            `${label} "TenantFunctionsWithTenantTag" allows sts:TagSession without requiring aws:RequestTag/Customer or pinning aws:PrincipalTag/Customer (its conditions: Null aws:RequestTag/TenantId, ForAllValues:StringEquals aws:TagKeys, ForAllValues:StringEquals sts:TransitiveTagKeys, StringNotEquals aws:RequestTag/TenantId).`,
        ]);
    });
});
