/**
 * The tenants the offline plan shows when none are given: one per kind of tenant stack. And the
 * `--tenant <id>:<tier>[:<siloAccountId>]` option that replaces them.
 */
import { InvalidTenantSpecError, parseTenantSpec, type TenantSpec } from "../tiers/tenantSpec";
import { MOCK_ORGANIZATION_ID } from "./mockRuntime";

/** Signup time of planned tenants: fixed, so the plan is the same from run to run. */
export const PLAN_CREATED_AT = "2026-01-01T00:00:00Z";

/** The Pulumi organization the planned tenant stacks reference the platform stack in. */
export const PLAN_ORGANIZATION = "example-org";

/** The option's syntax, in the words every error message uses. */
export const TENANT_OPTION_RULE =
    "expected <id>:<tier>[:<siloAccountId>], e.g. acme:pooled, globex:premium or initech:premium:111122223333 (silo=111122223333 works too)";

/** Thrown for a `--tenant` value that is not a valid tenant; the message names the value and the rule. */
export class TenantOptionError extends Error {
    override readonly name = "TenantOptionError";
}

/** The spec of a planned tenant: fixed admin address and signup time, the mock organization for silos. */
export function plannedTenantSpec(
    environment: string,
    tenantId: string,
    tier: string,
    siloAccountId?: string,
): TenantSpec {
    return parseTenantSpec({
        tenantId,
        tier,
        environment,
        adminEmail: `admin@${tenantId}.example.com`,
        createdAt: PLAN_CREATED_AT,
        ...(siloAccountId === undefined
            ? {}
            : { silo: { accountId: siloAccountId, organizationId: MOCK_ORGANIZATION_ID } }),
    });
}

/** One pooled tenant, one premium tenant, one premium tenant with a silo account. */
export function sampleTenantSpecs(environment: string): TenantSpec[] {
    return [
        plannedTenantSpec(environment, "acme", "pooled"),
        plannedTenantSpec(environment, "globex", "premium"),
        plannedTenantSpec(environment, "initech", "premium", "111122223333"),
    ];
}

/** Parses one `--tenant` value into a validated spec of `environment`. */
export function parseTenantOption(value: string, environment: string): TenantSpec {
    const parts = value.split(":");
    const [tenantId, tier, silo] = parts;
    if (parts.length < 2 || parts.length > 3 || tenantId === undefined || tier === undefined) {
        throw new TenantOptionError(`--tenant ${JSON.stringify(value)} is invalid: ${TENANT_OPTION_RULE}`);
    }
    const siloAccountId = silo?.replace(/^silo=/, "");
    try {
        return plannedTenantSpec(environment, tenantId, tier, siloAccountId);
    } catch (err) {
        if (!(err instanceof InvalidTenantSpecError)) throw err;
        const reasons = err.problems.map((p) => `${p.field} ${JSON.stringify(p.value)}: ${p.message}`);
        throw new TenantOptionError(`--tenant ${JSON.stringify(value)} is invalid: ${reasons.join("; ")}`);
    }
}

/** The specs of every `--tenant` value, or the samples when there are none; one tenant id at most once. */
export function tenantSpecsFromOptions(values: readonly string[], environment: string): TenantSpec[] {
    if (values.length === 0) return sampleTenantSpecs(environment);
    const specs = values.map((value) => parseTenantOption(value, environment));
    const seen = new Set<string>();
    for (const spec of specs) {
        if (seen.has(spec.tenantId)) {
            throw new TenantOptionError(
                `--tenant: tenant "${spec.tenantId}" is given more than once; give each tenant once`,
            );
        }
        seen.add(spec.tenantId);
    }
    return specs;
}
