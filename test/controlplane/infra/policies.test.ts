/**
 * Every IAM policy of the control plane as deployed (the JSON the mocks recorded), and the
 * workers' and API's reach tried with the IAM simulator: what tenant stacks need is allowed, the
 * platform's own roles and functions, other environments and the state writes of the API are not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../../components/policies/document";
import { delegatingKeyPolicy } from "../../../components/policies/keyPolicy";
import { apiPolicy } from "../../../controlplane/infra/apiPolicy";
import { executionPolicy } from "../../../controlplane/infra/executionPolicy";
import { workerPolicy } from "../../../controlplane/infra/workerPolicy";
import { PlannedResources } from "../../helpers/plannedStack";
import { type Decision, simulate, type SimulationContext } from "../../helpers/iamSimulation";
import { controlPlaneConfig, planControlPlane } from "./plannedControlPlane";

const ACCOUNT = "123456789012";
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:tenant-tiers-dev-operations.fifo`;
const TABLE_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/tenant-tiers-dev-operations`;
const STATE_BUCKET_ARN = "arn:aws:s3:::tenant-tiers-dev-control-plane-state-control-plane-state-bucket";
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/control-plane-state-secrets-key-key-id`;
const REPOSITORY_ARN = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/tenant-tiers-dev-control-plane`;
const WORKER = `arn:aws:sts::${ACCOUNT}:assumed-role/control-plane-worker-role/task`;
const API = `arn:aws:sts::${ACCOUNT}:assumed-role/control-plane-api-role/task`;

let plan: PlannedResources;
let worker: PolicyDocument;
let api: PolicyDocument;

beforeAll(async () => {
    plan = new PlannedResources(await planControlPlane("dev"));
    worker = plan.json("control-plane-worker-policy", "policy") as PolicyDocument;
    api = plan.json("control-plane-api-policy", "policy") as PolicyDocument;
});

describe("control-plane IAM policies as deployed", () => {
    it("task roles trust ECS tasks of this account and region only", () => {
        const trust = {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": ACCOUNT },
                        ArnLike: { "aws:SourceArn": `arn:aws:ecs:eu-west-1:${ACCOUNT}:*` },
                    },
                },
            ],
        };
        for (const role of ["execution", "api", "worker"]) {
            expect(plan.json(`control-plane-${role}-role`, "assumeRolePolicy")).toEqual(trust);
        }
        expect(plan.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => p.inputs.role)).toEqual([
            "control-plane-execution-role-id",
            "control-plane-api-role-id",
            "control-plane-worker-role-id",
        ]);
    });

    it("the execution role pulls from the control plane's repository and writes its two log groups", () => {
        const expected = {
            Version: "2012-10-17",
            Statement: [
                { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Sid: "PullImage",
                    Effect: "Allow",
                    Action: [
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer",
                    ],
                    Resource: REPOSITORY_ARN,
                },
                {
                    Sid: "WriteLogs",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [
                        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/tenant-tiers/dev/control-plane/api:log-stream:*`,
                        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/tenant-tiers/dev/control-plane/workers:log-stream:*`,
                    ],
                },
            ],
        };
        expect(plan.json("control-plane-execution-policy", "policy")).toEqual(expected);
        expect(
            executionPolicy({
                repositoryArn: REPOSITORY_ARN,
                logGroupArns: [],
                accessTokenSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:token-AbCdEf",
            }).Statement.at(-1),
        ).toEqual({
            Sid: "PulumiAccessToken",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:token-AbCdEf",
        });
    });

    it("the API enqueues, records operations and reads the state; nothing else", () => {
        expect(api).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EnqueueOperations",
                    Effect: "Allow",
                    Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
                    Resource: QUEUE_ARN,
                },
                {
                    Sid: "OperationsTable",
                    Effect: "Allow",
                    Action: [
                        "dynamodb:ConditionCheckItem",
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:Query",
                        "dynamodb:UpdateItem",
                    ],
                    Resource: [TABLE_ARN, `${TABLE_ARN}/index/*`],
                },
                {
                    Sid: "StateBucket",
                    Effect: "Allow",
                    Action: ["s3:GetBucketLocation", "s3:ListBucket"],
                    Resource: STATE_BUCKET_ARN,
                },
                {
                    Sid: "StateObjects",
                    Effect: "Allow",
                    Action: ["s3:GetObject"],
                    Resource: `${STATE_BUCKET_ARN}/*`,
                },
                { Sid: "StateSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY_ARN },
            ],
        });
        expect(api).toEqual(
            apiPolicy({
                queueArn: QUEUE_ARN,
                operationsTableArn: TABLE_ARN,
                stateBucketArn: STATE_BUCKET_ARN,
                secretsKeyArn: KEY_ARN,
            }),
        );
    });

    it("the workers' policy is the pure function's document for this environment's queue, table and state", () => {
        expect(worker).toEqual(
            workerPolicy({
                partition: "aws",
                account: ACCOUNT,
                region: "eu-west-1",
                environment: "dev",
                queueArn: QUEUE_ARN,
                operationsTableArn: TABLE_ARN,
                stateBucketArn: STATE_BUCKET_ARN,
                secretsKeyArn: KEY_ARN,
            }),
        );
        expect(worker.Statement.map((s) => s.Sid)).toEqual([
            "OperationsQueue",
            "OperationsTable",
            "StateBucket",
            "StateObjects",
            "StateSecrets",
            "TenantApis",
            "TenantFunctionsCreate",
            "TenantFunctions",
            "TenantTables",
            "TenantItems",
            "TenantBackups",
            "TenantBackupsDelete",
            "TenantBuckets",
            "TenantObjects",
            "TenantKeysCreate",
            "TenantKeys",
            "TenantKeyAliases",
            "TenantRolesCreate",
            "TenantRoles",
            "PassTenantRoles",
            "TenantUsers",
            "TenantLogGroups",
            "DescribeLogGroups",
            "TenantDashboards",
            "Organization",
            "NeverThePlatformItself",
        ]);
        expect(worker.Statement.at(-1)).toEqual({
            Sid: "NeverThePlatformItself",
            Effect: "Deny",
            Action: [
                "dynamodb:DeleteTable",
                "dynamodb:UpdateTable",
                "iam:*",
                "kms:PutKeyPolicy",
                "kms:ScheduleKeyDeletion",
                "kms:UntagResource",
                "lambda:*",
            ],
            Resource: "*",
            Condition: { StringEquals: { "aws:ResourceTag/TenantId": "platform" } },
        });
        // No statement allows every action of a service, and only list-style calls are on every resource.
        expect(
            worker.Statement.filter(
                (s) => s.Effect === "Allow" && [s.Action].flat().some((a) => a.endsWith(":*")),
            ),
        ).toEqual([]);
        expect(
            worker.Statement.filter(
                (s) => s.Effect === "Allow" && s.Resource === "*" && s.Condition === undefined,
            ).map((s) => s.Sid),
        ).toEqual(["TenantBackups", "Organization"]);
    });

    it("Pulumi Cloud: no state bucket or key statements, the execution role reads the token", async () => {
        const secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pulumi-token-AbCdEf";
        const cloud = new PlannedResources(
            await planControlPlane("prod", {
                ...controlPlaneConfig("prod"),
                "tenant-tiers-control-plane:stateBackend": "pulumi-cloud",
                "tenant-tiers-control-plane:pulumiAccessTokenSecretArn": secret,
            }),
        );
        const sids = (name: string) =>
            (cloud.json(name, "policy") as PolicyDocument).Statement.map((s) => s.Sid ?? "");
        expect(sids("control-plane-worker-policy").filter((s) => s.startsWith("State"))).toEqual([]);
        expect(sids("control-plane-api-policy")).toEqual(["EnqueueOperations", "OperationsTable"]);
        expect(sids("control-plane-execution-policy")).toEqual([
            "RegistryLogin",
            "PullImage",
            "WriteLogs",
            "PulumiAccessToken",
        ]);
    });
});

const tagged = (tags: Record<string, string>): SimulationContext =>
    Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
const TENANT = tagged({ TenantId: "globex", Tier: "premium", Environment: "dev" });
const PLATFORM = tagged({ TenantId: "platform", Tier: "platform", Environment: "dev" });
const OTHER_ENV = tagged({ TenantId: "globex", Tier: "premium", Environment: "prod" });
const L = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function`;
const R = `arn:aws:iam::${ACCOUNT}:role`;
/** KMS decides on the key policy too: every key here delegates to the account's IAM, as ours do. */
const keyPolicyFor = (action: string) =>
    action.startsWith("kms:") ? { resourcePolicy: delegatingKeyPolicy(ACCOUNT) } : {};

