import { describe, expect, it } from "vitest";
import { TENANT_DATA_KEYS } from "../../components/shared/tenantDataSchema";
import { InvalidItemIdError, TenantKeys, TenantScopeError } from "../../runtime/tenantKeys";

const acme = new TenantKeys("acme");

describe("tenant keys", () => {
    it("builds item keys whose partition key is the tenant id, with the table's attribute names", () => {
        const key = acme.item("42");
        expect(key).toEqual({ tenantId: "acme", sk: "ITEM#42" });
        expect(Object.keys(key)).toEqual([TENANT_DATA_KEYS.partitionKey, TENANT_DATA_KEYS.sortKey]);
    });

    it("builds object keys under the tenant's prefix", () => {
        expect(acme.objectKey("42")).toBe("acme/items/42/file");
        expect(acme.objectPrefix).toBe("acme/");
    });

    it.each(["Acme", "acme/", "../globex", "platform", ""])(
        "refuses to build keys for tenant id %j",
        (tenantId) => {
            expect(() => new TenantKeys(tenantId)).toThrow(
                `tenant id ${JSON.stringify(tenantId)} is invalid`,
            );
        },
    );

    it("keeps another tenant's id, given as an item id, inside the caller's partition and prefix", () => {
        expect(acme.item("globex")).toEqual({ tenantId: "acme", sk: "ITEM#globex" });
        expect(acme.objectKey("globex")).toBe("acme/items/globex/file");
    });

    it.each([
        "../globex",
        "globex/items/1",
        "ITEM#1",
        "a#b",
        "a.b",
        "a b",
        "",
        "x".repeat(65),
        42,
        undefined,
    ])("refuses item id %j", (itemId) => {
        expect(() => acme.item(itemId as string)).toThrow(InvalidItemIdError);
        expect(() => acme.objectKey(itemId as string)).toThrow(
            `item id ${JSON.stringify(itemId)} is invalid: use 1-64 letters, digits, underscores or hyphens`,
        );
    });

    it.each(["globex", "acme2", "ACME", "", undefined])(
        "refuses partition %j as outside tenant acme",
        (partition) => {
            expect(() => acme.assertOwnPartition(partition, "GetItemCommand")).toThrow(
                new TenantScopeError(
                    `GetItemCommand names partition ${JSON.stringify(partition)}, outside tenant "acme"`,
                ),
            );
        },
    );

    it("accepts its own partition", () => {
        expect(() => acme.assertOwnPartition("acme", "GetItemCommand")).not.toThrow();
    });

    it.each([
        "globex/items/1/file",
        "acme2/items/1/file",
        "acme",
        "acme/../globex/x",
        "acme/./x",
        "acme//x",
        "/acme/x",
        7,
    ])("refuses object key %j as outside acme/", (key) => {
        expect(() => acme.assertOwnObjectKey(key, "GetObjectCommand")).toThrow(
            new TenantScopeError(
                `GetObjectCommand names object ${JSON.stringify(key)}, outside prefix "acme/"`,
            ),
        );
    });

    it("accepts its own object keys", () => {
        expect(() => acme.assertOwnObjectKey("acme/items/1/file", "PutObjectCommand")).not.toThrow();
    });

    it("reads item ids back from sort keys, and only from item sort keys", () => {
        expect(acme.itemIdOf("ITEM#42")).toBe("42");
        expect(() => acme.itemIdOf("PROFILE#1")).toThrow(
            new TenantScopeError('sort key "PROFILE#1" is not an item key'),
        );
    });
});
