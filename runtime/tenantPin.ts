/**
 * The PER_TENANT guarantee, checked from inside: Lambda names the tenant in `context.tenantId`
 * (from the `X-Amz-Tenant-Id` header API Gateway maps from the verified authorizer context, or the
 * router's `TenantId`), and an execution environment serves one tenant for its whole life. Seeing
 * no tenant, or a second one, can only mean the function is not running in tenant isolation mode.
 */
import type { Context } from "aws-lambda";
import { isTenantId, type TenantId } from "../tiers/tenantId";

/** `Context` plus the field Lambda sets in tenant isolation mode. */
export type TenantContext = Context & { readonly tenantId?: string };

/** The invocation breaks the one-tenant-per-environment rule; the function must fail, loudly. */
export class TenantIsolationError extends Error {
    override readonly name = "TenantIsolationError";
}

/**
 * Remembers the first tenant an execution environment served and refuses any other. A dedicated
 * (premium) function also refuses every tenant but its own, from the first invocation.
 */
export class TenantPin {
    #tenant: TenantId | undefined;

    constructor(private readonly dedicatedTenant?: TenantId) {}

    /** The tenant this environment serves. */
    get tenant(): TenantId | undefined {
        return this.#tenant;
    }

    /** The invocation's tenant; throws {@link TenantIsolationError} for none, a malformed one or a second one. */
    pin(context: TenantContext): TenantId {
        const tenantId = context.tenantId;
        if (tenantId === undefined || tenantId === "") {
            throw new TenantIsolationError(
                "invocation has no tenant id: the function must run with PER_TENANT isolation",
            );
        }
        if (!isTenantId(tenantId)) {
            throw new TenantIsolationError(
                `invocation names tenant ${JSON.stringify(tenantId)}, which is not a valid tenant id`,
            );
        }
        if (this.dedicatedTenant !== undefined && tenantId !== this.dedicatedTenant) {
            throw new TenantIsolationError(
                `function dedicated to tenant "${this.dedicatedTenant}" received tenant "${tenantId}": its API or registry entry points at the wrong function`,
            );
        }
        if (this.#tenant === undefined) {
            this.#tenant = tenantId;
        } else if (this.#tenant !== tenantId) {
            throw new TenantIsolationError(
                `execution environment of tenant "${this.#tenant}" received tenant "${tenantId}": the function is not in PER_TENANT mode`,
            );
        }
        return this.#tenant;
    }
}
