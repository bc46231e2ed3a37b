import { describe, expect, it } from "vitest";
import { SAMPLE_ROUTES } from "../../components/shared/sampleRoutes";
import { ITEM_ROUTES, routeKey } from "../../runtime/itemRoutes";
import { MAX_FILE_BYTES } from "../../runtime/tenantFiles";
import type { apiEvent } from "./support/apiEvents";
import { bodyOf, call, useTenantHarness } from "./support/tenantHarness";

const harness = useTenantHarness();
const environment = () => harness.environment();

describe("tenant handler: the sample API", () => {
    it("implements exactly the sample routes", () => {
        expect(Object.keys(ITEM_ROUTES).sort()).toEqual(SAMPLE_ROUTES.map(routeKey).sort());
    });

    it("creates, reads, replaces, lists, attaches a file to and deletes an item", async () => {
        const env = environment();
        const created = await call(env, "acme", "POST", "/items", {
            body: JSON.stringify({ name: "invoice" }),
        });
        expect(created.statusCode).toBe(201);
        const item = bodyOf(created);
        expect(Object.keys(item).sort()).toEqual(["createdAt", "itemId", "name", "updatedAt"]);
        const itemId = item.itemId as string;

        expect(bodyOf(await call(env, "acme", "GET", "/items/{itemId}", { itemId }))).toEqual(item);
        const replaced = await call(env, "acme", "PUT", "/items/{itemId}", {
            itemId,
            body: JSON.stringify({ name: "paid invoice", description: "March" }),
        });
        expect(bodyOf(replaced)).toMatchObject({
            itemId,
            name: "paid invoice",
            description: "March",
            createdAt: item.createdAt,
        });
        expect(bodyOf(await call(env, "acme", "GET", "/items", {})).items).toEqual([bodyOf(replaced)]);

        const pdf = Buffer.from("%PDF-1.7 binary \u0000\u0001");
        const attached = await call(env, "acme", "PUT", "/items/{itemId}/file", {
            itemId,
            body: pdf.toString("base64"),
            base64: true,
            headers: { "Content-Type": "application/pdf" },
        });
        expect(attached.statusCode).toBe(200);
        expect(bodyOf(attached).file).toEqual({ contentType: "application/pdf", size: pdf.length });
        expect(await call(env, "acme", "GET", "/items/{itemId}/file", { itemId })).toEqual({
            statusCode: 200,
            headers: { "content-type": "application/pdf" },
            body: pdf.toString("base64"),
            isBase64Encoded: true,
        });

        expect(await call(env, "acme", "DELETE", "/items/{itemId}", { itemId })).toEqual({
            statusCode: 204,
            headers: { "content-type": "application/json" },
            body: "",
        });
        expect((await call(env, "acme", "GET", "/items/{itemId}", { itemId })).statusCode).toBe(404);
        expect((await call(env, "acme", "GET", "/items/{itemId}/file", { itemId })).statusCode).toBe(404);
    });

    it("keeps one tenant's writes invisible to another tenant's reads", async () => {
        const acme = environment();
        const globex = environment();
        const itemId = bodyOf(
            await call(acme, "acme", "POST", "/items", { body: JSON.stringify({ name: "acme only" }) }),
        ).itemId as string;
        await call(acme, "acme", "PUT", "/items/{itemId}/file", { itemId, body: "acme file" });

        expect((await call(globex, "globex", "GET", "/items/{itemId}", { itemId })).statusCode).toBe(404);
        expect(bodyOf(await call(globex, "globex", "GET", "/items", {}))).toEqual({ items: [] });
        expect((await call(globex, "globex", "GET", "/items/{itemId}/file", { itemId })).statusCode).toBe(
            404,
        );
        expect(
            (
                await call(globex, "globex", "PUT", "/items/{itemId}", {
                    itemId,
                    body: JSON.stringify({ name: "x" }),
                })
            ).statusCode,
        ).toBe(404);
        expect(
            (await call(globex, "globex", "PUT", "/items/{itemId}/file", { itemId, body: "overwrite" }))
                .statusCode,
        ).toBe(404);
        expect((await call(globex, "globex", "DELETE", "/items/{itemId}", { itemId })).statusCode).toBe(404);

        expect(bodyOf(await call(acme, "acme", "GET", "/items/{itemId}", { itemId })).name).toBe("acme only");
        expect(
            Buffer.from(
                (await call(acme, "acme", "GET", "/items/{itemId}/file", { itemId })).body,
                "base64",
            ).toString(),
        ).toBe("acme file");
    });

    it.each<
        [string, Parameters<typeof apiEvent>[3] & { method?: string; resource?: string }, number, string]
    >([
        [
            "an invalid item id",
            { itemId: "../globex" },
            400,
            'item id "../globex" is invalid: use 1-64 letters, digits, underscores or hyphens',
        ],
        [
            "a body that is not JSON",
            { method: "POST", resource: "/items", body: "{" },
            400,
            "request body is not valid JSON",
        ],
        [
            "a body naming a tenant",
            { method: "POST", resource: "/items", body: JSON.stringify({ name: "x", tenantId: "globex" }) },
            400,
            "item has unknown fields tenantId: only name and description are allowed",
        ],
        [
            "an empty name",
            { method: "POST", resource: "/items", body: JSON.stringify({ name: "" }) },
            400,
            'item name "" is invalid: use a string of 1-200 characters',
        ],
        [
            "a bad page size",
            { method: "GET", resource: "/items", query: { limit: "1000" } },
            400,
            'limit "1000" is invalid: use a whole number from 1 to 100',
        ],
        [
            "a bad cursor",
            { method: "GET", resource: "/items", query: { after: "globex#ITEM" } },
            400,
            'item id "globex#ITEM" is invalid: use 1-64 letters, digits, underscores or hyphens',
        ],
        [
            "an unknown route",
            { method: "PATCH", resource: "/items/{itemId}", itemId: "1" },
            404,
            "no route PATCH /items/{itemId}",
        ],
        [
            "a file that is too large",
            {
                method: "PUT",
                resource: "/items/{itemId}/file",
                itemId: "1",
                body: "x".repeat(MAX_FILE_BYTES + 1),
            },
            413,
            `file of ${MAX_FILE_BYTES + 1} bytes is too large: the limit is ${MAX_FILE_BYTES} bytes`,
        ],
    ])("answers %s with %i", async (_name, request, status, message) => {
        const response = await call(
            environment(),
            "acme",
            request.method ?? "GET",
            request.resource ?? "/items/{itemId}",
            request,
        );
        expect(response.statusCode).toBe(status);
        expect(bodyOf(response)).toEqual({ message });
    });
});
