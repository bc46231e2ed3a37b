/** The JSON schemas the routes share (requests are checked further by the CLI's validators). */
import { PROBLEM_SCHEMA } from "./problemDetails";

export const ACCEPTED_SCHEMA = {
    type: "object",
    required: ["operationId", "status", "location"],
    properties: {
        operationId: { type: "string" },
        status: { type: "string", enum: ["queued", "running", "succeeded", "failed"] },
        location: { type: "string" },
    },
} as const;

export const OPERATION_SCHEMA = {
    type: "object",
    required: [
        "operationId",
        "environment",
        "request",
        "status",
        "createdAt",
        "updatedAt",
        "attempts",
        "steps",
    ],
    properties: {
        operationId: { type: "string" },
        environment: { type: "string" },
        request: { type: "object", additionalProperties: true },
        status: { type: "string", enum: ["queued", "running", "succeeded", "failed"] },
        createdAt: { type: "string" },
        updatedAt: { type: "string" },
        attempts: { type: "integer" },
        steps: {
            type: "array",
            items: {
                type: "object",
                required: ["at", "step", "state"],
                properties: {
                    at: { type: "string" },
                    step: { type: "string" },
                    state: { type: "string" },
                    detail: { type: "string" },
                },
            },
        },
        result: {},
        error: {
            type: ["object", "null"],
            properties: { name: { type: "string" }, message: { type: "string" } },
        },
    },
} as const;

export const TENANT_ID_PARAMS = {
    type: "object",
    required: ["id"],
    properties: { id: { type: "string" } },
} as const;

export const IDEMPOTENCY_HEADERS = {
    type: "object",
    properties: {
        "idempotency-key": {
            type: "string",
            description: "Makes a retry safe: the same key and request answer the same operation",
        },
    },
} as const;

/** Error answers every route of a scope can give. */
export const errorResponses = (...statuses: number[]) =>
    Object.fromEntries([401, 403, ...statuses].map((s) => [s, PROBLEM_SCHEMA]));
