import { afterEach, describe, expect, it, vi } from "vitest";
import { allowResult, denyResult, parseMethodArn, stageResource } from "../../runtime/authorizerResult";
import { InvalidRegistryEntryError, parseRegistryEntry } from "../../runtime/tenantRegistry";
import { TtlCache } from "../../runtime/ttlCache";
import { parseTenantId } from "../../tiers/tenantId";
import { registryEntry } from "./support/registry";

afterEach(() => vi.useRealTimers());

describe("method ARNs", () => {
    it("parses a method ARN into the stage it belongs to", () => {
        const arn = parseMethodArn(
            "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/prod/DELETE/items/42/file",
        );
        expect(arn).toEqual({
            partition: "aws",
            region: "eu-west-1",
            accountId: "123456789012",
            apiId: "abcde12345",
            stage: "prod",
        });
        expect(stageResource(arn as NonNullable<typeof arn>)).toBe(
            "arn:aws:execute-api:eu-west-1:123456789012:abcde12345/prod/*/*",
        );
    });

    it.each([
        "",
        "arn:aws:s3:::bucket",
        "arn:aws:execute-api:eu-west-1:123456789012:*/prod/GET/items",
        "arn:aws:execute-api:eu-west-1:1234:api/prod/GET/x",
    ])("refuses %j", (value) => {
        expect(parseMethodArn(value)).toBeUndefined();
    });

    it("allows with the tenant context and API key; denies with neither", () => {
        expect(allowResult("sub-1", "R", { tenantId: "acme", tier: "pooled" }, "key")).toEqual({
            principalId: "sub-1",
            policyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "R" }],
            },
            context: { tenantId: "acme", tier: "pooled" },
            usageIdentifierKey: "key",
        });
        expect(denyResult("R")).toEqual({
            principalId: "anonymous",
            policyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Deny", Action: "execute-api:Invoke", Resource: "R" }],
            },
        });
    });
});

describe("registry entries", () => {
    const acme = parseTenantId("acme");

    it("accepts an entry of the registry's shape", () => {
        const entry = registryEntry("acme", { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" });
        expect(parseRegistryEntry(acme, { ...entry })).toEqual(entry);
    });

    const tombstone = {
        tenantId: "acme",
        status: "offboarded",
        tier: "pooled",
        createdAt: "2026-01-01T00:00:00Z",
        offboardedAt: "2026-02-01T00:00:00.000Z",
        retained: { tableName: "tenant-data", bucketName: "tenant-files" },
    };

    it("accepts the tombstone an offboarded tenant leaves (no API key, function or table of its own)", () => {
        expect(parseRegistryEntry(acme, { ...tombstone })).toEqual(tombstone);
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["without what was retained", { retained: undefined }, "a tombstone must say what was retained"],
        ["without createdAt", { createdAt: "" }, "createdAt must be a non-empty string"],
        ["of an unknown tier", { tier: "gold" }, 'tier "gold" is not pooled or premium'],
    ])("refuses a tombstone %s", (_name, change, problem) => {
        expect(() => parseRegistryEntry(acme, { ...tombstone, ...change })).toThrow(
            new InvalidRegistryEntryError("acme", problem),
        );
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["another tenant's item", { tenantId: "globex" }, 'its tenantId is "globex"'],
        ["an unknown tier", { tier: "gold" }, 'tier "gold" is not pooled or premium'],
        [
            "an unknown status",
            { status: "paused" },
            'status "paused" is not one of active, suspended, offboarded',
        ],
        ["no API key id", { apiKeyId: "" }, "apiKeyId must be a non-empty string"],
        ["a numeric function name", { functionName: 7 }, "functionName must be a non-empty string"],
        ["a non-string key", { kmsKeyArn: 1 }, "kmsKeyArn must be a string when set"],
    ])("refuses %s", (_name, change, problem) => {
        expect(() => parseRegistryEntry(acme, { ...registryEntry("acme"), ...change })).toThrow(
            new InvalidRegistryEntryError("acme", problem),
        );
    });
});

describe("TTL cache", () => {
    it("serves a value, absent ones included, until it expires", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        const cache = new TtlCache<string | undefined>(1000);
        let loads = 0;
        const load = async () => {
            loads += 1;
            return loads === 1 ? undefined : `v${loads}`;
        };
        expect(await cache.get("k", load)).toBeUndefined();
        expect(await cache.get("k", load)).toBeUndefined();
        vi.setSystemTime(Date.now() + 1000);
        expect(await cache.get("k", load)).toBe("v2");
        expect(loads).toBe(2);
    });

    it("shares one load between concurrent misses and does not cache failures", async () => {
        const cache = new TtlCache<number>(60_000);
        let loads = 0;
        const values = await Promise.all([1, 2, 3].map(() => cache.get("k", async () => ++loads)));
        expect(values).toEqual([1, 1, 1]);
        await expect(cache.get("bad", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
        expect(await cache.get("bad", async () => 5)).toBe(5);
    });

    it("stays bounded", async () => {
        const cache = new TtlCache<number>(60_000, 3);
        for (const key of ["a", "b", "c", "d"]) await cache.get(key, async () => 1);
        expect(cache.size).toBe(1);
    });

    it("refuses a lifetime that is not positive", () => {
        expect(() => new TtlCache(0)).toThrow(
            "cache lifetime of 0 ms is invalid: use a positive number of milliseconds",
        );
    });
});
