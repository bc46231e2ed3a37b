import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "../lib/config";
import { resourceLabel } from "../lib/resource";
import {
    effectiveTags,
    PLATFORM_TENANT_ID,
    REQUIRED_TAG_KEYS,
    TAG_KEYS,
    tagMapOf,
    TIER_VALUES,
} from "../lib/tags";
import { tenantIdProblem } from "../lib/tenantId";
import { OTHER_TAGS_TYPES, TAGGABLE_TYPES } from "./taggableTypes";

export interface RequireTenantTagsConfig {
    /** `Tier` values accepted. */
    readonly allowedTiers: string[];
    /** `Environment` values accepted; empty accepts any non-empty value. */
    readonly allowedEnvironments: string[];
    /** Further tag keys the organisation requires on top of TenantId, Tier and Environment. */
    readonly additionalRequiredTags: string[];
    /** Resource types (globs not supported: exact tokens) exempt from the rule. */
    readonly exemptTypes: string[];
}

export const REQUIRE_TENANT_TAGS_DEFAULTS: RequireTenantTagsConfig = Object.freeze({
    allowedTiers: [...TIER_VALUES],
    allowedEnvironments: [],
    additionalRequiredTags: [],
    exemptTypes: [],
});

/**
 * Whether the rule applies: a type `@pulumi/aws` says is taggable, or an AWS type this pack does not
 * know (a newer provider) whose `tags` input is a map.
 */
export function isTaggableResource(type: string, tags: unknown): boolean {
    if (TAGGABLE_TYPES.has(type)) return true;
    if (OTHER_TAGS_TYPES.has(type) || !type.startsWith("aws:")) return false;
    return tagMapOf(tags) !== undefined;
}

function valueProblem(key: string, value: unknown, config: RequireTenantTagsConfig): string | undefined {
    if (typeof value !== "string" || value === "") {
        return "not a non-empty string";
    }
    if (key === TAG_KEYS.tenantId && value !== PLATFORM_TENANT_ID) {
        const problem = tenantIdProblem(value);
        return problem === undefined
            ? undefined
            : `neither "${PLATFORM_TENANT_ID}" nor a valid tenant id: ${problem}`;
    }
    if (key === TAG_KEYS.tier && !config.allowedTiers.includes(value)) {
        return `not one of ${config.allowedTiers.join(", ")}`;
    }
    if (
        key === TAG_KEYS.environment &&
        config.allowedEnvironments.length > 0 &&
        !config.allowedEnvironments.includes(value)
    ) {
        return `not one of ${config.allowedEnvironments.join(", ")}`;
    }
    return undefined;
}

export const requireTenantTags: ResourceValidationPolicy = {
    name: "require-tenant-tags",
    description:
        "Every taggable AWS resource carries TenantId (a tenant id or platform), Tier and Environment, on the resource or in the provider's defaultTags.",
    remediationSteps:
        'Set tags: { TenantId, Tier, Environment } on the resource (components: tenantTags() or platformTags()), or add the missing keys to the provider\'s defaultTags. TenantId is a valid tenant id or "platform"; Tier is pooled, premium or platform.',
    configSchema: {
        properties: {
            allowedTiers: stringList("Tier values accepted", REQUIRE_TENANT_TAGS_DEFAULTS.allowedTiers),
            allowedEnvironments: stringList(
                "Environment values accepted; empty accepts any non-empty value",
                REQUIRE_TENANT_TAGS_DEFAULTS.allowedEnvironments,
            ),
            additionalRequiredTags: stringList(
                "Tag keys required on top of TenantId, Tier and Environment",
                REQUIRE_TENANT_TAGS_DEFAULTS.additionalRequiredTags,
            ),
            exemptTypes: stringList(
                "Resource type tokens exempt from the rule",
                REQUIRE_TENANT_TAGS_DEFAULTS.exemptTypes,
            ),
        },
    },
    validateResource: (args, reportViolation) => {
        const config = configOf(args, REQUIRE_TENANT_TAGS_DEFAULTS);
        const props = args.props as Record<string, unknown>;
        if (config.exemptTypes.includes(args.type) || !isTaggableResource(args.type, props.tags)) return;
        const tags = effectiveTags(props, args.provider);
        const keys = [...REQUIRED_TAG_KEYS, ...config.additionalRequiredTags];
        for (const key of keys) {
            if (!(key in tags)) {
                reportViolation(
                    `${resourceLabel(args)} is missing the tag "${key}": every taggable AWS resource must carry ${keys.join(", ")}, on the resource or in the provider's defaultTags.`,
                );
                continue;
            }
            const value = tags[key];
            const problem = valueProblem(key, value, config);
            if (problem !== undefined) {
                reportViolation(
                    `${resourceLabel(args)} has ${key} ${JSON.stringify(value)}, which is ${problem}.`,
                );
            }
        }
    },
};
