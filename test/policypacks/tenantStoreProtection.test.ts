import { describe, expect, it } from "vitest";
import { tenantStoreProtection } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import { baseStack, BUCKET, PLATFORM_TAGS, stackChanging, stackWith } from "./stackFixtures";

const withoutBlock = () => baseStack().filter((r) => r.name !== "files-public-access");

describe("tenant-store-protection", () => {
    it.each<[string, StackFixture[], Record<string, unknown>]>([
        ["the protected stack", baseStack(), {}],
        [
            "a bucket without its own block when the account-level block is managed",
            withoutBlock(),
            { accountPublicAccessBlockManaged: true },
        ],
        [
            "an unprotected cache table not keyed by tenant",
            stackWith({
                type: "aws:dynamodb/table:Table",
                name: "cache",
                props: { name: "cache", hashKey: "key", tags: PLATFORM_TAGS },
            }),
            {},
        ],
    ])("passes %s", async (_name, stack, config) => {
        expect(await checkStack(tenantStoreProtection, stack, { config })).toEqual([]);
    });

    it.each<[string, StackFixture[], string]>([
        [
            "a tenant table tagged platform to skip backups",
            stackChanging("items", (props) => ({
                ...props,
                tags: PLATFORM_TAGS,
                pointInTimeRecovery: { enabled: false },
                deletionProtectionEnabled: false,
            })),
            'items: tenant-store-protection: aws:dynamodb/table:Table "items" holds tenant data (its partition key is "tenantId") but has pointInTimeRecovery.enabled false and deletionProtectionEnabled false, and both must be true.',
        ],
        [
            "a new per-tenant table that forgot deletion protection",
            stackWith({
                type: "aws:dynamodb/table:Table",
                name: "orders",
                props: {
                    name: "orders",
                    hashKey: "tenantId",
                    pointInTimeRecovery: { enabled: true },
                    tags: PLATFORM_TAGS,
                },
            }),
            'orders: tenant-store-protection: aws:dynamodb/table:Table "orders" holds tenant data (its partition key is "tenantId") but has pointInTimeRecovery.enabled true and deletionProtectionEnabled false, and both must be true.',
        ],
        [
            "the tenant bucket with no public access block at all",
            withoutBlock(),
            'files: tenant-store-protection: aws:s3/bucket:Bucket "files" holds tenant data (the tenant access role or a tenant function names it) but has no BucketPublicAccessBlock in the stack, and every tenant bucket needs all four settings on.',
        ],
        [
            "a block that still honours public bucket policies",
            stackChanging("files-public-access", (props) => ({
                ...props,
                blockPublicPolicy: false,
                restrictPublicBuckets: false,
            })),
            'files: tenant-store-protection: aws:s3/bucket:Bucket "files" holds tenant data (the tenant access role or a tenant function names it) but its aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock "files-public-access" leaves blockPublicPolicy, restrictPublicBuckets off, and every tenant bucket needs all four settings on.',
        ],
        [
            "a block on another bucket only",
            stackChanging("files-public-access", (props) => ({ ...props, bucket: `${BUCKET}-logs` })),
            'files: tenant-store-protection: aws:s3/bucket:Bucket "files" holds tenant data (the tenant access role or a tenant function names it) but has no BucketPublicAccessBlock in the stack, and every tenant bucket needs all four settings on.',
        ],
    ])("reports %s", async (_name, stack, message) => {
        expect(await checkStack(tenantStoreProtection, stack)).toEqual([message]);
    });

    it("reports a public canned ACL on a tenant bucket, on the bucket or in a BucketAclV2", async () => {
        const stack = stackChanging("files", (props) => ({ ...props, acl: "public-read" }));
        stack.push({
            type: "aws:s3/bucketAclV2:BucketAclV2",
            name: "files-acl",
            props: { bucket: BUCKET, acl: "authenticated-read" },
        });
        expect(await checkStack(tenantStoreProtection, stack)).toEqual([
            `files: tenant-store-protection: aws:s3/bucket:Bucket "files" gives tenant bucket "${BUCKET}" the canned ACL "public-read", and tenant buckets are never readable outside the account.`,
            `files-acl: tenant-store-protection: aws:s3/bucketAclV2:BucketAclV2 "files-acl" gives tenant bucket "${BUCKET}" the canned ACL "authenticated-read", and tenant buckets are never readable outside the account.`,
        ]);
    });
});
