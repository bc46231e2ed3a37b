import { APIGatewayClient, CreateApiKeyCommand } from "@aws-sdk/client-api-gateway";
import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { API_KEY_CACHE_SECONDS, ApiKeyValues } from "../../runtime/apiKeys";
import { type AuthorizerHandler, createAuthorizer } from "../../runtime/authorizerHandler";
import { REGISTRY_CACHE_SECONDS, TenantRegistry } from "../../runtime/tenantRegistry";
import { TenantTokenVerifier } from "../../runtime/tokenVerifier";
import { type Moto, startMoto } from "../engine/support/moto";
import { createRegistryTable, documentClient, type Emulator, startDynalite } from "./support/emulators";
import {
    CLIENT_ID,
    idTokenClaims,
    localJwksCache,
    signingKey,
    signToken,
    unsignedToken,
    USER_POOL_ID,
} from "./support/jwt";
import { putRegistryEntry, REGISTRY_TABLE, registryEntry } from "./support/registry";
import { type CapturedTelemetry, captureTelemetry } from "./support/telemetry";

const METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/dev/GET/items/42";
const STAGE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/dev/*/*";
const SUBJECT = "5f1c6b5e-0000-4000-8000-000000000001";
/** The authorizer cache the platform configures on API Gateway (`components/shared/tenantApi.ts`). */
const API_GATEWAY_CACHE_SECONDS = 30;

const poolKey = signingKey("pool-key-1");
const attackerKey = signingKey("pool-key-1");
let dynalite: Emulator;
/** moto's API Gateway: the tenants' API keys are real keys there, read back by GetApiKey. */
let moto: Moto;
/** Tenant id → the id moto gave its API key. */
const apiKeyIds = new Map<string, string>();
/** The `GetApiKey` requests the authorizer sent in this test. */
let getApiKeyCalls: unknown[];
let captured: CapturedTelemetry;
let authorize: AuthorizerHandler;

const eventWith = (headers: Record<string, string> | null, methodArn = METHOD_ARN) =>
    ({
        type: "REQUEST",
        methodArn,
        headers,
        resource: "/items/{itemId}",
        path: "/items/42",
        httpMethod: "GET",
    }) as unknown as APIGatewayRequestAuthorizerEvent;
const bearer = (token: string) => eventWith({ Authorization: `Bearer ${token}` });
const tokenFor = (tenantId: string | undefined, overrides: Record<string, unknown> = {}) =>
    signToken(poolKey, idTokenClaims(tenantId, overrides));

const DENY = (resource: string) => ({
    principalId: "anonymous",
    policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Deny", Action: "execute-api:Invoke", Resource: resource }],
    },
});

const apiGatewayClient = (endpoint = moto.endpoint) =>
    new APIGatewayClient({
        region: "eu-west-1",
        endpoint,
        credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
        maxAttempts: 1,
    });

/** An API Gateway client of moto that records every GetApiKey request in {@link getApiKeyCalls}. */
function recordingApiGateway(): APIGatewayClient {
    const client = apiGatewayClient();
    client.middlewareStack.add(
        (next, context) => async (args) => {
            if (context.commandName === "GetApiKeyCommand") getApiKeyCalls.push(args.input);
            return next(args);
        },
        { step: "initialize", name: "recordGetApiKey" },
    );
    return client;
}

/** The value each tenant's key is created with (API Gateway wants at least 20 characters). */
const keyValue = (tenantId: string) => `${tenantId}-usage-key-value-0001`;

async function createApiKey(tenantId: string, enabled: boolean): Promise<string> {
    const { id } = await apiGatewayClient().send(
        new CreateApiKeyCommand({ name: `tenant-tiers-dev-${tenantId}`, value: keyValue(tenantId), enabled }),
    );
    if (id === undefined) throw new Error(`moto returned no id for the API key of ${tenantId}`);
    apiKeyIds.set(tenantId, id);
    return id;
}

