import { beforeAll, describe, expect, it } from "vitest";
import { canonical, IdClasses, OTHER, overlaps, SELF, shapeOf } from "../../../plan/isolation/classes";
import { type IsolationFailure, isolationAttempts, proveIsolation } from "../../../plan/isolation/proof";
import { simulate } from "../../../plan/isolation/simulation";
import type { PlannedStack } from "../../../plan/mockRuntime";
import { planPlatformStack } from "../../../plan/platform";
import { sampleTenantSpecs } from "../../../plan/sampleTenants";
import { planTenantStacks } from "../../../plan/tenants";

describe("what tells two tenant ids apart", () => {
    it.each([
        ["acme", "acme2", "A0,1"],
        ["acme2", "acme", "B0,1"],
        ["acme", "globex", ""],
        ["t0001x", "t0002x", ""],
        ["alpha", "beta", "C1"],
        ["beta", "alpha", "D1"],
        ["abab", "ab", "B0,2 B2,0"],
    ])("overlaps of %s and %s", (u, v, expected) => {
        expect(overlaps(u, v)).toBe(expected);
    });

    it("replaces the longer id first", () => {
        expect(
            canonical("acme2/acme", [
                ["acme", SELF],
                ["acme2", OTHER],
            ]),
        ).toBe(`${OTHER}/${SELF}`);
    });

    it("keeps the words next to a wildcard, a policy variable or an id, with the overlaps that can meet", () => {
        const text = `arn:aws:s3:::tenant-tiers-dev-premium-*/\${aws:PrincipalTag/TenantId}/*"table/x-${OTHER}-files/probe.json`;
        const shape = shapeOf(text);
        expect([...shape.words].map(([w, k]) => [w, [...k].sort().join("")]).sort()).toEqual([
            ["-files", "ABC"],
            ["tenant-tiers-dev-premium-", "ABCD"],
            ["x-", "ABD"],
        ]);
        expect(shape.sliding).toBe(false);
        expect(shapeOf("${aws:PrincipalTag/TenantId}*").sliding).toBe(true);
    });

    it("puts plain ids in one class, an id the documents name in its own, and relates pairs by containment", () => {
        const classes = new IdClasses(
            '{"Resource":"arn:aws:s3:::files/x-${aws:PrincipalTag/TenantId}/*","x":"data"}',
            [],
        );
        expect(classes.classOf("t0001x")).toBe(classes.classOf("t0002x"));
        expect(classes.classOf("t001x")).toBe(classes.classOf("t0002x"));
        expect(classes.classOf("alpha")).toBe(classes.classOf("t0002x"));
        expect(classes.classOf("x-ray")).not.toBe(classes.classOf("t0001x"));
        expect(classes.isSpecial("data")).toBe(true);
        expect(classes.classOf("data")).not.toBe(classes.classOf("dbta"));
        expect(classes.relation("alpha", "beta")).toBe("");
        expect(classes.relation("acme", "acme2")).toBe("A0,1");
    });

    it("relates every overlap of two ids when an id slides next to a wildcard", () => {
        const classes = new IdClasses(
            '{"Condition":{"StringLike":{"s3:prefix":"${aws:PrincipalTag/TenantId}*"}}}',
            [],
        );
        expect(classes.relation("alpha", "beta")).toBe("C1");
        const questioned = new IdClasses('"${aws:PrincipalTag/TenantId}?"', []);
        expect(questioned.classOf("t001x")).not.toBe(questioned.classOf("t0002x"));
        expect(classes.check(`"${SELF}*"`)).toBeUndefined();
        expect(classes.check(`"x-${SELF}"`)).toBe('"x-" next to a wildcard or tenant id was not classified');
        expect(classes.check(`"${SELF}?"`)).toBe("a ? wildcard was not classified");
    });
});

describe("classes decide as the simulator does request by request", () => {
    let stacks: PlannedStack[];

    beforeAll(async () => {
        const platform = await planPlatformStack("dev");
        stacks = [platform, ...(await planTenantStacks(sampleTenantSpecs("dev"), platform.outputs))];
    }, 60_000);

    async function oneByOne(planned: readonly PlannedStack[]) {
        let denied = 0;
        let allowed = 0;
        const failures: IsolationFailure[] = [];
        for (const attempt of isolationAttempts(planned)) {
            const { result } = await simulate(attempt);
            if (result === "Allowed") allowed++;
            else denied++;
            if ((result === "Allowed") !== (attempt.expected === "allow")) {
                failures.push({
                    tenant: attempt.tenant,
                    attempt: attempt.name,
                    action: attempt.action,
                    resource: attempt.resource,
                    expected: attempt.expected,
                    result,
                });
            }
        }
        return { denied, allowed, failures };
    }

    const LEADING_KEYS_LIKE = (policy: string) =>
        policy
            .replace('"ForAllValues:StringEquals"', '"ForAllValues:StringLike"')
            .replace('["${aws:PrincipalTag/TenantId}"]', '["${aws:PrincipalTag/TenantId}*"]');

    const LET_ACME_INTO_GLOBEX = (policy: string) => {
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
                notEquals["aws:PrincipalTag/TenantId"] = ["globex", "acme"];
            }
        }
        document.Statement.push({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:role/platform-tenant-access-role" },
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::tenant-tiers-dev-premium-globex-store-files/*",
            Condition: { StringEquals: { "aws:PrincipalTag/TenantId": "acme" } },
        });
        return JSON.stringify(document);
    };

    it.each<[string, string, (policy: string) => string, boolean]>([
        ["as planned", "platform-tenant-access-data-policy", (p) => p, false],
        [
            "with StringLike and a trailing * on the leading keys",
            "platform-tenant-access-data-policy",
            LEADING_KEYS_LIKE,
            true,
        ],
        [
            "with globex's bucket policy letting acme in",
            "globex-store-files-policy",
            LET_ACME_INTO_GLOBEX,
            true,
        ],
    ])(
        "the sample tenants, %s",
        async (_name, resource, change, failing) => {
            const planned = stacks.map((s) => ({
                ...s,
                resources: s.resources.map((r) =>
                    r.name === resource
                        ? { ...r, inputs: { ...r.inputs, policy: change(r.inputs.policy as string) } }
                        : r,
                ),
            }));

            const expected = await oneByOne(planned);
            const report = await proveIsolation(planned);

            expect(report.denied).toBe(expected.denied);
            expect(report.allowed).toBe(expected.allowed);
            expect(report.attempts).toBe(1392);
            expect(new Set(report.failures.map((f) => JSON.stringify(f)))).toEqual(
                new Set(expected.failures.map((f) => JSON.stringify(f))),
            );
            expect(report.failures).toHaveLength(expected.failures.length);
            expect(report.failures.length > 0).toBe(failing);
            expect(report.coverage.simulatedRequests).toBeLessThan(1392);
        },
        120_000,
    );
});
