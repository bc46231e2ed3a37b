import { describe, expect, it } from "vitest";
import { type PolicyDocument, tenantAccessTrust } from "../../../components/policies";
import {
    ACCOUNT_ID,
    type Decision,
    IamSimulationError,
    type SimulationContext,
    type SimulationRequest,
    simulate,
} from "../../helpers/iamSimulation";
import {
    accessPolicy,
    BUCKET_ARN,
    type Case,
    caseOf,
    DYNAMODB_VIA,
    EXECUTION_ROLE_ARN,
    EXECUTION_SESSION_ARN,
    executionPolicies,
    INDEX_ARN,
    itDecides,
    listCase,
    OTHER_ROLE_SESSION_ARN,
    objectContext,
    PLATFORM_KEY_ARN,
    resourcePolicyFor,
    TABLE_ARN,
    TENANT,
    TENANT_ACCESS_ROLE_ARN,
    TENANT_KEY_ARN,
    TENANT_SESSION_ARN,
} from "../../helpers/isolationCases";

interface TrustCase {
    readonly name: string;
    readonly principal: string;
    readonly context: SimulationContext;
    readonly expected: Decision;
}

const TAGGED = {
    "aws:RequestTag/TenantId": TENANT,
    "aws:TagKeys": ["TenantId"],
    "sts:TransitiveTagKeys": ["TenantId"],
};

const trustCases: TrustCase[] = [
    {
        name: "execution role, TenantId tag only",
        principal: EXECUTION_SESSION_ARN,
        context: TAGGED,
        expected: "Allowed",
    },
    {
        name: "execution role, TenantId tag not transitive",
        principal: EXECUTION_SESSION_ARN,
        context: { "aws:RequestTag/TenantId": TENANT, "aws:TagKeys": ["TenantId"] },
        expected: "Allowed",
    },
    {
        name: "execution role, tagless session",
        principal: EXECUTION_SESSION_ARN,
        context: {},
        expected: "ImplicitlyDenied",
    },
    {
        name: "execution role, extra tag key",
        principal: EXECUTION_SESSION_ARN,
        context: { ...TAGGED, "aws:RequestTag/Tier": "premium", "aws:TagKeys": ["TenantId", "Tier"] },
        expected: "ImplicitlyDenied",
    },
    {
        name: "execution role, extra transitive tag key",
        principal: EXECUTION_SESSION_ARN,
        context: {
            ...TAGGED,
            "aws:RequestTag/Tier": "premium",
            "aws:TagKeys": ["TenantId", "Tier"],
            "sts:TransitiveTagKeys": ["TenantId", "Tier"],
        },
        expected: "ImplicitlyDenied",
    },
    {
        name: "execution role, other tag instead of TenantId",
        principal: EXECUTION_SESSION_ARN,
        context: { "aws:RequestTag/Tier": "premium", "aws:TagKeys": ["Tier"] },
        expected: "ImplicitlyDenied",
    },
    {
        // STS itself rejects a transitive key that is not also a tag; the trust policy refuses it on its own.
        name: "execution role, transitive key that is not a tag key",
        principal: EXECUTION_SESSION_ARN,
        context: { ...TAGGED, "sts:TransitiveTagKeys": ["TenantId", "Tier"] },
        expected: "ImplicitlyDenied",
    },
    ...["platform", "shared", "admin"].map((reserved) => ({
        name: `execution role, reserved TenantId ${reserved}`,
        principal: EXECUTION_SESSION_ARN,
        context: { ...TAGGED, "aws:RequestTag/TenantId": reserved },
        expected: "ImplicitlyDenied" as const,
    })),
    {
        name: "another role, TenantId tag only",
        principal: OTHER_ROLE_SESSION_ARN,
        context: TAGGED,
        expected: "ImplicitlyDenied",
    },
];

