import { describe, expect, it } from "vitest";
import { tenantSessionPrincipals } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import {
    ACCESS_ROLE_ARN,
    accessTrust,
    ACCOUNT,
    baseStack,
    doc,
    OUTSIDE,
    stackChanging,
} from "./stackFixtures";

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

describe("tenant-session-principals on identity grants", () => {
    const supportRole: StackFixture = {
        type: "aws:iam/role:Role",
        name: "support-console",
        props: {
            name: "support-console",
            arn: `arn:aws:iam::${ACCOUNT}:role/support-console`,
            assumeRolePolicy: doc({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                Action: "sts:AssumeRole",
            }),
        },
    };
    const supportGrant = (...statements: Record<string, unknown>[]): StackFixture => ({
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "support-console-policy",
        props: { role: "support-console", policy: doc(...statements) },
    });
    const where =
        'support-console-policy: tenant-session-principals: aws:iam/rolePolicy:RolePolicy "support-console-policy" statement';

    it("passes the tenant function's own grant to assume the access role with a tag", async () => {
        expect(await checkStack(tenantSessionPrincipals, baseStack())).toEqual([]);
    });

    it("catches a support role allowed to assume the access role with any tag, under a trust that delegates to the account", async () => {
        const stack = [
            ...trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
            supportRole,
            supportGrant({
                Sid: "ImpersonateForTickets",
                Effect: "Allow",
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Resource: ACCESS_ROLE_ARN,
            }),
        ];
        expect(await checkStack(tenantSessionPrincipals, stack)).toEqual([
            `${where} "ImpersonateForTickets" lets ["support-console"] sts:AssumeRole, sts:TagSession on tenant access role "${ACCESS_ROLE_ARN}", but only tenant functions' roles may become a tenant.`,
        ]);
    });

    it("catches a role that may rewrite the access role's policies through iam:*Role* on every role", async () => {
        const stack = [
            ...baseStack(),
            supportRole,
            supportGrant({
                Sid: "FixRoles",
                Effect: "Allow",
                Action: "iam:*Role*",
                Resource: "arn:aws:iam::*:role/*",
            }),
        ];
        expect(await checkStack(tenantSessionPrincipals, stack)).toEqual([
            `${where} "FixRoles" lets ["support-console"] iam:PutRolePolicy, iam:AttachRolePolicy, iam:UpdateAssumeRolePolicy, iam:DeleteRolePermissionsBoundary, iam:PutRolePermissionsBoundary, iam:DetachRolePolicy, iam:DeleteRolePolicy on tenant access role "${ACCESS_ROLE_ARN}", which would let them rewrite what every tenant may do.`,
        ]);
    });
});
