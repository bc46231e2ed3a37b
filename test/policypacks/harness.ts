/** Runs one tenant-guard policy over one resource, as the engine would during `pulumi preview`. */
import type { PolicyProviderResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policyResourceOf, runPolicy, runStackPolicy } from "../../plan/policyCheck";

export interface CheckOptions {
    /** The policy's settings, as `--policy-pack-config` would pass them. */
    readonly config?: Record<string, unknown>;
    readonly provider?: PolicyProviderResource;
}

export function check(
    policy: ResourceValidationPolicy,
    type: string,
    name: string,
    props: Record<string, unknown>,
    options: CheckOptions = {},
): Promise<string[]> {
    return runPolicy(
        policy,
        { type, name, props, ...(options.provider === undefined ? {} : { provider: options.provider }) },
        options.config === undefined ? undefined : { [policy.name]: options.config },
    );
}

/** An explicit AWS provider whose `defaultTags` input is `defaultTags` (a JSON string, as the provider encodes it, or an object). */
export function awsProvider(defaultTags: unknown): PolicyProviderResource {
    return {
        type: "pulumi:providers:aws",
        name: "org",
        urn: "urn:pulumi:dev::tenant-tiers::pulumi:providers:aws::org",
        props: { region: "eu-west-1", defaultTags },
    };
}

export const PLATFORM_TAGS = Object.freeze({ TenantId: "platform", Tier: "platform", Environment: "dev" });

/** One resource of a stack fixture: its type, name and props (inputs and the outputs a test needs). */
export interface StackFixture {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
}

/**
 * Runs one stack policy over a stack of fixtures, as the engine would at `pulumi up`; returns each
 * finding as `<resource name>: <message>` (`<stack>: ...` for a finding on the stack itself).
 */
export async function checkStack(
    policy: StackValidationPolicy,
    resources: readonly StackFixture[],
    options: { readonly config?: Record<string, unknown>; readonly stack?: string } = {},
): Promise<string[]> {
    const stack = options.stack ?? "dev";
    const inputs = resources.map((r) => ({
        ...r,
        urn: `urn:pulumi:${stack}::tenant-tiers::${r.type}::${r.name}`,
    }));
    const findings = await runStackPolicy(
        policy,
        inputs.map(policyResourceOf),
        options.config === undefined ? undefined : { [policy.name]: options.config },
    );
    return findings.map((f) => `${inputs.find((r) => r.urn === f.urn)?.name ?? stack}: ${f.message}`);
}
