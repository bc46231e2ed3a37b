import { describe, expect, it } from "vitest";
import { tenantSessionPrincipals } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import { accessTrust, ACCOUNT, baseStack, OUTSIDE, stackChanging } from "./stackFixtures";

const trusting = (principal: unknown): StackFixture[] =>
    stackChanging("tenant-access", (props) => ({ ...props, assumeRolePolicy: accessTrust(principal) }));

describe("tenant-session-principals", () => {
    it.each<[string, StackFixture[], Record<string, unknown>]>([
        ["the function role of the stack", baseStack(), {}],
        ["the own account, by id", trusting({ AWS: ACCOUNT }), {}],
        [
            "a second platform account listed in trustedAccountIds",
            trusting({ AWS: `arn:aws:iam::${OUTSIDE}:role/worker` }),
            { trustedAccountIds: [ACCOUNT, OUTSIDE] },
        ],
    ])("passes a tenant access role trusting %s", async (_name, stack, config) => {
        expect(await checkStack(tenantSessionPrincipals, stack, { config })).toEqual([]);
    });

    const where =
        'tenant-access: tenant-session-principals: aws:iam/role:Role "tenant-access" trust statement "#0"';
    it.each<[string, unknown, string]>([
        [
            "a contractor's account root, with the tag guard still in place",
            { AWS: `arn:aws:iam::${OUTSIDE}:root` },
            `${where} trusts "arn:aws:iam::${OUTSIDE}:root", which is outside the stack's accounts ["${ACCOUNT}"].`,
        ],
        ["everyone", { AWS: "*" }, `${where} trusts Principal "*", so anyone may become a tenant.`],
        [
            "a service, so any Lambda function may tag itself a tenant",
            { Service: "lambda.amazonaws.com" },
            `${where} trusts "lambda.amazonaws.com", which is not an IAM principal of the stack's accounts ["${ACCOUNT}"].`,
        ],
        [
            "a router role in a sandbox account",
            {
                AWS: [
                    `arn:aws:iam::${ACCOUNT}:role/items-handler-role`,
                    `arn:aws:iam::${OUTSIDE}:role/tenant-router`,
                ],
            },
            `${where} trusts "arn:aws:iam::${OUTSIDE}:role/tenant-router", which is outside the stack's accounts ["${ACCOUNT}"].`,
        ],
    ])("reports a tenant access role trusting %s", async (_name, principal, message) => {
        expect(await checkStack(tenantSessionPrincipals, trusting(principal))).toEqual([message]);
    });

    it("judges any role whose trust accepts the tag, whatever its name or tags", async () => {
        const stack: StackFixture[] = [
            ...baseStack(),
            {
                type: "aws:iam/role:Role",
                name: "ops-helper",
                props: {
                    name: "ops-helper",
                    tags: { Tier: "platform" },
                    assumeRolePolicy: JSON.stringify({
                        Statement: {
                            Effect: "Allow",
                            Principal: { AWS: OUTSIDE },
                            Action: ["sts:AssumeRole", "sts:TagSession"],
                        },
                    }),
                },
            },
        ];
        expect(await checkStack(tenantSessionPrincipals, stack)).toEqual([
            `ops-helper: tenant-session-principals: aws:iam/role:Role "ops-helper" trust statement "#0" trusts "${OUTSIDE}", which is outside the stack's accounts ["${ACCOUNT}"].`,
        ]);
    });
});
