import { describe, expect, it } from "vitest";
import {
    INGESTION_SOURCE,
    InvalidIngestionMessageError,
    isIngestionEvent,
    parseIngestionBody,
    tenantMessage,
} from "../../runtime/ingestion";

describe("ingestion message bodies", () => {
    it("parse the one sample command", () => {
        expect(
            parseIngestionBody(
                '{"action":"upsert-item","itemId":"a-1","item":{"name":"n","description":"d"}}',
            ),
        ).toEqual({
            action: "upsert-item",
            itemId: "a-1",
            item: { name: "n", description: "d" },
        });
    });

    it.each<[string, string, string]>([
        ["not JSON", "{", "message body is not valid JSON"],
        [
            "another action",
            '{"action":"delete-all"}',
            'message body must be {"action": "upsert-item", "itemId": ..., "item": {...}} and nothing else',
        ],
        [
            "a tenant field",
            '{"action":"upsert-item","itemId":"1","item":{"name":"n"},"tenantId":"globex"}',
            'message body must be {"action": "upsert-item", "itemId": ..., "item": {...}} and nothing else',
        ],
        [
            "an item id leaving the partition",
            '{"action":"upsert-item","itemId":"../globex","item":{"name":"n"}}',
            'item id "../globex" is invalid: use 1-64 letters, digits, underscores or hyphens',
        ],
        [
            "an item naming a tenant",
            '{"action":"upsert-item","itemId":"1","item":{"name":"n","tenantId":"globex"}}',
            "item has unknown fields tenantId: only name and description are allowed",
        ],
    ])("refuse %s", (_name, body, message) => {
        expect(() => parseIngestionBody(body)).toThrow(message);
    });

    it("raise their own error type for malformed bodies", () => {
        expect(() => parseIngestionBody("[]")).toThrow(InvalidIngestionMessageError);
    });
});

describe("ingestion events", () => {
    it.each<[unknown, boolean]>([
        [{ source: INGESTION_SOURCE, messageId: "m", body: "{}" }, true],
        [{ source: "aws.sqs", messageId: "m", body: "{}" }, false],
        [{ source: INGESTION_SOURCE, messageId: "m" }, false],
        [{ httpMethod: "GET", resource: "/items" }, false],
        [null, false],
    ])("recognise %j: %s", (event, expected) => {
        expect(isIngestionEvent(event)).toBe(expected);
    });
});

describe("platform producers", () => {
    it("put the tenant in the TenantId attribute and the message group", () => {
        expect(
            tenantMessage("https://sqs.eu-west-1.amazonaws.com/123456789012/q", "acme", {
                action: "upsert-item",
                itemId: "1",
                item: { name: "n" },
            }),
        ).toEqual({
            QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
            MessageBody: '{"action":"upsert-item","itemId":"1","item":{"name":"n"}}',
            MessageGroupId: "acme",
            MessageAttributes: { TenantId: { DataType: "String", StringValue: "acme" } },
        });
    });

    it("refuse an invalid tenant id", () => {
        expect(() =>
            tenantMessage("q", "Acme", { action: "upsert-item", itemId: "1", item: { name: "n" } }),
        ).toThrow('tenant id "Acme" is invalid');
    });
});
