/**
 * How every write is accepted: the `Idempotency-Key` claimed (a retry of the same request gets the
 * same operation; the same key with a different request is refused with 422), for a signup the
 * tenant id checked against the tenant stacks (one signed up with the CLI: 409) and claimed (taken:
 * 409), the operation recorded `queued`, put on the queue, and answered
 * `202 Accepted` with its `Location`. A retry after a crash part-way through finishes the same
 * operation: every write here is conditional, and SQS drops the duplicate by deduplication id.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { OperationQueue } from "../operations/queue";
import { operationPath, type OperationRecord } from "../operations/record";
import type { OperationRequest } from "../operations/request";
import type { OperationStore } from "../operations/store";
import type { ApiCaller } from "./accessToken";
import { requestFingerprint } from "./fingerprint";
import { problem, PROBLEM_CONTENT_TYPE } from "./problemDetails";

export interface AcceptDeps {
    readonly environment: string;
    readonly store: OperationStore;
    readonly queue: OperationQueue;
    readonly now: () => Date;
    readonly newOperationId: () => string;
    /**
     * Whether the tenant has a stack already: a tenant signed up outside the control plane (with the
     * CLI) holds no claim here, and its id is just as taken. Unset: only claims are checked.
     */
    readonly tenantStackExists?: (tenantId: string) => Promise<boolean>;
}

/** The `409` of a signup whose tenant id is taken. */
function idInUse(reply: FastifyReply, tenantId: string, detail: string, operationId?: string): FastifyReply {
    return reply
        .code(409)
        .type(PROBLEM_CONTENT_TYPE)
        .send(
            problem(409, "tenant id in use", detail, {
                ...(operationId === undefined ? {} : { operationId }),
                problems: [
                    { field: "<tenant-id>", value: tenantId, rule: "is in use: tenant ids are never reused" },
                ],
            }),
        );
}

/** Printable ASCII, 1-255 characters (UUIDs, ULIDs, request ids). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_KEY_RULE = "expected 1-255 printable ASCII characters without spaces (a UUID, say)";

/** The `202` body. */
export interface Accepted {
    readonly operationId: string;
    readonly status: OperationRecord["status"];
    readonly location: string;
}

function accepted(reply: FastifyReply, record: OperationRecord, replayed: boolean): FastifyReply {
    const location = operationPath(record);
    if (replayed) void reply.header("idempotent-replayed", "true");
    const body: Accepted = { operationId: record.operationId, status: record.status, location };
    return reply.code(202).header("location", location).send(body);
}

export async function acceptOperation(
    request: FastifyRequest,
    reply: FastifyReply,
    caller: ApiCaller,
    operation: OperationRequest,
    deps: AcceptDeps,
): Promise<FastifyReply> {
    const key = request.headers["idempotency-key"];
    let operationId = deps.newOperationId();
    if (key !== undefined) {
        if (typeof key !== "string" || !IDEMPOTENCY_KEY.test(key)) {
            return reply
                .code(400)
                .type(PROBLEM_CONTENT_TYPE)
                .send(
                    problem(400, "invalid input", "the Idempotency-Key header is invalid", {
                        problems: [{ field: "Idempotency-Key", value: key, rule: IDEMPOTENCY_KEY_RULE }],
                    }),
                );
        }
        const fingerprint = requestFingerprint(request.method, request.url, request.body);
        const earlier = await deps.store.claimIdempotencyKey(
            caller.clientId,
            key,
            { fingerprint, operationId },
            deps.now(),
        );
        if (earlier !== undefined) {
            if (earlier.fingerprint !== fingerprint) {
                return reply
                    .code(422)
                    .type(PROBLEM_CONTENT_TYPE)
                    .send(
                        problem(
                            422,
                            "idempotency key reused",
                            `Idempotency-Key ${JSON.stringify(key)} was used for a different request (method, path or body); use a new key for a new request`,
                            { operationId: earlier.operationId },
                        ),
                    );
            }
            operationId = earlier.operationId;
            const existing = await deps.store.get(operationId);
            // Found: a plain retry. Missing: the first attempt stopped before recording it; finish it below.
            if (existing !== undefined) return accepted(reply, existing, true);
        }
    }
    if (operation.kind === "signup") {
        const { tenantId } = operation;
        if ((await deps.tenantStackExists?.(tenantId)) === true) {
            return idInUse(
                reply,
                tenantId,
                `tenant id "${tenantId}" is in use in ${deps.environment}: its tenant stack exists (signed up outside the control plane, with the CLI); ids are never reused, pick another`,
            );
        }
        const holder = await deps.store.claimTenant(deps.environment, tenantId, operationId);
        if (holder !== undefined && holder !== operationId) {
            return idInUse(
                reply,
                tenantId,
                `tenant id "${tenantId}" is in use in ${deps.environment} (signed up by operation ${holder}); ids are never reused, pick another`,
                holder,
            );
        }
    }
    const now = deps.now().toISOString();
    const record: OperationRecord = {
        operationId,
        environment: deps.environment,
        ...(operation.kind === "rollout" ? {} : { tenantId: operation.tenantId }),
        request: operation,
        status: "queued",
        createdAt: now,
        updatedAt: now,
        attempts: 0,
        steps: [],
    };
    try {
        await deps.store.create(record);
    } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    await deps.queue.enqueue(record);
    return accepted(reply, (await deps.store.get(operationId)) ?? record, false);
}