beforeAll(async () => {
    [dynalite, moto] = await Promise.all([startDynalite(), startMoto()]);
    await createRegistryTable(dynalite.endpoint, REGISTRY_TABLE);
    for (const tenantId of ["acme", "initech", "wayne"]) await createApiKey(tenantId, true);
    const disabled = await createApiKey("vandelay", false);
    await putRegistryEntry(dynalite.endpoint, registryEntry("acme", { apiKeyId: apiKeyIds.get("acme") }));
    await putRegistryEntry(
        dynalite.endpoint,
        registryEntry("initech", {
            tier: "premium",
            functionName: "tenant-tiers-dev-premium-initech",
            apiKeyId: apiKeyIds.get("initech"),
        }),
    );
    await putRegistryEntry(dynalite.endpoint, registryEntry("hooli", { status: "suspended" }));
    await putRegistryEntry(dynalite.endpoint, registryEntry("umbrella", { status: "offboarded" }));
    await putRegistryEntry(dynalite.endpoint, registryEntry("vandelay", { apiKeyId: disabled }));
    // A registry entry whose key was deleted from API Gateway (an id API Gateway does not know).
    await putRegistryEntry(dynalite.endpoint, registryEntry("dangling", { apiKeyId: "k0deleted1" }));
    // What an offboarded tenant leaves once its stack (and its entry) is gone: a tombstone, no API key.
    await documentClient(dynalite.endpoint).send(
        new PutCommand({
            TableName: REGISTRY_TABLE,
            Item: {
                tenantId: "wonka",
                status: "offboarded",
                tier: "pooled",
                createdAt: "2026-01-01T00:00:00Z",
                offboardedAt: "2026-02-01T00:00:00.000Z",
                retained: { tableName: "tenant-data", bucketName: "tenant-files" },
            },
        }),
    );
});

afterAll(async () => {
    await Promise.all([dynalite?.close(), moto?.close()]);
});

beforeEach(() => {
    getApiKeyCalls = [];
    captured = captureTelemetry("tenant-authorizer");
    const { cache } = localJwksCache({ keys: [poolKey.jwk] });
    const verifier = new TenantTokenVerifier({
        userPoolId: USER_POOL_ID,
        clientId: CLIENT_ID,
        jwksCache: cache,
    });
    verifier.cacheJwks({ keys: [poolKey.jwk] });
    authorize = createAuthorizer({
        verifier,
        registry: new TenantRegistry(documentClient(dynalite.endpoint), REGISTRY_TABLE),
        apiKeys: new ApiKeyValues(recordingApiGateway()),
        telemetry: captured.telemetry,
    });
});

afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
});

