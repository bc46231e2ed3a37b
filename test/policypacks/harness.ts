/** Runs one tenant-guard policy over one resource, as the engine would during `pulumi preview`. */
import type { PolicyProviderResource, ResourceValidationPolicy } from "@pulumi/policy";
import { runPolicy } from "../../plan/policyCheck";

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
