/**
 * The REST API's Lambda REQUEST authorizer: verified token → tenant → registry → API key. Every
 * path that is not a full success denies (fails closed), and every denial is logged with its
 * reason; the token is never logged, echoed or put in an error message.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent, Context } from "aws-lambda";
import type { RegistryRecord } from "../tiers/registry";
import { type ApiKeyValues, ApiKeyUnavailableError } from "./apiKeys";
import { allowResult, denyResult, parseMethodArn, stageResource } from "./authorizerResult";
import { annotateTenant, countForTier, countMetric, type Telemetry, traceInvocation } from "./telemetry";
import type { AdmissionDenial, TenantRegistry } from "./tenantRegistry";
import {
    bearerToken,
    type TenantTokenVerifier,
    TokenRejectedError,
    type TokenRejection,
} from "./tokenVerifier";

/** Every reason a request can be denied for. */
export type DenialReason =
    | TokenRejection
    | AdmissionDenial
    | "malformed-method-arn"
    | "registry-unavailable"
    | "api-key-unavailable";

export interface AuthorizerDependencies {
    readonly verifier: TenantTokenVerifier;
    readonly registry: TenantRegistry;
    readonly apiKeys: ApiKeyValues;
    readonly telemetry: Telemetry;
}

export type AuthorizerHandler = (
    event: APIGatewayRequestAuthorizerEvent,
    context?: Context,
) => Promise<APIGatewayAuthorizerResult>;

/** Ends an authorization with a denial; `tenantId` is set once the token has been verified. */
class Denial extends Error {
    constructor(
        readonly reason: DenialReason,
        readonly tenantId?: string,
        readonly entry?: RegistryRecord,
        options?: ErrorOptions,
    ) {
        super(reason, options);
    }
}

/** Denials that mean a dependency failed rather than a caller being refused. */
const FAILURES: ReadonlySet<DenialReason> = new Set([
    "registry-unavailable",
    "api-key-unavailable",
    "verification-failed",
]);

/** Builds the authorizer from its collaborators (the entry point wires the real ones from the environment). */
export function createAuthorizer(deps: AuthorizerDependencies): AuthorizerHandler {
    const { logger, metrics, tracer } = deps.telemetry;

    const decide = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
        const methodArn = parseMethodArn(event.methodArn);
        if (methodArn === undefined) throw new Denial("malformed-method-arn");

        const token = bearerToken(event.headers);
        if (token === undefined) throw new Denial("missing-token");
        const caller = await deps.verifier.verify(token).catch((error: unknown) => {
            if (!(error instanceof TokenRejectedError)) throw error;
            throw new Denial(error.reason, undefined, undefined, { cause: error.cause });
        });
        logger.appendKeys({ tenantId: caller.tenantId });

        const admission = await deps.registry.admission(caller.tenantId).catch((cause: unknown) => {
            throw new Denial("registry-unavailable", caller.tenantId, undefined, { cause });
        });
        if (!admission.admitted) throw new Denial(admission.reason, caller.tenantId, admission.entry);
        const { entry } = admission;
        logger.appendKeys({ tier: entry.tier });

        const usageIdentifierKey = await deps.apiKeys.valueOf(entry.apiKeyId).catch((cause: unknown) => {
            throw new Denial("api-key-unavailable", caller.tenantId, entry, { cause });
        });

        annotateTenant(tracer, entry.tenantId, entry.tier);
        logger.info("request allowed", { principalId: caller.subject });
        countForTier(metrics, "RequestAllowed", entry.tier);
        return allowResult(
            caller.subject,
            stageResource(methodArn),
            { tenantId: entry.tenantId, tier: entry.tier },
            usageIdentifierKey,
        );
    };

    const deny = (methodArn: string, denial: Denial): APIGatewayAuthorizerResult => {
        if (denial.entry !== undefined) logger.appendKeys({ tier: denial.entry.tier });
        const cause = denial.cause;
        const details = {
            reason: denial.reason,
            // The library's error class only: its messages may quote claims, never needed here.
            ...(cause instanceof ApiKeyUnavailableError
                ? { cause: cause.message }
                : cause instanceof Error
                  ? { cause: cause.name }
                  : {}),
        };
        if (FAILURES.has(denial.reason)) logger.error("request denied", details);
        else logger.warn("request denied", details);
        countMetric(metrics, "RequestDenied", { reason: denial.reason });
        const parsed = parseMethodArn(methodArn);
        return denyResult(parsed === undefined ? methodArn : stageResource(parsed));
    };

    return async (event, context) => {
        logger.resetKeys();
        if (context !== undefined) logger.addContext(context);
        return traceInvocation(tracer, async () => {
            try {
                return await decide(event);
            } catch (error) {
                if (!(error instanceof Denial)) throw error;
                return deny(event.methodArn, error);
            } finally {
                logger.resetKeys();
            }
        });
    };
}