describe("authorizer: allowed", () => {
    it("allows the whole stage for the verified tenant, with its tier and API key", async () => {
        const result = await authorize(bearer(tokenFor("acme")));
        expect(result).toEqual({
            principalId: SUBJECT,
            policyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: STAGE_ARN }],
            },
            context: { tenantId: "acme", tier: "pooled" },
            usageIdentifierKey: "acme-usage-key-value-0001",
        });
        expect(getApiKeyCalls).toEqual([{ apiKey: apiKeyIds.get("acme"), includeValue: true }]);
    });

    it("logs, counts and traces the decision under the tenant and its tier", async () => {
        await authorize(bearer(tokenFor("initech")));
        const [line, ...others] = captured.logs();
        expect(others).toEqual([]);
        expect(line).toMatchObject({
            level: "INFO",
            message: "request allowed",
            service: "tenant-authorizer",
            environment: "dev",
            tenantId: "initech",
            tier: "premium",
            principalId: SUBJECT,
        });
        const [metric] = captured.metrics();
        expect(metric?._aws.CloudWatchMetrics).toEqual([
            {
                Namespace: "TenantTiers",
                Dimensions: [["service", "environment", "tier"]],
                Metrics: [{ Name: "RequestAllowed", Unit: "Count" }],
            },
        ]);
        expect(metric).toMatchObject({ tier: "premium", environment: "dev", RequestAllowed: 1 });
        expect(captured.annotations.mock.calls).toEqual([
            ["tenantId", "initech"],
            ["tier", "premium"],
        ]);
    });

    it("takes the tenant from the verified claim, never from a client's X-Amz-Tenant-Id header", async () => {
        const result = await authorize(
            eventWith({
                Authorization: tokenFor("acme"),
                "X-Amz-Tenant-Id": "globex",
                "x-tenant-id": "globex",
            }),
        );
        expect(result.context).toEqual({ tenantId: "acme", tier: "pooled" });
        expect(result.usageIdentifierKey).toBe("acme-usage-key-value-0001");
    });

    it("resolves a tenant's API key once per cache period", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        const start = Date.now();
        for (let i = 0; i < 5; i++) await authorize(bearer(tokenFor("acme")));
        expect(getApiKeyCalls).toHaveLength(1);
        vi.setSystemTime(start + API_KEY_CACHE_SECONDS * 1000 + 1);
        await authorize(bearer(tokenFor("acme")));
        expect(getApiKeyCalls).toHaveLength(2);
    });

    it("starts every invocation without the previous tenant's log keys", async () => {
        await authorize(bearer(tokenFor("acme")));
        await authorize(eventWith(null));
        const denied = captured.logs()[1];
        expect(denied).toMatchObject({ level: "WARN", message: "request denied", reason: "missing-token" });
        expect(denied).not.toHaveProperty("tenantId");
        expect(denied).not.toHaveProperty("tier");
    });
});