describe("the workers' reach, simulated", () => {
    const cases: [string, string, string, SimulationContext, Decision][] = [
        ["receive operations", "sqs:ReceiveMessage", QUEUE_ARN, {}, "Allowed"],
        [
            "receive another queue",
            "sqs:ReceiveMessage",
            `arn:aws:sqs:eu-west-1:${ACCOUNT}:other.fifo`,
            {},
            "ImplicitlyDenied",
        ],
        ["record progress", "dynamodb:UpdateItem", TABLE_ARN, {}, "Allowed"],
        ["write tenant state", "s3:PutObject", `${STATE_BUCKET_ARN}/.pulumi/stacks/x.json`, {}, "Allowed"],
        ["encrypt stack secrets", "kms:Encrypt", KEY_ARN, {}, "Allowed"],
        [
            "update a tenant function",
            "lambda:UpdateFunctionCode",
            `${L}:globex-premium-function-1a2b3c4`,
            TENANT,
            "Allowed",
        ],
        [
            "update the platform's function",
            "lambda:UpdateFunctionCode",
            `${L}:platform-pooled-function-1a2b3c4`,
            PLATFORM,
            "ExplicitlyDenied",
        ],
        [
            "update another environment's function",
            "lambda:UpdateFunctionCode",
            `${L}:globex-premium-function-9`,
            OTHER_ENV,
            "ImplicitlyDenied",
        ],
        [
            "edit a tenant role's policy",
            "iam:PutRolePolicy",
            `${R}/globex-authorizer-invoker-1a2b3c4`,
            TENANT,
            "Allowed",
        ],
        [
            "edit the tenant access role",
            "iam:PutRolePolicy",
            `${R}/platform-tenant-access-role-1a2b3c4`,
            PLATFORM,
            "ExplicitlyDenied",
        ],
        [
            "pass a tenant role to Lambda",
            "iam:PassRole",
            `${R}/globex-role`,
            { ...TENANT, "iam:PassedToService": "lambda.amazonaws.com" },
            "Allowed",
        ],
        [
            "pass a tenant role to EC2",
            "iam:PassRole",
            `${R}/globex-role`,
            { ...TENANT, "iam:PassedToService": "ec2.amazonaws.com" },
            "ImplicitlyDenied",
        ],
        [
            "create a role tagged dev",
            "iam:CreateRole",
            `${R}/globex-role`,
            { "aws:RequestTag/Environment": "dev" },
            "Allowed",
        ],
        [
            "create a role tagged prod",
            "iam:CreateRole",
            `${R}/globex-role`,
            { "aws:RequestTag/Environment": "prod" },
            "ImplicitlyDenied",
        ],
        [
            "create a premium table",
            "dynamodb:CreateTable",
            `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/tenant-tiers-dev-premium-globex`,
            {},
            "Allowed",
        ],
        ["delete the operations table", "dynamodb:DeleteTable", TABLE_ARN, {}, "ImplicitlyDenied"],
        [
            "delete the platform's data table",
            "dynamodb:DeleteTable",
            `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-data-tenant-data-1a2b3c4`,
            PLATFORM,
            "ExplicitlyDenied",
        ],
        [
            "write a registry entry",
            "dynamodb:PutItem",
            `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-data-registry-1a2b3c4`,
            PLATFORM,
            "Allowed",
        ],
        [
            "delete a premium bucket",
            "s3:DeleteBucket",
            "arn:aws:s3:::tenant-tiers-dev-premium-20261129abc",
            {},
            "Allowed",
        ],
        [
            "delete the platform's bucket",
            "s3:DeleteBucket",
            "arn:aws:s3:::tenant-tiers-dev-files-platform-data-tenant-files",
            {},
            "ImplicitlyDenied",
        ],
        [
            "read a premium bucket's ACL",
            "s3:GetBucketAcl",
            "arn:aws:s3:::tenant-tiers-dev-premium-20261129abc",
            {},
            "Allowed",
        ],
        [
            "read the platform bucket's policy",
            "s3:GetBucketPolicy",
            "arn:aws:s3:::tenant-tiers-dev-files-platform-data-tenant-files",
            {},
            "ImplicitlyDenied",
        ],
        [
            "export a pooled tenant's object",
            "s3:GetObject",
            "arn:aws:s3:::tenant-tiers-dev-files-platform-data-tenant-files/acme/a.json",
            {},
            "Allowed",
        ],
        [
            "read another environment's object",
            "s3:GetObject",
            "arn:aws:s3:::tenant-tiers-prod-files-x/acme/a.json",
            {},
            "ImplicitlyDenied",
        ],
        [
            "schedule a tenant key's deletion",
            "kms:ScheduleKeyDeletion",
            `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            TENANT,
            "Allowed",
        ],
        [
            "schedule the platform key's deletion",
            "kms:ScheduleKeyDeletion",
            `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ac`,
            PLATFORM,
            "ExplicitlyDenied",
        ],
        [
            "untag a tenant key before its deletion",
            "kms:UntagResource",
            `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            TENANT,
            "Allowed",
        ],
        [
            "untag the platform key (so its deletion would no longer be denied)",
            "kms:UntagResource",
            `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ac`,
            PLATFORM,
            "ExplicitlyDenied",
        ],
        [
            "delete a premium table's backup",
            "dynamodb:DeleteBackup",
            `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/tenant-tiers-dev-premium-globex/backup/01772357400000-abcdef12`,
            {},
            "Allowed",
        ],
        [
            "delete a backup of the platform's data table",
            "dynamodb:DeleteBackup",
            `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/tenant-tiers-dev-data-5f3a2c1/backup/01772357400000-abcdef12`,
            {},
            "ImplicitlyDenied",
        ],
        [
            "disable a user of the tenant id",
            "cognito-idp:AdminDisableUser",
            `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_AbCdEf123`,
            tagged({ Environment: "dev" }),
            "Allowed",
        ],
        [
            "page through the user pool",
            "cognito-idp:ListUsers",
            `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_AbCdEf123`,
            tagged({ Environment: "dev" }),
            "Allowed",
        ],
        [
            "put a tenant dashboard",
            "cloudwatch:PutDashboard",
            `arn:aws:cloudwatch::${ACCOUNT}:dashboard/tenant-tiers-dev-globex-dashboard`,
            {},
            "Allowed",
        ],
        [
            "put the platform dashboard",
            "cloudwatch:PutDashboard",
            `arn:aws:cloudwatch::${ACCOUNT}:dashboard/platform-dev`,
            {},
            "ImplicitlyDenied",
        ],
    ];
    it.each(cases)("%s: %s", async (_what, action, resource, context, expected) => {
        const outcome = await simulate({
            identityPolicies: [worker],
            ...keyPolicyFor(action),
            action,
            resource,
            principal: WORKER,
            context,
        });
        expect(outcome.result).toBe(expected);
    });
});

describe("the API's reach, simulated", () => {
    const cases: [string, string, Decision][] = [
        ["sqs:SendMessage", QUEUE_ARN, "Allowed"],
        ["sqs:ReceiveMessage", QUEUE_ARN, "ImplicitlyDenied"],
        ["dynamodb:Query", `${TABLE_ARN}/index/byTenant`, "Allowed"],
        ["s3:GetObject", `${STATE_BUCKET_ARN}/.pulumi/stacks/x.json`, "Allowed"],
        ["s3:PutObject", `${STATE_BUCKET_ARN}/.pulumi/stacks/x.json`, "ImplicitlyDenied"],
        ["kms:Decrypt", KEY_ARN, "Allowed"],
        ["kms:Encrypt", KEY_ARN, "ImplicitlyDenied"],
        ["lambda:UpdateFunctionCode", `${L}:globex-premium-function-1a2b3c4`, "ImplicitlyDenied"],
    ];
    it.each(cases)("%s on %s", async (action, resource, expected) => {
        const outcome = await simulate({
            identityPolicies: [api],
            ...keyPolicyFor(action),
            action,
            resource,
            principal: API,
        });
        expect(outcome.result).toBe(expected);
    });
});