// Alone, the trust policy must decide by itself (a same-account trust that names the role needs no
// identity grant). With the caller's identity policies, the other role is given the execution role's
// policies too: being allowed to ask must not be enough to be let in.
describe.each([
    ["trust policy alone", [] as PolicyDocument[]],
    ["trust policy and the caller's identity policies", executionPolicies],
])("%s: assuming the tenant access role", (_label, identityPolicies) => {
    const trust = tenantAccessTrust({ trustedRoleArns: [EXECUTION_ROLE_ARN] });
    const cases = ["sts:AssumeRole", "sts:TagSession"].flatMap((action) =>
        trustCases.map((trustCase) => ({ ...trustCase, action, name: `${action} ${trustCase.name}` })),
    );

    itDecides(cases, ({ action, principal, context }) =>
        simulate({
            identityPolicies,
            resourcePolicy: trust,
            action,
            resource: TENANT_ACCESS_ROLE_ARN,
            principal,
            context,
        }),
    );
});

// Should the trust policy ever delegate to the account instead of naming the execution roles, the
// identity grant decides alone, and it still refuses a tagless session.
describe("the execution role's own grant to assume the tenant access role requires the TenantId tag", () => {
    const accountTrust: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
                Action: ["sts:AssumeRole", "sts:TagSession"],
            },
        ],
    };
    const cases = ["sts:AssumeRole", "sts:TagSession"].flatMap((action) => [
        { name: `${action} with TenantId tag`, action, context: TAGGED, expected: "Allowed" as const },
        { name: `${action} tagless session`, action, context: {}, expected: "ImplicitlyDenied" as const },
        {
            name: `${action} tagged with the reserved id platform`,
            action,
            context: { ...TAGGED, "aws:RequestTag/TenantId": "platform" },
            expected: "ImplicitlyDenied" as const,
        },
    ]);

    itDecides(cases, ({ action, context }) =>
        simulate({
            identityPolicies: executionPolicies,
            resourcePolicy: accountTrust,
            action,
            resource: TENANT_ACCESS_ROLE_ARN,
            principal: EXECUTION_SESSION_ARN,
            context,
        }),
    );
});

describe("the execution role itself holds no tenant data access", () => {
    const cases: Case[] = [
        caseOf("dynamodb:GetItem", TABLE_ARN, { "dynamodb:LeadingKeys": [TENANT] }, "ImplicitlyDenied"),
        caseOf("dynamodb:Query", INDEX_ARN, { "dynamodb:LeadingKeys": [TENANT] }, "ImplicitlyDenied"),
        caseOf(
            "s3:GetObject",
            `${BUCKET_ARN}/${TENANT}/x.json`,
            objectContext("s3:GetObject"),
            "ImplicitlyDenied",
        ),
        listCase(`${TENANT}/`, "ImplicitlyDenied"),
        caseOf("kms:Decrypt", PLATFORM_KEY_ARN, {}, "ImplicitlyDenied"),
        caseOf("kms:Decrypt", PLATFORM_KEY_ARN, { "kms:ViaService": DYNAMODB_VIA }, "ImplicitlyDenied"),
        caseOf("kms:Decrypt", TENANT_KEY_ARN, { "aws:ResourceTag/TenantId": TENANT }, "ImplicitlyDenied"),
    ];

    itDecides(cases, ({ action, resource, context }) =>
        simulate({
            identityPolicies: executionPolicies,
            resourcePolicy: resourcePolicyFor(resource),
            action,
            resource,
            principal: EXECUTION_SESSION_ARN,
            context,
        }),
    );
});

