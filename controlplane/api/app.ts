/**
 * The tenant management API as a fastify app: OAuth2 access tokens checked on every route that
 * names a scope, input checked by the CLI's validators, writes accepted onto the operations queue,
 * and an OpenAPI document built from the route schemas (`GET /openapi.json`).
 */
import swagger from "@fastify/swagger";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { bearerToken } from "../../runtime/tokenVerifier";
import type { OperationQueue } from "../operations/queue";
import type { OperationStore } from "../operations/store";
import { AccessDeniedError, type AccessTokenVerifier, type ApiCaller, type ApiScope } from "./accessToken";
import { CliInputError, type ValidationContext } from "./inputValidation";
import { operationRoutes } from "./operationRoutes";
import { problem, PROBLEM_CONTENT_TYPE } from "./problemDetails";
import { type TenantDirectory, tenantRoutes } from "./tenantRoutes";

export interface ApiDeps {
    readonly environment: string;
    readonly verifier: AccessTokenVerifier;
    readonly store: OperationStore;
    readonly queue: OperationQueue;
    readonly tenants: TenantDirectory;
    readonly validation: ValidationContext;
    readonly now: () => Date;
    readonly newOperationId: () => string;
    /** fastify's logger (pino); off by default (tests, bench). */
    readonly logger?: boolean;
}

declare module "fastify" {
    interface FastifyContextConfig {
        /** The scope a route needs; routes without one are public (`/health`, `/openapi.json`). */
        scope?: ApiScope;
    }
    interface FastifyRequest {
        caller: ApiCaller | null;
    }
    interface FastifyInstance {
        /** Every route the app serves (method and fastify path), HEAD routes left out. */
        readonly apiRoutes: readonly { readonly method: string; readonly url: string }[];
    }
}

/** A body field as the CLI names it: `tenantId` is `<tenant-id>`, `adminEmail` is `--admin-email`. */
export const cliFieldOf = (field: string): string =>
    field === "tenantId" ? "<tenant-id>" : `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function schemaProblems(error: FastifyError, body: unknown) {
    return (error.validation ?? []).map((v) => {
        const missing = (v.params as { missingProperty?: string }).missingProperty;
        const extra = (v.params as { additionalProperty?: string }).additionalProperty;
        const name = missing ?? extra ?? v.instancePath.split("/").filter((p) => p !== "")[0] ?? "body";
        const value =
            missing !== undefined ? undefined : (body as Record<string, unknown> | undefined)?.[name];
        const rule = extra !== undefined ? "is not a field of this request" : (v.message ?? "is invalid");
        return { field: cliFieldOf(name), value, rule };
    });
}

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
    const app = Fastify({
        logger: deps.logger ?? false,
        ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    });
    await app.register(swagger, {
        openapi: {
            openapi: "3.1.0",
            info: {
                title: "tenant-tiers tenant management API",
                version: "1.0.0",
                description:
                    "Sign tenants up, change their tier, suspend, resume and offboard them, and roll the tenant program out to the fleet. Writes are asynchronous: 202 with the operation's Location.",
            },
            components: {
                securitySchemes: {
                    cognito: {
                        type: "oauth2",
                        flows: {
                            clientCredentials: {
                                tokenUrl: "https://<user-pool-domain>/oauth2/token",
                                scopes: {
                                    [deps.verifier.scopeOf("tenants.read")]: "read tenants and operations",
                                    [deps.verifier.scopeOf("tenants.write")]: "sign up and change tenants",
                                    [deps.verifier.scopeOf("fleet.rollout")]: "start and read fleet rollouts",
                                },
                            },
                        },
                    },
                },
            },
        },
    });
    const routes: { method: string; url: string }[] = [];
    app.addHook("onRoute", (route) => {
        for (const method of [route.method].flat())
            if (method !== "HEAD") routes.push({ method, url: route.url });
    });
    app.decorate("apiRoutes", routes);
    app.decorateRequest("caller", null);
    app.addHook("onRequest", async (request) => {
        const scope = request.routeOptions.config.scope;
        if (scope === undefined) return;
        const token = bearerToken(request.headers as Record<string, string | undefined>);
        request.caller = await deps.verifier.verify(token, scope);
    });
    app.setErrorHandler((error: FastifyError, request, reply) => {
        if (error instanceof AccessDeniedError) {
            const header =
                error.status === 401
                    ? 'Bearer error="invalid_token"'
                    : `Bearer error="insufficient_scope", scope="${request.routeOptions.config.scope === undefined ? "" : deps.verifier.scopeOf(request.routeOptions.config.scope)}"`;
            return reply
                .code(error.status)
                .header("www-authenticate", header)
                .type(PROBLEM_CONTENT_TYPE)
                .send(
                    problem(
                        error.status,
                        error.status === 401 ? "unauthorized" : "forbidden",
                        error.status === 401
                            ? `access token refused (${error.reason}): send Authorization: Bearer <access token of the control plane's user pool>`
                            : `the access token lacks the scope ${request.routeOptions.config.scope === undefined ? "" : deps.verifier.scopeOf(request.routeOptions.config.scope)}`,
                    ),
                );
        }
        if (error instanceof CliInputError) {
            return reply
                .code(400)
                .type(PROBLEM_CONTENT_TYPE)
                .send(problem(400, "invalid input", error.message, { problems: error.problems }));
        }
        if (error.validation !== undefined) {
            const problems = schemaProblems(error, request.body);
            return reply
                .code(400)
                .type(PROBLEM_CONTENT_TYPE)
                .send(problem(400, "invalid input", "the request does not match its schema", { problems }));
        }
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
            return reply
                .code(error.statusCode)
                .type(PROBLEM_CONTENT_TYPE)
                .send(problem(error.statusCode, "bad request", error.message));
        }
        // Never the raw error: it may carry stack or engine output. It goes to the log instead.
        request.log.error({ err: error }, "request failed");
        return reply
            .code(500)
            .type(PROBLEM_CONTENT_TYPE)
            .send(
                problem(
                    500,
                    "internal error",
                    `request ${request.id} failed; the control plane's log has the cause`,
                ),
            );
    });
    app.get("/health", { schema: { hide: true } }, async () => ({ status: "ok" }));
    app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    tenantRoutes(app, deps);
    operationRoutes(app, deps);
    return app;
}
