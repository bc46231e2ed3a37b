import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, stringList } from "../lib/config";
import { resourceLabel } from "../lib/resource";
import { defaultTagsOf, REQUIRED_TAG_KEYS, tagMapOf } from "../lib/tags";

export interface TagKeyCasingConfig {
    /** The keys whose spelling is fixed; any key that differs only in case or separators is a violation. */
    readonly canonicalKeys: string[];
}

export const TAG_KEY_CASING_DEFAULTS: TagKeyCasingConfig = Object.freeze({
    canonicalKeys: [...REQUIRED_TAG_KEYS],
});

/** `TenantId`, `tenant_id`, `TENANT-ID` all fold to `tenantid`. */
function folded(key: string): string {
    return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The canonical key `key` is a misspelling of, or `undefined`. */
export function canonicalKeyFor(key: string, canonicalKeys: readonly string[]): string | undefined {
    return canonicalKeys.find((canonical) => canonical !== key && folded(canonical) === folded(key));
}

export const tagKeyCasing: ResourceValidationPolicy = {
    name: "tag-key-casing",
    description:
        "Tag keys use the exact casing ABAC conditions compare against: TenantId, Tier, Environment (never tenantId, TenantID, tenant_id, tier, ...).",
    remediationSteps:
        "Rename the tag key to its canonical spelling (TenantId, Tier, Environment). IAM compares aws:ResourceTag/TenantId case-sensitively on values and policies, reports and cost allocation treat keys as distinct.",
    configSchema: {
        properties: {
            canonicalKeys: stringList(
                "Tag keys whose exact spelling is enforced",
                TAG_KEY_CASING_DEFAULTS.canonicalKeys,
            ),
        },
    },
    validateResource: (args, reportViolation) => {
        const config = configOf(args, TAG_KEY_CASING_DEFAULTS);
        const props = args.props as Record<string, unknown>;
        const maps: [string, Record<string, unknown> | undefined][] =
            args.type === "pulumi:providers:aws"
                ? [["defaultTags", defaultTagsOf(props.defaultTags)]]
                : args.type.startsWith("aws:")
                  ? [["tag", tagMapOf(props.tags)]]
                  : [];
        for (const [what, tags] of maps) {
            for (const key of Object.keys(tags ?? {})) {
                const canonical = canonicalKeyFor(key, config.canonicalKeys);
                if (canonical !== undefined) {
                    reportViolation(
                        `${resourceLabel(args)} has ${what} key "${key}", which must be spelled exactly "${canonical}".`,
                    );
                }
            }
        }
    },
};
