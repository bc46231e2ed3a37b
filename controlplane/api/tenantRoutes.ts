/** `/tenants`: sign up, list, read, change tier, suspend, resume, offboard. */
import type { FastifyInstance } from "fastify";
import { TenantNotFoundError } from "../../automation/lifecycle/errors";
import type { TenantListEntry } from "../../automation/lifecycle/list";
import type { TenantStatusReport } from "../../automation/lifecycle/status";
import { validateTenantCommand } from "../../automation/cli/tenantCommand";
import { RESERVED_TENANT_IDS, tenantIdProblem } from "../../tiers/tenantId";
import { acceptOperation, type AcceptDeps } from "./acceptOperation";
import type { ApiCaller } from "./accessToken";
import {
    changeTierRequest,
    offboardRequest,
    signupRequest,
    statusChangeRequest,
    type ValidationContext,
} from "./inputValidation";
import { problem, PROBLEM_CONTENT_TYPE } from "./problemDetails";
import { ACCEPTED_SCHEMA, errorResponses, IDEMPOTENCY_HEADERS, TENANT_ID_PARAMS } from "./routeSchemas";

/** The tenants as their stacks describe them (the lifecycle's `list` and `status`). */
export interface TenantDirectory {
    list(): Promise<readonly TenantListEntry[]>;
    /** Throws `TenantNotFoundError` for a tenant without a stack. */
    status(tenantId: string): Promise<TenantStatusReport>;
}

/** Whether the directory knows a stack of the tenant. */
async function stackExists(tenants: TenantDirectory, tenantId: string): Promise<boolean> {
    try {
        await tenants.status(tenantId);
        return true;
    } catch (error) {
        if (error instanceof TenantNotFoundError) return false;
        throw error;
    }
}

interface TenantRouteDeps extends AcceptDeps {
    readonly tenants: TenantDirectory;
    readonly validation: ValidationContext;
}

const str = { type: "string" } as const;
const SIGNUP_BODY = {
    type: "object",
    required: ["tenantId", "tier", "adminEmail"],
    additionalProperties: false,
    properties: {
        tenantId: str,
        tier: { type: "string", description: "pooled or premium" },
        adminEmail: str,
        silo: { type: "string", description: 'premium only: "create" vends an AWS account (needs email)' },
        email: str,
        ou: str,
        siloAccount: str,
    },
} as const;

const TENANT_STATUS = { type: "object", additionalProperties: true } as const;
type IdParams = { Params: { id: string } };
const callerOf = (request: { caller: ApiCaller | null }): ApiCaller => request.caller as ApiCaller;

