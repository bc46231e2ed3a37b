import type { ResourceValidationArgs } from "@pulumi/policy";

/**
 * The policy's config with every unset property taken from `defaults`. The engine fills schema
 * defaults, the SDK does not (tests and other runners call policies without the engine), so every
 * policy applies its defaults here.
 */
export function configOf<T extends object>(args: Pick<ResourceValidationArgs, "getConfig">, defaults: T): T {
    const given = args.getConfig<Partial<T>>();
    const merged: T = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof T)[]) {
        const value = given[key];
        if (value !== undefined && value !== null) {
            merged[key] = value;
        }
    }
    return merged;
}

/** A JSON-schema property: an array of strings with a default. */
export function stringList(description: string, defaults: readonly string[]) {
    return {
        type: "array" as const,
        items: { type: "string" as const },
        default: [...defaults],
        description,
    };
}
