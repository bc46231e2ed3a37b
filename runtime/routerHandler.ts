/**
 * The ingestion router. Lambda tenant isolation mode has no event source mappings, so this
 * function drains the ingestion queue and invokes each message's tenant function with `TenantId`.
 * The tenant comes from the `TenantId` message attribute that platform producers set, checked
 * against the registry; every message succeeds or fails on its own (Powertools partial batch
 * response), so one tenant's poison message goes to the DLQ without holding back anyone else's.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { type InvokeCommandOutput, InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { INGESTION_SOURCE, type IngestionEvent, TENANT_MESSAGE_ATTRIBUTE } from "./ingestion";
import {
    countForTier,
    countMetric,
    type Telemetry,
    tenantLogKeys,
    traceInvocation,
    traceTenantWork,
} from "./telemetry";
import type { RegistryRecord, TenantRegistryEntry } from "../tiers/registry";
import type { TenantRegistry } from "./tenantRegistry";

export interface RouterDependencies {
    readonly registry: TenantRegistry;
    readonly lambda: LambdaClient;
    readonly telemetry: Telemetry;
}

/** Why a message was not delivered; logged with the message id, never with the body. */
export type RoutingFailure =
    | "missing-tenant-attribute"
    | "tenant-mismatch"
    | "unknown-tenant"
    | "tenant-suspended"
    | "tenant-offboarded"
    | "registry-unavailable"
    | "invoke-failed"
    | "function-error";

/** A message that could not be delivered; it stays on the queue (then goes to the DLQ). */
export class RoutingError extends Error {
    override readonly name = "RoutingError";
    constructor(
        readonly reason: RoutingFailure,
        readonly messageId: string,
        /** The registry entry, when the tenant has one. */
        readonly entry?: RegistryRecord,
        options?: ErrorOptions,
    ) {
        super(`message ${messageId} not routed: ${reason}`, options);
    }
}

/**
 * The tenant a message names: the `TenantId` string attribute, and nothing in the body. When the
 * producer also set a message group (fair queues), it must agree.
 */
export function messageTenant(record: SQSRecord): string {
    const attribute = record.messageAttributes?.[TENANT_MESSAGE_ATTRIBUTE];
    const value = attribute?.dataType === "String" ? attribute.stringValue : undefined;
    if (value === undefined || value === "")
        throw new RoutingError("missing-tenant-attribute", record.messageId);
    const group = record.attributes?.MessageGroupId;
    if (group !== undefined && group !== value) throw new RoutingError("tenant-mismatch", record.messageId);
    return value;
}

/** The `errorType` of a failed invocation's payload, if it has one (its message may quote data). */
function errorTypeOf(result: InvokeCommandOutput): string | undefined {
    try {
        const parsed = JSON.parse(
            Buffer.from(result.Payload ?? new Uint8Array()).toString("utf8"),
        ) as unknown;
        const type = (parsed as { errorType?: unknown } | null)?.errorType;
        return typeof type === "string" ? type : undefined;
    } catch {
        return undefined;
    }
}

/** Builds the router's handler (the entry point wires the real dependencies). */
export function createRouter(
    deps: RouterDependencies,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
    const { logger, metrics, tracer } = deps.telemetry;

    const admit = async (record: SQSRecord): Promise<TenantRegistryEntry> => {
        const tenantId = messageTenant(record);
        const admission = await deps.registry.admission(tenantId).catch((cause: unknown) => {
            throw new RoutingError("registry-unavailable", record.messageId, undefined, { cause });
        });
        if (!admission.admitted) throw new RoutingError(admission.reason, record.messageId, admission.entry);
        return admission.entry;
    };

    const deliver = async (record: SQSRecord, entry: TenantRegistryEntry): Promise<void> => {
        const payload: IngestionEvent = {
            source: INGESTION_SOURCE,
            messageId: record.messageId,
            body: record.body,
        };
        let result: InvokeCommandOutput;
        try {
            result = await deps.lambda.send(
                new InvokeCommand({
                    FunctionName: entry.functionName,
                    TenantId: entry.tenantId,
                    InvocationType: "RequestResponse",
                    Payload: Buffer.from(JSON.stringify(payload)),
                }),
            );
        } catch (cause) {
            throw new RoutingError("invoke-failed", record.messageId, entry, { cause });
        }
        if (result.FunctionError !== undefined) {
            throw new RoutingError("function-error", record.messageId, entry, { cause: errorTypeOf(result) });
        }
    };

    const route = async (record: SQSRecord): Promise<void> => {
        let entry: TenantRegistryEntry;
        try {
            entry = await admit(record);
        } catch (error) {
            const reason = error instanceof RoutingError ? error.reason : "registry-unavailable";
            const keys =
                error instanceof RoutingError && error.entry !== undefined
                    ? tenantLogKeys(error.entry.tenantId, error.entry.tier)
                    : {};
            logger.warn("message rejected", { ...keys, messageId: record.messageId, reason });
            countMetric(metrics, "MessageRejected", { reason });
            throw error;
        }
        const log = logger.createChild({ persistentKeys: tenantLogKeys(entry.tenantId, entry.tier) });
        try {
            await traceTenantWork(tracer, `### ${entry.functionName}`, entry, () => deliver(record, entry));
        } catch (error) {
            const failure = error as RoutingError;
            log.warn("message not delivered", {
                messageId: record.messageId,
                reason: failure.reason,
                ...(typeof failure.cause === "string" ? { errorType: failure.cause } : {}),
                ...(failure.cause instanceof Error ? { error: failure.cause.name } : {}),
            });
            countForTier(metrics, "MessageFailed", entry.tier);
            throw error;
        }
        log.info("message routed", { messageId: record.messageId, functionName: entry.functionName });
        countForTier(metrics, "MessageRouted", entry.tier);
    };

    return async (event, context) => {
        if (context !== undefined) logger.addContext(context);
        return traceInvocation(tracer, () =>
            processPartialResponse(event, route, new BatchProcessor(EventType.SQS), {
                ...(context === undefined ? {} : { context }),
                throwOnFullBatchFailure: false,
            }),
        );
    };
}