// A request or policy the simulator cannot evaluate faithfully must fail the test, never count as a denial.
describe("simulate() fails loudly instead of denying", () => {
    const getItem: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: TABLE_ARN }],
    };
    const base: SimulationRequest = {
        identityPolicies: [getItem],
        action: "dynamodb:GetItem",
        resource: TABLE_ARN,
        principal: TENANT_SESSION_ARN,
    };
    const misspeltOperator: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Deny",
                Action: "dynamodb:GetItem",
                Resource: TABLE_ARN,
                Condition: { StringEqualz: { "aws:PrincipalTag/TenantId": TENANT } },
            },
        ],
    };
    const noService: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "GetItem", Resource: TABLE_ARN }],
    };

    it.each<[string, SimulationRequest, string]>([
        [
            "unknown action",
            { ...base, action: "dynamodb:GetItems" },
            `simulation of dynamodb:GetItems on ${TABLE_ARN} failed: invalid.action {"message":"invalid.action"}`,
        ],
        [
            "action without a service in a policy",
            { ...base, identityPolicies: [noService] },
            `simulation of dynamodb:GetItem on ${TABLE_ARN} failed: policy.errors {"identityPolicyErrors":{"identity-0":[{"path":"Statement[0].Action","message":"Action must be a wildcard (*) or have 2 segments"}]},"message":"policy.errors"}`,
        ],
        [
            "misspelt condition operator, which the simulator would treat as never matching",
            { ...base, identityPolicies: [getItem, misspeltOperator] },
            'identity policy 1 statement 0 has unknown condition operator "StringEqualz"',
        ],
        [
            "resource of a type the action does not take",
            { ...base, action: "s3:GetObject", resource: BUCKET_ARN },
            `simulation of s3:GetObject on ${BUCKET_ARN} failed: no.resource.types {"message":"no.resource.types"}`,
        ],
        [
            "wildcard resource",
            { ...base, resource: `${TABLE_ARN}*` },
            `simulation of dynamodb:GetItem on ${TABLE_ARN}* ran as "wildcard": use a resource ARN without wildcards`,
        ],
        [
            "array for a single-valued key, of which the simulator would keep the first element",
            { ...base, context: { "aws:PrincipalTag/TenantId": ["acme", "acme2"] } },
            'context key "aws:PrincipalTag/TenantId" has type String: pass a single string, got ["acme","acme2"]',
        ],
        [
            "string for a multivalued key",
            { ...base, context: { "dynamodb:LeadingKeys": "acme" } },
            'context key "dynamodb:LeadingKeys" has type ArrayOfString: pass an array, got "acme"',
        ],
        [
            "unknown context key",
            { ...base, context: { "dynamodb:LeadingKey": ["acme"] } },
            'context key "dynamodb:LeadingKey" is not a known IAM condition key',
        ],
        [
            "principal that is not an ARN",
            { ...base, principal: "acme" },
            'principal "acme" is not an IAM role, IAM user or assumed-role session ARN, nor an AWS service principal',
        ],
    ])("%s", async (_name, request, message) => {
        // Act
        const outcome = simulate(request);

        // Assert
        await expect(outcome).rejects.toBeInstanceOf(IamSimulationError);
        await expect(outcome).rejects.toMatchObject({ name: "IamSimulationError", message });
    });
});

// Were a session ever tagged `platform` (the tag every shared resource carries), the tenant key
// statement must still not hand it the platform key outside DynamoDB and S3.
describe("a session tagged with a reserved id reaches no key by its tag", () => {
    const cases = ["platform", "shared"].flatMap((reserved) =>
        ["kms:Decrypt", "kms:GenerateDataKey"].map((action) => ({
            ...caseOf(action, PLATFORM_KEY_ARN, { "aws:ResourceTag/TenantId": reserved }, "ImplicitlyDenied"),
            name: `${action} on a key tagged ${reserved} by a session tagged ${reserved}`,
            reserved,
        })),
    );

    itDecides(cases, ({ action, resource, context, reserved }) =>
        simulate({
            identityPolicies: [accessPolicy],
            resourcePolicy: resourcePolicyFor(resource),
            action,
            resource,
            principal: TENANT_SESSION_ARN.replace(/[^/]+$/, reserved),
            context: { ...context, "aws:PrincipalTag/TenantId": reserved },
        }),
    );
});
