/** `GET /operations/{id}`, `POST /fleet/rollouts`, `GET /fleet/rollouts/{id}`. */
import type { FastifyInstance } from "fastify";
import type { OperationStore } from "../operations/store";
import { acceptOperation, type AcceptDeps } from "./acceptOperation";
import type { ApiCaller, ApiScope } from "./accessToken";
import { rolloutRequest } from "./inputValidation";
import { problem, PROBLEM_CONTENT_TYPE } from "./problemDetails";
import { ACCEPTED_SCHEMA, errorResponses, IDEMPOTENCY_HEADERS, OPERATION_SCHEMA } from "./routeSchemas";

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: { type: "string" } } } as const;
type IdParams = { Params: { id: string } };

export function operationRoutes(
    app: FastifyInstance,
    deps: AcceptDeps & { readonly store: OperationStore },
): void {
    const read = (path: string, scope: ApiScope, summary: string, tag: string, rollouts: boolean) =>
        app.get<IdParams>(
            path,
            {
                config: { scope },
                schema: {
                    summary,
                    tags: [tag],
                    security: [{ cognito: [] }],
                    params: ID_PARAMS,
                    response: { 200: OPERATION_SCHEMA, ...errorResponses(404) },
                },
            },
            async (request, reply) => {
                const record = await deps.store.get(request.params.id);
                if (record === undefined || (record.request.kind === "rollout") !== rollouts) {
                    return reply
                        .code(404)
                        .type(PROBLEM_CONTENT_TYPE)
                        .send(
                            problem(
                                404,
                                "not found",
                                `there is no ${rollouts ? "rollout" : "operation"} ${JSON.stringify(request.params.id)}`,
                            ),
                        );
                }
                return record;
            },
        );
    read(
        "/operations/:id",
        "tenants.read",
        "A tenant operation: status, steps, result or error",
        "operations",
        false,
    );
    read(
        "/fleet/rollouts/:id",
        "fleet.rollout",
        "A fleet rollout: status, waves, per-tenant report",
        "fleet",
        true,
    );

    app.post<{ Body: Record<string, unknown> | undefined }>(
        "/fleet/rollouts",
        {
            config: { scope: "fleet.rollout" },
            schema: {
                summary: "Update every tenant stack to the current tenant program, in waves",
                tags: ["fleet"],
                security: [{ cognito: [] }],
                headers: IDEMPOTENCY_HEADERS,
                body: {
                    type: "object",
                    additionalProperties: false,
                    properties: {
                        waves: {
                            type: "string",
                            description: 'cumulative percentages after the canary, e.g. "10,50,100"',
                        },
                        pauseSeconds: { type: "integer", description: "pause between waves (default 30)" },
                    },
                },
                response: { 202: ACCEPTED_SCHEMA, ...errorResponses(400, 422) },
            },
        },
        async (request, reply) =>
            acceptOperation(
                request,
                reply,
                request.caller as ApiCaller,
                rolloutRequest(request.body ?? {}),
                deps,
            ),
    );
}
