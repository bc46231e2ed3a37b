/**
 * The tenant stack's program: a validated tenant spec in, the tenant's tier component out. Pure
 * until run: the factory validates and creates nothing; the returned program reads the platform
 * stack through a `StackReference` and builds `PooledTenant` or `PremiumTenant`. The same function
 * is the Automation API's inline program and what the offline plan and the tests run under mocks.
 */
import { parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import { PlatformReference } from "../platform/reference";
import { PooledTenant } from "./pooled";
import { PremiumTenant } from "./premium";
import { platformStackReference } from "../shared/tenantNaming";
import type { TenantComponentArgs, TenantStackOutputs } from "./stack";

export interface TenantProgramOptions {
    /** The Pulumi organization (or individual account) that owns the platform stack. */
    readonly organization: string;
}

/** Pulumi organization names: letters, digits, `-`, `_` and `.`. */
const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Thrown for tenant program options that cannot name a platform stack. */
export class InvalidTenantProgramOptionsError extends Error {
    override readonly name = "InvalidTenantProgramOptionsError";
}

/** The tier component of a spec. Exhaustive: a new tier without a component fails to compile. */
export function tenantComponent(spec: TenantSpec, args: TenantComponentArgs): PooledTenant | PremiumTenant {
    switch (spec.tier) {
        case "pooled":
            return new PooledTenant(spec.tenantId, args);
        case "premium":
            return new PremiumTenant(spec.tenantId, args);
        default: {
            const unknownTier: never = spec.tier;
            throw new Error(`unknown tier ${JSON.stringify(unknownTier)}: expected one of pooled, premium`);
        }
    }
}

/**
 * Validates `input` as a tenant spec (throwing `InvalidTenantSpecError` before anything exists) and
 * returns the tenant stack's program. Its outputs become the stack outputs.
 *
 * @example
 * const stack = await LocalWorkspace.createOrSelectStack({
 *     projectName: TENANT_PROJECT,
 *     stackName: tenantStackName(spec.environment, spec.tenantId),
 *     program: tenantProgram(spec, { organization: "acme-corp" }),
 * });
 */
export function tenantProgram(
    input: unknown,
    options: TenantProgramOptions,
): () => Promise<TenantStackOutputs> {
    const spec = parseTenantSpec(input);
    if (!ORGANIZATION.test(options.organization)) {
        throw new InvalidTenantProgramOptionsError(
            `Pulumi organization ${JSON.stringify(options.organization)} is invalid: use letters, digits, ".", "_" or "-" (at most 100 characters)`,
        );
    }
    const stackName = platformStackReference(options.organization, spec.environment);
    return async () => {
        const platform = new PlatformReference(stackName);
        const settings = await platform.settings(spec.environment);
        return tenantComponent(spec, { spec, platform, settings }).outputs;
    };
}
