/**
 * Builds least-privilege IAM policy documents from a plan: the actions of exactly the AWS resource
 * types the planned stacks create (see {@link RESOURCE_ACTIONS}), one statement per service.
 * Resources created through a silo account's provider are the silo bootstrap role's business, not
 * the deployer's: the deployer gets `sts:AssumeRole` on exactly those roles instead.
 */
import type { PlannedResource, PlannedStack } from "../plan/mockRuntime";
import {
    ASSUME_ROLE_ACTIONS,
    COMPONENT_CHILD_TYPES,
    PROVIDER_ACTIONS,
    RESOURCE_ACTIONS,
} from "./permissions";

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: string | readonly string[];
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

/** A planned AWS resource type with no entry in {@link RESOURCE_ACTIONS}. */
export class UnmappedResourceTypeError extends Error {
    override readonly name = "UnmappedResourceTypeError";
}

const isAwsResource = (r: PlannedResource): boolean =>
    (r.custom && r.type.startsWith("aws:")) || r.type.startsWith("awsx:");

/** The AWS resource types a planned resource stands for: itself, or an awsx component's children. */
function typesOf(r: PlannedResource): readonly string[] {
    if (!r.type.startsWith("awsx:")) return [r.type];
    const children = COMPONENT_CHILD_TYPES[r.type];
    if (children === undefined) {
        throw new UnmappedResourceTypeError(
            `component type ${r.type} has no child types in deployer/permissions.ts COMPONENT_CHILD_TYPES; list the AWS resource types it creates`,
        );
    }
    return children;
}

const sid = (service: string): string =>
    service
        .split(/[^A-Za-z0-9]/)
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
        .join("");

function statementsFor(types: ReadonlySet<string>, extra: readonly string[]): PolicyStatement[] {
    const unmapped = [...types].filter((t) => !Object.hasOwn(RESOURCE_ACTIONS, t)).sort();
    if (unmapped.length > 0) {
        throw new UnmappedResourceTypeError(
            `resource types ${unmapped.join(", ")} have no IAM actions in deployer/permissions.ts; add the provider's create/read/update/delete actions for each`,
        );
    }
    const byService = new Map<string, Set<string>>();
    for (const action of [...extra, ...[...types].flatMap((t) => RESOURCE_ACTIONS[t] ?? [])]) {
        const service = action.slice(0, action.indexOf(":"));
        const set = byService.get(service) ?? new Set<string>();
        set.add(action);
        byService.set(service, set);
    }
    return [...byService.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, actions]) => ({
            Sid: sid(service),
            Effect: "Allow",
            Action: [...actions].sort(),
            Resource: "*",
        }));
}

/** Names of the explicit providers that assume a role, with the role ARNs. */
function assumingProviders(stacks: readonly PlannedStack[]): Map<string, string[]> {
    const providers = new Map<string, string[]>();
    for (const stack of stacks) {
        for (const r of stack.resources) {
            if (r.type !== "pulumi:providers:aws") continue;
            const raw = r.inputs.assumeRoles ?? r.inputs.assumeRole;
            if (raw === undefined) continue;
            const parsed: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
            const roles = (Array.isArray(parsed) ? parsed : [parsed]) as { roleArn?: string }[];
            providers.set(
                `${stack.name}/${r.name}`,
                roles.map((role) => role.roleArn).filter((a): a is string => typeof a === "string"),
            );
        }
    }
    return providers;
}

const viaProvider = (stack: PlannedStack, r: PlannedResource, providers: Map<string, string[]>): boolean =>
    r.provider !== undefined && providers.has(`${stack.name}/${r.provider}`);

/**
 * The policy for the identity that runs `pulumi up` of the given stacks in the platform account:
 * the actions of every AWS resource type created there, and `sts:AssumeRole` on each silo bootstrap role.
 */
export function deployerPolicy(stacks: readonly PlannedStack[]): PolicyDocument {
    const providers = assumingProviders(stacks);
    const types = new Set<string>();
    for (const stack of stacks) {
        for (const r of stack.resources)
            if (isAwsResource(r) && !viaProvider(stack, r, providers))
                for (const t of typesOf(r)) types.add(t);
    }
    const statements = statementsFor(types, PROVIDER_ACTIONS);
    const roles = [...new Set([...providers.values()].flat())].sort();
    if (roles.length > 0) {
        statements.push({
            Sid: "AssumeSiloBootstrapRoles",
            Effect: "Allow",
            Action: [...ASSUME_ROLE_ACTIONS],
            Resource: roles,
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The policy the silo bootstrap role (in each silo account) needs: the actions of the AWS resource
 * types created through a silo account's provider. `null` when the stacks have no silo tenant.
 */
export function siloBootstrapPolicy(stacks: readonly PlannedStack[]): PolicyDocument | null {
    const providers = assumingProviders(stacks);
    const types = new Set<string>();
    for (const stack of stacks) {
        for (const r of stack.resources)
            if (isAwsResource(r) && viaProvider(stack, r, providers))
                for (const t of typesOf(r)) types.add(t);
    }
    if (types.size === 0) return null;
    return { Version: "2012-10-17", Statement: statementsFor(types, PROVIDER_ACTIONS) };
}
