/**
 * The provider configuration the double answers for: region, the account (the role an explicit
 * provider assumes names it, as AWS would), and default tags. The SDK's provider server answers
 * Configure without passing its arguments on, so main.ts captures the request and hands it here.
 */
import type { Placement } from "./resources";

export interface ProviderSettings extends Placement {
    readonly defaultTags: Readonly<Record<string, string>>;
    readonly assumedRoles: readonly string[];
}

/** The account of a credential-less test: the plan's mock account, unless the environment names another. */
const baseAccount = () => process.env.TENANT_TIERS_AWS_DOUBLE_ACCOUNT ?? "123456789012";

let current: ProviderSettings | undefined;

function parsed(value: unknown): unknown {
    if (typeof value !== "string") return value;
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return JSON.parse(trimmed) as unknown;
        } catch {
            return value;
        }
    }
    return value;
}

/** Reads Configure's arguments (`args`, or the older `variables` map keyed `aws:config:<key>`). */
export function configure(
    args: Record<string, unknown> | undefined,
    variables: ReadonlyMap<string, string>,
): void {
    const value = (key: string): unknown =>
        parsed(args?.[key] ?? variables.get(`aws:config:${key}`) ?? variables.get(`aws:${key}`));
    const region = value("region");
    const roles = value("assumeRoles");
    const assumedRoles = (Array.isArray(roles) ? roles : [])
        .map((r) => (r as { roleArn?: unknown }).roleArn)
        .filter((arn): arn is string => typeof arn === "string");
    const lastRole = assumedRoles.at(-1);
    const account =
        lastRole === undefined
            ? baseAccount()
            : (/^arn:aws:iam::(\d{12}):/.exec(lastRole)?.[1] ?? baseAccount());
    const tags = (value("defaultTags") as { tags?: Record<string, string> } | undefined)?.tags ?? {};
    current = {
        region: typeof region === "string" ? region : (process.env.AWS_REGION ?? ""),
        account,
        defaultTags: tags,
        assumedRoles,
    };
}

/** The configuration in force; like the real provider, a missing region is an error. */
export function settings(): ProviderSettings {
    const s = current ?? (configure(undefined, new Map()), current);
    if (s === undefined || s.region === "") {
        throw new Error(
            "aws provider double: the provider has no region: set aws:region (as the real provider requires)",
        );
    }
    return s;
}