describe("authorizer: denied", () => {
    const forged = () => {
        const [head, , sig] = tokenFor("acme").split(".");
        return `${head}.${Buffer.from(JSON.stringify(idTokenClaims("globex"))).toString("base64url")}.${sig}`;
    };
    const now = () => Math.floor(Date.now() / 1000);

    it.each<[string, () => APIGatewayRequestAuthorizerEvent, string]>([
        ["no Authorization header", () => eventWith({ "X-Amz-Tenant-Id": "acme" }), "missing-token"],
        ["no headers at all", () => eventWith(null), "missing-token"],
        [
            "a token signed by another key",
            () => bearer(signToken(attackerKey, idTokenClaims("acme"))),
            "bad-signature",
        ],
        ["a token whose tenant was swapped", () => bearer(forged()), "bad-signature"],
        [
            "an unsigned token",
            () => bearer(`${unsignedToken(idTokenClaims("acme"))}c2ln`),
            "unknown-signing-key",
        ],
        [
            "an expired token",
            () => bearer(tokenFor("acme", { iat: now() - 7200, exp: now() - 60 })),
            "token-expired",
        ],
        [
            "a token for another app client",
            () => bearer(tokenFor("acme", { aud: "someoneelse" })),
            "wrong-client",
        ],
        ["an access token", () => bearer(tokenFor("acme", { token_use: "access" })), "wrong-token-use"],
        ["a token without custom:tenantId", () => bearer(tokenFor(undefined)), "missing-tenant-claim"],
        ["an unregistered tenant", () => bearer(tokenFor("globex")), "unknown-tenant"],
        ["a suspended tenant", () => bearer(tokenFor("hooli")), "tenant-suspended"],
        ["an offboarded tenant", () => bearer(tokenFor("umbrella")), "tenant-offboarded"],
        ["the tombstone of an offboarded tenant", () => bearer(tokenFor("wonka")), "tenant-offboarded"],
        ["a tenant whose API key is disabled", () => bearer(tokenFor("vandelay")), "api-key-unavailable"],
        [
            "a tenant whose API key no longer exists",
            () => bearer(tokenFor("dangling")),
            "api-key-unavailable",
        ],
    ])("denies %s, logging the reason and never the token", async (_name, event, reason) => {
        const request = event();
        const result = await authorize(request);
        expect(result).toEqual(DENY(STAGE_ARN));
        expect(captured.logs()).toMatchObject([{ message: "request denied", reason }]);
        const token = request.headers?.Authorization?.replace("Bearer ", "");
        if (token !== undefined) {
            for (const part of token.split(".").filter((p) => p.length > 8))
                expect(captured.raw()).not.toContain(part);
        }
        expect(captured.metrics()).toMatchObject([{ RequestDenied: 1, reason }]);
    });

    it("names a suspended tenant and its tier in the denial", async () => {
        await authorize(bearer(tokenFor("hooli")));
        expect(captured.logs()).toEqual([
            expect.objectContaining({
                level: "WARN",
                reason: "tenant-suspended",
                tenantId: "hooli",
                tier: "pooled",
            }),
        ]);
    });

    it("fails closed, as an error, when the registry cannot be read", async () => {
        const broken = createAuthorizer({
            verifier: (() => {
                const v = new TenantTokenVerifier({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
                v.cacheJwks({ keys: [poolKey.jwk] });
                return v;
            })(),
            registry: new TenantRegistry(documentClient(dynalite.endpoint), "no-such-table"),
            apiKeys: new ApiKeyValues(recordingApiGateway()),
            telemetry: captured.telemetry,
        });
        expect(await broken(bearer(tokenFor("acme")))).toEqual(DENY(STAGE_ARN));
        expect(captured.logs()).toMatchObject([
            {
                level: "ERROR",
                reason: "registry-unavailable",
                cause: "ResourceNotFoundException",
                tenantId: "acme",
            },
        ]);
    });

    it("fails closed when API Gateway cannot be reached", async () => {
        // Nothing listens on moto's port once a server there is closed: every call fails to connect.
        const gone = await startMoto();
        await gone.close();
        const unreachable = createAuthorizer({
            verifier: (() => {
                const v = new TenantTokenVerifier({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
                v.cacheJwks({ keys: [poolKey.jwk] });
                return v;
            })(),
            registry: new TenantRegistry(documentClient(dynalite.endpoint), REGISTRY_TABLE),
            apiKeys: new ApiKeyValues(apiGatewayClient(gone.endpoint)),
            telemetry: captured.telemetry,
        });
        expect(await unreachable(bearer(tokenFor("acme")))).toEqual(DENY(STAGE_ARN));
        expect(captured.logs()).toMatchObject([
            { level: "ERROR", reason: "api-key-unavailable", tenantId: "acme", tier: "pooled" },
        ]);
    });

    it("denies exactly the given ARN when it is not a method ARN", async () => {
        const result = await authorize(
            eventWith({ Authorization: tokenFor("acme") }, "arn:aws:s3:::bucket/key"),
        );
        expect(result).toEqual(DENY("arn:aws:s3:::bucket/key"));
        expect(captured.logs()).toMatchObject([{ reason: "malformed-method-arn" }]);
    });
});

describe("authorizer: suspension", () => {
    it("bites within 60 seconds, API Gateway's authorizer cache included", async () => {
        expect(REGISTRY_CACHE_SECONDS + API_GATEWAY_CACHE_SECONDS).toBeLessThanOrEqual(60);
        await putRegistryEntry(
            dynalite.endpoint,
            registryEntry("wayne", { apiKeyId: apiKeyIds.get("wayne") }),
        );
        vi.useFakeTimers({ toFake: ["Date"] });
        const start = Date.now();
        expect((await authorize(bearer(tokenFor("wayne")))).context).toEqual({
            tenantId: "wayne",
            tier: "pooled",
        });

        await putRegistryEntry(
            dynalite.endpoint,
            registryEntry("wayne", { status: "suspended", apiKeyId: apiKeyIds.get("wayne") }),
        );
        vi.setSystemTime(start + REGISTRY_CACHE_SECONDS * 1000 - 1);
        expect((await authorize(bearer(tokenFor("wayne")))).policyDocument.Statement[0]?.Effect).toBe(
            "Allow",
        );
        vi.setSystemTime(start + REGISTRY_CACHE_SECONDS * 1000 + 1);
        expect(await authorize(bearer(tokenFor("wayne")))).toEqual(DENY(STAGE_ARN));
    });
});
