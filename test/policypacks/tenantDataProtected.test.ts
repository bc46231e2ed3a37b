import { describe, expect, it } from "vitest";
import { tenantDataProtected } from "../../policypacks/tenant-guard/policies";
import { check } from "./harness";

const TABLE = "aws:dynamodb/table:Table";
const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const KEY = "aws:kms/key:Key";
const protectedTable = { pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true };
const pooled = { TenantId: "platform", Tier: "pooled", Environment: "dev" };
const allBlocked = {
    bucket: "b",
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
};

describe("tenant-data-protected", () => {
    it.each<[string, string, Record<string, unknown>]>([
        ["a protected pooled table", TABLE, { ...protectedTable, tags: pooled }],
        ["an unprotected platform table", TABLE, { tags: { ...pooled, Tier: "platform" } }],
        ["a public access block with all four settings", BLOCK, allBlocked],
        ["a rotating key", KEY, { enableKeyRotation: true }],
        [
            "an asymmetric key, which cannot rotate",
            KEY,
            { customerMasterKeySpec: "RSA_3072", keyUsage: "SIGN_VERIFY" },
        ],
    ])("passes %s", async (_name, type, props) => {
        expect(await check(tenantDataProtected, type, "data", props)).toEqual([]);
    });

    it.each<[string, string, Record<string, unknown>, string[]]>([
        [
            "a pooled table without PITR",
            TABLE,
            { deletionProtectionEnabled: true, tags: pooled },
            [
                `${TABLE} "data" holds tenant data (Tier "pooled") but has pointInTimeRecovery.enabled unset, and tenant tables need point-in-time recovery.`,
            ],
        ],
        [
            "a pooled table without deletion protection",
            TABLE,
            { ...protectedTable, deletionProtectionEnabled: false, tags: pooled },
            [
                `${TABLE} "data" holds tenant data (Tier "pooled") but has deletionProtectionEnabled false, and tenant tables need deletion protection.`,
            ],
        ],
        [
            "a premium tenant's table without either",
            TABLE,
            {
                pointInTimeRecovery: { enabled: false },
                tags: { TenantId: "acme", Tier: "premium", Environment: "dev" },
            },
            [
                `${TABLE} "data" holds tenant data (TenantId "acme") but has pointInTimeRecovery.enabled false, and tenant tables need point-in-time recovery.`,
                `${TABLE} "data" holds tenant data (TenantId "acme") but has deletionProtectionEnabled unset, and tenant tables need deletion protection.`,
            ],
        ],
        [
            "a public access block with two settings off",
            BLOCK,
            { bucket: "b", blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true },
            [
                `${BLOCK} "data" has blockPublicPolicy false, restrictPublicBuckets unset, but a bucket's public access block must turn on all four settings.`,
            ],
        ],
        [
            "a key without rotation",
            KEY,
            { enableKeyRotation: false },
            [`${KEY} "data" has enableKeyRotation false, but symmetric KMS keys must rotate.`],
        ],
        [
            "a symmetric key that leaves rotation unset",
            KEY,
            { customerMasterKeySpec: "SYMMETRIC_DEFAULT" },
            [`${KEY} "data" has enableKeyRotation unset, but symmetric KMS keys must rotate.`],
        ],
    ])("reports %s", async (_name, type, props, messages) => {
        expect(await check(tenantDataProtected, type, "data", props)).toEqual(messages);
    });

    it("treats only the configured tenantTiers as tenant tables", async () => {
        const config = { tenantTiers: ["premium"] };
        expect(await check(tenantDataProtected, TABLE, "data", { tags: pooled }, { config })).toEqual([]);
    });
});
