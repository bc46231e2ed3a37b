import type { ResourceValidationArgs } from "@pulumi/policy";

/** How every message names a resource: its type token and its name. */
export function resourceLabel(args: Pick<ResourceValidationArgs, "type" | "name">): string {
    return `${args.type} "${args.name}"`;
}

/** Renders a value for a message: strings quoted, absent values as `unset`. */
export function shown(value: unknown): string {
    return value === undefined || value === null ? "unset" : JSON.stringify(value);
}
