/**
 * The asynchronous path's contract. Platform producers send messages to the ingestion queue with
 * the tenant in the `TenantId` message attribute (tenant code has no SQS permissions, so a tenant
 * cannot address another); the router invokes the tenant's function with that `TenantId`, passing
 * an {@link IngestionEvent}; the function reads the tenant from `context.tenantId` as for API calls.
 */
import type { SendMessageCommandInput } from "@aws-sdk/client-sqs";
import { parseTenantId } from "../tiers/tenantId";
import { type ItemInput, parseItemInput } from "./tenantItems";
import { TenantKeys } from "./tenantKeys";

/** `source` of the events the router sends to tenant functions. */
export const INGESTION_SOURCE = "tenant-tiers.ingestion";

/** The message attribute that names the tenant; set by the platform producer, read by the router. */
export const TENANT_MESSAGE_ATTRIBUTE = "TenantId";

/** What the router invokes a tenant function with. It carries no tenant: Lambda's `TenantId` does. */
export interface IngestionEvent {
    readonly source: typeof INGESTION_SOURCE;
    readonly messageId: string;
    /** The message body, unchanged. */
    readonly body: string;
}

export function isIngestionEvent(event: unknown): event is IngestionEvent {
    const e = event as Partial<IngestionEvent> | null;
    return (
        typeof e === "object" &&
        e !== null &&
        e.source === INGESTION_SOURCE &&
        typeof e.messageId === "string" &&
        typeof e.body === "string"
    );
}

/** The one command the sample accepts: create or replace an item under a given id. */
export interface IngestionCommand {
    readonly action: "upsert-item";
    readonly itemId: string;
    readonly item: ItemInput;
}

/** A message body that is not an {@link IngestionCommand}. */
export class InvalidIngestionMessageError extends Error {
    override readonly name = "InvalidIngestionMessageError";
}

/** Parses a body strictly: unknown fields (a `tenantId`, say) are refused, not ignored. */
export function parseIngestionBody(body: string): IngestionCommand {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        throw new InvalidIngestionMessageError("message body is not valid JSON");
    }
    const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const extra = Object.keys(record).filter((k) => !["action", "itemId", "item"].includes(k));
    if (record.action !== "upsert-item" || extra.length > 0) {
        throw new InvalidIngestionMessageError(
            'message body must be {"action": "upsert-item", "itemId": ..., "item": {...}} and nothing else',
        );
    }
    return {
        action: "upsert-item",
        itemId: TenantKeys.itemId(record.itemId),
        item: parseItemInput(record.item),
    };
}

/**
 * The `SendMessage` input a platform producer uses for a tenant: the tenant as the message
 * attribute, and as the message group id so that SQS fair queues keep one busy tenant from
 * delaying the others.
 */
export function tenantMessage(
    queueUrl: string,
    tenantId: string,
    command: IngestionCommand,
): SendMessageCommandInput {
    const tenant = parseTenantId(tenantId);
    return {
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(command),
        MessageGroupId: tenant,
        MessageAttributes: { [TENANT_MESSAGE_ATTRIBUTE]: { DataType: "String", StringValue: tenant } },
    };
}
