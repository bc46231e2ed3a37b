import type { PolicyProviderResource } from "@pulumi/policy";
import { parseJsonInput, recordOf } from "./json";

/** The tag keys every taggable resource carries, with their exact casing. */
export const TAG_KEYS = Object.freeze({ tenantId: "TenantId", tier: "Tier", environment: "Environment" });
export const REQUIRED_TAG_KEYS: readonly string[] = Object.freeze(Object.values(TAG_KEYS));

/** The `TenantId` value of shared platform resources. */
export const PLATFORM_TENANT_ID = "platform";
/** `Tier` values: the tenant tiers and `platform`. */
export const TENANT_TIERS: readonly string[] = Object.freeze(["pooled", "premium"]);
export const TIER_VALUES: readonly string[] = Object.freeze([...TENANT_TIERS, "platform"]);

/** A `tags` input as a key/value map: `undefined` when absent or not a map (e.g. a list of tag blocks). */
export function tagMapOf(value: unknown): Record<string, unknown> | undefined {
    const parsed = parseJsonInput(value);
    return parsed.ok ? recordOf(parsed.value) : undefined;
}

/**
 * The provider's `defaultTags.tags`, when the engine shows the provider. Provider inputs arrive as
 * JSON strings (the AWS provider encodes object-valued settings) or as objects.
 */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, unknown> {
    if (provider === undefined) return {};
    return defaultTagsOf(provider.props.defaultTags);
}

/** `{ tags: {...} }` (string or object) → the tag map. */
export function defaultTagsOf(defaultTags: unknown): Record<string, unknown> {
    const parsed = parseJsonInput(defaultTags);
    if (!parsed.ok) return {};
    return tagMapOf(recordOf(parsed.value)?.tags) ?? {};
}

/** Tags as AWS applies them: provider default tags, overridden by the resource's own. */
export function effectiveTags(
    props: Record<string, unknown>,
    provider: PolicyProviderResource | undefined,
): Record<string, unknown> {
    return {
        ...providerDefaultTags(provider),
        ...(tagMapOf(props.tagsAll) ?? {}),
        ...(tagMapOf(props.tags) ?? {}),
    };
}
