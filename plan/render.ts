/**
 * The offline plan's text output: a summary of every stack by AWS service first, then one tree per
 * stack (components, one line per resource with its key settings). Only `aws:` resources count as
 * AWS resources: providers and `StackReference`s are Pulumi's own and are counted apart.
 */
import type { PlannedResource, PlannedStack } from "./mockRuntime";
import { summarize } from "./summary";
import type { PlannedTenantStack } from "./tenants";

/**
 * Resources that are one per account (and region), not one per stack: a second environment in the
 * same account shares them, and destroying a stack changes them for everyone there.
 */
export const ACCOUNT_WIDE: Readonly<Record<string, string>> = Object.freeze({
    "aws:apigateway/account:Account":
        "account-wide: API Gateway's CloudWatch role for the whole account and region",
    "aws:costexplorer/costAllocationTag:CostAllocationTag":
        "account-wide: a cost allocation tag of the whole organization (payer account only)",
});

/** `true` for a resource that is a setting of the whole account (see {@link ACCOUNT_WIDE}). */
export const isAccountWide = (resource: Pick<PlannedResource, "type">): boolean =>
    Object.hasOwn(ACCOUNT_WIDE, resource.type);

/** `true` for an AWS resource (not a component, a provider or a `StackReference`). */
export const isAwsResource = (resource: Pick<PlannedResource, "type" | "custom">): boolean =>
    resource.custom && resource.type.startsWith("aws:");

/** The AWS service of a resource type: `aws:apigateway/restApi:RestApi` → `apigateway`. */
export const serviceOf = (type: string): string => type.split(":")[1]?.split("/")[0] ?? type;

function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    if (pkg === "tenanttiers") return name ?? type;
    return `${pkg}.${mod?.split("/")[0]}.${name}`;
}

const kindOf = (stack: PlannedStack | PlannedTenantStack): string =>
    "tenant" in stack ? `tenant ${stack.tenant}, ${stack.tier}` : stack.kind;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `78 AWS resources in 10 components, 1 provider, 1 stack reference` (the last two when present). */
function counts(stack: PlannedStack): string {
    const aws = stack.resources.filter(isAwsResource).length;
    const components = stack.resources.filter((r) => !r.custom).length;
    const providers = stack.resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
    const references = stack.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").length;
    return [
        `${plural(aws, "AWS resource")} in ${plural(components, "component")}`,
        ...(providers > 0 ? [plural(providers, "provider")] : []),
        ...(references > 0 ? [plural(references, "stack reference")] : []),
    ].join(", ");
}

/** The summary at the top: per stack, its AWS resources by service, and its account-wide resources. */
export function renderSummary(stacks: readonly (PlannedStack | PlannedTenantStack)[]): string {
    const lines = ["summary: AWS resources by service"];
    for (const stack of stacks) {
        const byService = new Map<string, number>();
        for (const r of stack.resources.filter(isAwsResource)) {
            byService.set(serviceOf(r.type), (byService.get(serviceOf(r.type)) ?? 0) + 1);
        }
        const services = [...byService.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([service, n]) => `${service} ${n}`)
            .join(", ");
        lines.push(`  ${stack.name} (${kindOf(stack)}): ${counts(stack)}`, `    ${services}`);
        for (const r of stack.resources.filter(isAccountWide)) {
            lines.push(`    ${shortType(r.type)} ${r.name}: ${ACCOUNT_WIDE[r.type]}`);
        }
    }
    return lines.join("\n");
}

/** The tree of one stack: components, one line per resource with its key settings. */
export function renderPlan(stack: PlannedStack | PlannedTenantStack): string {
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of stack.resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines = [`stack ${stack.name} (${kindOf(stack)}): ${counts(stack)}`];
    const walk = (parent: string | null, depth: number) => {
        const list = (children.get(parent) ?? []).sort(
            (a, b) =>
                Number(a.custom) - Number(b.custom) ||
                a.type.localeCompare(b.type) ||
                a.name.localeCompare(b.name),
        );
        for (const r of list) {
            const indent = "  ".repeat(depth + 1);
            if (r.custom) {
                const settings = [summarize(r), isAccountWide(r) ? "[account-wide]" : ""]
                    .filter((s) => s !== "")
                    .join(" ");
                lines.push(
                    `${indent}${shortType(r.type)} ${r.name}${settings === "" ? "" : `  ${settings}`}`,
                );
            } else {
                lines.push(`${indent}${shortType(r.type)} ${r.name}`);
                walk(r.name, depth + 1);
            }
        }
    };
    walk(null, 0);
    return lines.join("\n");
}
