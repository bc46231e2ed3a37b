/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: every value a
 * string (objects and arrays as JSON), keys as `namespace:key`. Used by the offline plan, which
 * has no CLI to do it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const PROJECT_NAME = "tenant-tiers";
export const REPO_ROOT = path.resolve(__dirname, "..");

/** Thrown for a stack name or stack file the plan cannot use; the message says how to fix it. */
export class StackConfigError extends Error {
    override readonly name = "StackConfigError";
}

const STACK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Stacks that have a `Pulumi.<stack>.yaml` in `dir`. */
export function availableStacks(dir: string = REPO_ROOT): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export interface StackConfig {
    /** `namespace:key` → string, as a program receives it. */
    readonly values: Record<string, string>;
    /** Keys whose values are encrypted secrets (replaced by a placeholder offline). */
    readonly secretKeys: string[];
}

/** Loads and flattens the config of `stack` from `Pulumi.<stack>.yaml` in `dir`. */
export function readStackConfig(stack: string, dir: string = REPO_ROOT): StackConfig {
    if (!STACK_NAME_PATTERN.test(stack)) {
        throw new StackConfigError(
            `stack name ${JSON.stringify(stack)} is invalid: use letters, digits, ".", "_" or "-" (at most 100 characters)`,
        );
    }
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = availableStacks(dir);
        throw new StackConfigError(
            `stack "${stack}" has no config file ${path.basename(file)}; available stacks: ${known.length > 0 ? known.join(", ") : "(none)"}`,
        );
    }
    let document: unknown;
    try {
        document = parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new StackConfigError(`${path.basename(file)} is not valid YAML: ${(err as Error).message}`);
    }
    const config = (document as { config?: unknown } | null)?.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new StackConfigError(`${path.basename(file)}: "config" must be a mapping of keys to values`);
    }
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries(config)) {
        const key = rawKey.includes(":") ? rawKey : `${PROJECT_NAME}:${rawKey}`;
        if (value !== null && typeof value === "object" && "secure" in value) {
            values[key] = "[secret]";
            secretKeys.push(key);
        } else if (value !== null && typeof value === "object") {
            values[key] = JSON.stringify(value);
        } else {
            values[key] = String(value);
        }
    }
    return { values, secretKeys };
}