export function tenantRoutes(app: FastifyInstance, deps: TenantRouteDeps): void {
    const write = (summary: string, body?: object) => ({
        config: { scope: "tenants.write" as const },
        schema: {
            summary,
            tags: ["tenants"],
            security: [{ cognito: [] }],
            headers: IDEMPOTENCY_HEADERS,
            ...(body === undefined ? {} : { body }),
            response: { 202: ACCEPTED_SCHEMA, ...errorResponses(400, 409, 422) },
        },
    });
    const withId = (summary: string, body?: object) => {
        const options = write(summary, body);
        return { ...options, schema: { ...options.schema, params: TENANT_ID_PARAMS } };
    };

    app.post<{ Body: Record<string, unknown> }>(
        "/tenants",
        write("Sign a tenant up", SIGNUP_BODY),
        async (request, reply) => {
            const tenantId = request.body.tenantId;
            if (typeof tenantId === "string" && RESERVED_TENANT_IDS.includes(tenantId)) {
                return reply
                    .code(409)
                    .type(PROBLEM_CONTENT_TYPE)
                    .send(
                        problem(409, "tenant id reserved", `tenant id "${tenantId}" is reserved`, {
                            problems: [
                                {
                                    field: "<tenant-id>",
                                    value: tenantId,
                                    rule: tenantIdProblem(tenantId) ?? "",
                                },
                            ],
                        }),
                    );
            }
            const operation = signupRequest(request.body, deps.validation);
            return acceptOperation(request, reply, callerOf(request), operation, {
                ...deps,
                tenantStackExists: (id) => stackExists(deps.tenants, id),
            });
        },
    );

    app.get(
        "/tenants",
        {
            config: { scope: "tenants.read" },
            schema: {
                summary: "List the tenants of the environment",
                tags: ["tenants"],
                security: [{ cognito: [] }],
                response: {
                    200: {
                        type: "object",
                        required: ["tenants"],
                        properties: {
                            tenants: { type: "array", items: { type: "object", additionalProperties: true } },
                        },
                    },
                    ...errorResponses(),
                },
            },
        },
        async () => ({ tenants: await deps.tenants.list() }),
    );

    app.get<IdParams>(
        "/tenants/:id",
        {
            config: { scope: "tenants.read" },
            schema: {
                summary: "A tenant: tier, state, last operation, stack outputs",
                tags: ["tenants"],
                security: [{ cognito: [] }],
                params: TENANT_ID_PARAMS,
                response: { 200: TENANT_STATUS, ...errorResponses(400, 404) },
            },
        },
        async (request, reply) => {
            const context = deps.validation;
            validateTenantCommand(
                request.params.id,
                { environment: context.environment, region: context.region },
                context.cli,
            );
            try {
                return await deps.tenants.status(request.params.id);
            } catch (error) {
                if (!(error instanceof TenantNotFoundError)) throw error;
                return reply
                    .code(404)
                    .type(PROBLEM_CONTENT_TYPE)
                    .send(problem(404, "tenant not found", error.message));
            }
        },
    );

    app.post<IdParams & { Body: Record<string, unknown> }>(
        "/tenants/:id/tier",
        withId("Move a tenant to another tier", {
            type: "object",
            required: ["tier"],
            additionalProperties: false,
            properties: {
                tier: { type: "string", description: "pooled or premium" },
                silo: {
                    type: "string",
                    description: 'premium only: "create" vends an AWS account for the data (needs email)',
                },
                email: str,
                ou: str,
                siloAccount: {
                    type: "string",
                    description: "premium only: move the data into this member account",
                },
                platformAccount: {
                    type: "boolean",
                    description: "premium only: move a silo tenant's data back into the platform account",
                },
                settleSeconds: {
                    type: "integer",
                    description:
                        "wait after suspending, past the authorizer's caches (default 60; less only for a tenant without traffic)",
                },
            },
        }),
        async (request, reply) =>
            acceptOperation(
                request,
                reply,
                callerOf(request),
                changeTierRequest(request.params.id, request.body, deps.validation),
                deps,
            ),
    );

    for (const kind of ["suspend", "resume"] as const) {
        app.post<IdParams>(
            `/tenants/:id/${kind}`,
            withId(
                kind === "suspend"
                    ? "Suspend a tenant (its callers are refused)"
                    : "Reactivate a suspended tenant",
            ),
            async (request, reply) =>
                acceptOperation(
                    request,
                    reply,
                    callerOf(request),
                    statusChangeRequest(kind, request.params.id, deps.validation),
                    deps,
                ),
        );
    }

    app.delete<IdParams & { Body: Record<string, unknown> | undefined }>(
        "/tenants/:id",
        {
            // An offboard without options has no body: it is validated as `{}`.
            preValidation: async (request: { body: unknown }) => {
                request.body ??= {};
            },
            ...withId("Offboard a tenant (data retained unless purge is confirmed)", {
                type: "object",
                additionalProperties: false,
                properties: {
                    archive: {
                        type: "string",
                        description: "pooled tenants' export: a directory or s3://bucket/prefix",
                    },
                    purge: { type: "boolean", description: "also delete the tenant's data (needs confirm)" },
                    confirm: { type: "string", description: "with purge: the tenant id again" },
                },
            }),
        },
        async (request, reply) =>
            acceptOperation(
                request,
                reply,
                callerOf(request),
                offboardRequest(request.params.id, request.body ?? {}, deps.validation),
                deps,
            ),
    );
}
