import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSource, type RuntimeEntry } from "../../../components/shared/bundle";
import { nodeMajorOf } from "../../../components/shared/naming";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { type Moto, startMoto } from "../../engine/support/moto";
import {
    createTenantDataTable,
    type Emulator,
    s3Client,
    startDynalite,
} from "../../runtime/support/emulators";
import { type StsRecorder, startStsRecorder } from "../../runtime/support/stsRecorder";

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;

/** Writes a bundle to a fresh directory and loads it as Lambda does (`index.handler`). */
function load(entry: RuntimeEntry): { handler: Handler; source: string } {
    const source = bundleSource(entry, 22);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bundle-${entry}-`));
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, source);
    return { handler: (require(file) as { handler: Handler }).handler, source };
}

let dynalite: Emulator;
/** moto's server: S3, and STS behind the recording proxy `sts`. */
let moto: Moto;
let sts: StsRecorder;

beforeAll(async () => {
    [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
    sts = await startStsRecorder(moto.endpoint);
    await createTenantDataTable(dynalite.endpoint, "tenant-data");
    await s3Client(moto.endpoint).send(
        new CreateBucketCommand({
            Bucket: "tenant-files",
            CreateBucketConfiguration: { LocationConstraint: "eu-west-1" },
        }),
    );
    Object.assign(process.env, {
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "ASIAEXECUTIONROLE",
        AWS_SECRET_ACCESS_KEY: "execution-role-secret",
        AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
        AWS_ENDPOINT_URL_S3: moto.endpoint,
        AWS_ENDPOINT_URL_STS: sts.endpoint,
        ENVIRONMENT: "dev",
        TENANT_TIER: "pooled",
        TENANT_DATA_TABLE: "tenant-data",
        TENANT_BUCKET: "tenant-files",
        TENANT_ACCESS_ROLE_ARN: "arn:aws:iam::123456789012:role/tenant-access",
        USER_POOL_ID: "eu-west-1_TestPool1",
        USER_POOL_CLIENT_ID: "1example23456789abcdefghij",
        TENANT_REGISTRY_TABLE: "tenant-registry",
        POWERTOOLS_LOG_LEVEL: "SILENT",
        POWERTOOLS_METRICS_DISABLED: "true",
    });
});
afterAll(async () => {
    await Promise.all([dynalite?.close(), sts?.close()]);
    await moto?.close();
});

describe("runtime bundles", () => {
    it.each<RuntimeEntry>(["handler", "authorizer", "router"])(
        "bundles %s into one CommonJS file with the SDK and Powertools inside",
        (entry) => {
            const source = bundleSource(entry, 22);
            expect(source).not.toMatch(/require\("\.\.?\//);
            // One SDK error message quotes `[require("@aws-sdk/signature-v4-crt")]`; that is text, not a call.
            expect(source).not.toMatch(/(?<!\[)require\("@(aws-sdk|smithy|aws-lambda-powertools)\//);
            expect(source).not.toMatch(/require\("aws-jwt-verify/);
        },
    );

    it("runs the handler as Lambda would: session-tagged STS, then DynamoDB and S3, for the tenant in the context", async () => {
        const { handler } = load("handler");
        const invoke = (method: string, resource: string, extra: Record<string, unknown> = {}) =>
            handler(
                {
                    httpMethod: method,
                    resource,
                    headers: {},
                    queryStringParameters: null,
                    pathParameters: null,
                    body: null,
                    isBase64Encoded: false,
                    requestContext: { authorizer: { tenantId: "acme", tier: "pooled" } },
                    ...extra,
                },
                { tenantId: "acme", awsRequestId: "r1", functionName: "tenant-tiers-dev-pooled" },
            );
        const created = await invoke("POST", "/items", { body: JSON.stringify({ name: "bundled" }) });
        expect(created.statusCode).toBe(201);
        const itemId = (JSON.parse(created.body as string) as { itemId: string }).itemId;
        await invoke("PUT", "/items/{itemId}/file", { pathParameters: { itemId }, body: "file body" });
        const file = await invoke("GET", "/items/{itemId}/file", { pathParameters: { itemId } });
        expect(Buffer.from(file.body as string, "base64").toString()).toBe("file body");
        expect(sts.calls.map((call) => call.params)).toEqual([
            {
                Action: "AssumeRole",
                Version: "2011-06-15",
                RoleArn: "arn:aws:iam::123456789012:role/tenant-access",
                RoleSessionName: "tenant-acme",
                DurationSeconds: "3600",
                "Tags.member.1.Key": "TenantId",
                "Tags.member.1.Value": "acme",
                "TransitiveTagKeys.member.1": "TenantId",
            },
        ]);
        // Signed by the execution role's credentials from the environment, as in Lambda.
        expect(sts.calls.map((call) => call.signedBy)).toEqual(["ASIAEXECUTIONROLE"]);
        await expect(
            handler({ httpMethod: "GET", resource: "/items" }, { tenantId: "globex" }),
        ).rejects.toThrow(
            'execution environment of tenant "acme" received tenant "globex": the function is not in PER_TENANT mode',
        );
    });

    it("runs the authorizer bundle, which denies a request without a token", async () => {
        const { handler } = load("authorizer");
        const methodArn = "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/dev/GET/items";
        expect(await handler({ type: "REQUEST", methodArn, headers: {} }, {})).toEqual({
            principalId: "anonymous",
            policyDocument: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Deny",
                        Action: "execute-api:Invoke",
                        Resource: "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/dev/*/*",
                    },
                ],
            },
        });
    });

    it("runs the router bundle, which reports a message without a tenant as failed", async () => {
        const { handler } = load("router");
        const record = {
            messageId: "m1",
            body: "{}",
            attributes: {},
            messageAttributes: {},
            eventSource: "aws:sqs",
        };
        expect(await handler({ Records: [record] }, {})).toEqual({
            batchItemFailures: [{ itemIdentifier: "m1" }],
        });
    });

    it.each([
        ["nodejs22.x", 22],
        ["nodejs24.x", 24],
    ])("reads the Node.js major of %s", (runtime, major) => {
        expect(nodeMajorOf(runtime)).toBe(major);
    });

    it("rejects a runtime that is not Node.js", () => {
        expect(() => nodeMajorOf("python3.13")).toThrow(
            'Lambda runtime "python3.13" is not a Node.js runtime such as nodejs22.x',
        );
    });
});
