/**
 * Runs the tenant-guard policies over planned stacks, the way the Pulumi engine would run them over
 * resource inputs during `pulumi preview`: each policy's `validateResource` with its config, a
 * `reportViolation` that records, and `notApplicable` for resources of other types.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type {
    EnforcementLevel,
    PolicyPackConfig,
    PolicyProviderResource,
    PolicyResource,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { policies as tenantGuardPolicies } from "../policypacks/tenant-guard/policies";
import { type IsolationReport, proveIsolation } from "./isolation/proof";
import type { PlannedResource, PlannedStack } from "./mockRuntime";
import { PROJECT_NAME } from "./stackConfig";

/**
 * The config this repository deploys with (`--policy-pack-config
 * policypacks/tenant-guard/config.example.json`): levels and settings per policy. The platform
 * principals (the authorizer and the router read the tenant registry) are the pack's defaults, so
 * a run without this config judges our stacks alike.
 */
export const DEPLOY_POLICY_CONFIG: PolicyPackConfig = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "policypacks", "tenant-guard", "config.example.json"), "utf8"),
) as PolicyPackConfig;

export interface PolicyViolation {
    readonly policy: string;
    readonly stack: string;
    readonly resource: string;
    readonly message: string;
}

export interface PolicyCheckOptions {
    /**
     * Policy config as `--policy-pack-config` would give it: policy name → level or settings, on top
     * of `DEPLOY_POLICY_CONFIG` (a policy named here replaces its entry there).
     */
    readonly config?: PolicyPackConfig;
    /** @default the tenant-guard policies (resource and stack policies) */
    readonly policies?: readonly AnyPolicy[];
    /** @default PROJECT_NAME, used in URNs */
    readonly project?: string;
}

/** A resource policy (run per resource) or a stack policy (run once per stack). */
export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

export function isStackPolicy(policy: AnyPolicy): policy is StackValidationPolicy {
    return "validateStack" in policy && typeof policy.validateStack === "function";
}

class NotApplicable extends Error {}

function settingsOf(config: PolicyPackConfig | undefined, policy: string): Record<string, unknown> {
    const entry = config?.[policy];
    if (entry === undefined || typeof entry === "string") return {};
    return Object.fromEntries(Object.entries(entry).filter(([key]) => key !== "enforcementLevel"));
}

function levelOf(config: PolicyPackConfig | undefined, policy: AnyPolicy): EnforcementLevel {
    const entry = config?.[policy.name];
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    return configured ?? policy.enforcementLevel ?? "mandatory";
}

/** One resource as the engine shows it to a policy. */
export interface PolicyInput {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    /** The provider resource (its inputs carry `defaultTags`), when known. */
    readonly provider?: PolicyProviderResource;
    readonly urn?: string;
    readonly parent?: string | null;
    readonly protect?: boolean;
}

function argsFor(input: PolicyInput, settings: Record<string, unknown>): ResourceValidationArgs {
    const isType = (cls: object) => (cls as { __pulumiType?: unknown }).__pulumiType === input.type;
    return {
        type: input.type,
        props: input.props,
        urn: input.urn ?? `urn:pulumi:stack::${PROJECT_NAME}::${input.type}::${input.name}`,
        name: input.name,
        opts: {
            protect: input.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            ...(input.parent === undefined || input.parent === null ? {} : { parent: input.parent }),
        },
        ...(input.provider === undefined ? {} : { provider: input.provider }),
        stackTags: new Map(),
        isType,
        asType: (cls) => (isType(cls) ? (input.props as never) : undefined),
        getConfig: <T extends object>() => settings as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/**
 * The messages one policy reports for one resource, with `config` as `--policy-pack-config` would
 * give it (no engine-filled defaults: the policy applies its own). An error other than "not
 * applicable" propagates, as the engine would fail the preview.
 */
export async function runPolicy(
    policy: ResourceValidationPolicy,
    input: PolicyInput,
    config?: PolicyPackConfig,
): Promise<string[]> {
    if (levelOf(config, policy) === "disabled" || policy.validateResource === undefined) return [];
    const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    const args = argsFor(input, settingsOf(config, policy.name));
    const messages: string[] = [];
    for (const validate of validations) {
        try {
            await validate(args, (message: string) => {
                messages.push(message);
            });
        } catch (err) {
            if (!(err instanceof NotApplicable)) throw err;
        }
    }
    return messages;
}

/** One stack policy finding: the message and the URN of the resource it names (unset: the stack). */
export interface StackFinding {
    readonly message: string;
    readonly urn?: string;
}

/** One resource as the engine shows it to a stack policy. */
export function policyResourceOf(input: PolicyInput): PolicyResource {
    const args = argsFor(input, {});
    const isType = (cls: object) => (cls as { __pulumiType?: unknown }).__pulumiType === input.type;
    return {
        type: args.type,
        props: args.props,
        urn: args.urn,
        name: args.name,
        opts: args.opts,
        ...(args.provider === undefined ? {} : { provider: args.provider }),
        dependencies: [],
        propertyDependencies: {},
        isType,
        asType: (cls) => (isType(cls) ? (input.props as never) : undefined),
    };
}

/**
 * What one stack policy reports for a stack's resources (their outputs, as the engine passes them
 * to `validateStack` at `pulumi up`; build them with `policyResourceOf`), with `config` as
 * `--policy-pack-config` would give it.
 */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: PolicyResource[],
    config?: PolicyPackConfig,
): Promise<StackFinding[]> {
    if (levelOf(config, policy) === "disabled") return [];
    const settings = settingsOf(config, policy.name);
    const findings: StackFinding[] = [];
    try {
        await policy.validateStack(
            {
                // The same array for every stack policy: the shared analysis is computed once per stack.
                resources,
                stackTags: new Map(),
                getConfig: <T extends object>() => settings as T,
                notApplicable: (reason?: string): never => {
                    throw new NotApplicable(reason);
                },
            },
            (message: string, urn?: string) => {
                findings.push(urn === undefined ? { message } : { message, urn });
            },
        );
    } catch (err) {
        if (!(err instanceof NotApplicable)) throw err;
    }
    return findings;
}

/** The explicit provider a planned resource is created with (its inputs carry `defaultTags`), if any. */
function providerOf(
    stack: PlannedStack,
    resource: PlannedResource,
    project: string,
): PolicyProviderResource | undefined {
    const name = (resource as PlannedResource & { readonly provider?: string }).provider;
    if (name === undefined) return undefined;
    const provider = stack.resources.find((r) => r.name === name && r.type.startsWith("pulumi:providers:"));
    if (provider === undefined) return undefined;
    return {
        type: provider.type,
        name: provider.name,
        urn: `urn:pulumi:${stack.name}::${project}::${provider.type}::${provider.name}`,
        props: provider.inputs,
    };
}

/** Every violation of every enabled policy over every resource of `stacks`, in plan order. */
export async function checkPolicies(
    stacks: readonly PlannedStack[],
    options: PolicyCheckOptions = {},
): Promise<PolicyViolation[]> {
    const violations: PolicyViolation[] = [];
    const project = options.project ?? PROJECT_NAME;
    const config: PolicyPackConfig = { ...DEPLOY_POLICY_CONFIG, ...options.config };
    const inputsOf = new Map<PlannedStack, PolicyInput[]>();
    const resourcesOf = new Map<PlannedStack, PolicyResource[]>();
    for (const stack of stacks) {
        const inputs = stack.resources.map((resource): PolicyInput => {
            const provider = providerOf(stack, resource, project);
            return {
                type: resource.type,
                name: resource.name,
                props: resource.inputs,
                urn: `urn:pulumi:${stack.name}::${project}::${resource.type}::${resource.name}`,
                parent: resource.parent,
                protect: resource.protect,
                ...(provider === undefined ? {} : { provider }),
            };
        });
        inputsOf.set(stack, inputs);
        resourcesOf.set(
            stack,
            inputs.map((input, i) =>
                policyResourceOf({ ...input, props: { ...input.props, ...stack.resources[i]?.outputs } }),
            ),
        );
    }
    for (const policy of options.policies ?? tenantGuardPolicies) {
        for (const stack of stacks) {
            const inputs = inputsOf.get(stack) ?? [];
            if (isStackPolicy(policy)) {
                for (const finding of await runStackPolicy(policy, resourcesOf.get(stack) ?? [], config)) {
                    violations.push({
                        policy: policy.name,
                        stack: stack.name,
                        resource: inputs.find((r) => r.urn === finding.urn)?.name ?? "",
                        message: finding.message,
                    });
                }
                continue;
            }
            for (const input of inputs) {
                for (const message of await runPolicy(policy, input, config)) {
                    violations.push({
                        policy: policy.name,
                        stack: stack.name,
                        resource: input.name,
                        message,
                    });
                }
            }
        }
    }
    return violations;
}

/** What the offline plan adds to its document: the pack's verdict and the isolation proof. */
export interface PlanChecks {
    readonly violations: PolicyViolation[];
    readonly isolation: IsolationReport;
}

/** Runs the tenant-guard policies and the isolation proof over the planned stacks. */
export async function runPlanChecks(stacks: readonly PlannedStack[]): Promise<PlanChecks> {
    return { violations: await checkPolicies(stacks), isolation: await proveIsolation(stacks) };
}

/** The plan's exit code: 1 on any policy violation or isolation failure, else 0. */
export function planChecksExitCode(checks: PlanChecks): number {
    return checks.violations.length > 0 || checks.isolation.failures.length > 0 ? 1 : 0;
}

/** The human-readable summary of both checks, one line each plus one line per problem. */
export function renderPlanChecks(checks: PlanChecks): string {
    const { violations, isolation } = checks;
    const lines = [
        `policy pack tenant-guard: ${violations.length} violation${violations.length === 1 ? "" : "s"}`,
    ];
    for (const v of violations) lines.push(`  [${v.policy}] ${v.stack}/${v.resource}: ${v.message}`);
    const failureCount = isolation.failures.length + (isolation.unlistedFailures ?? 0);
    const { coverage } = isolation;
    const count = (n: number) => n.toLocaleString("en-US");
    lines.push(
        `isolation proof: ${isolation.attempts} attempts, ${isolation.denied} denied, ${isolation.allowed} allowed, ${failureCount} failure${failureCount === 1 ? "" : "s"}`,
        `  pairs covered: ${count(coverage.pairsCovered)} of ${count(coverage.pairs)}, by ${count(coverage.simulatedRequests)} simulated requests over ${count(coverage.documentClasses)} document classes`,
    );
    for (const f of isolation.failures) {
        const detail = f.detail === undefined ? "" : ` (${f.detail})`;
        lines.push(`  tenant ${f.tenant}: expected ${f.expected}, got ${f.result}: ${f.attempt}${detail}`);
    }
    if (isolation.unlistedFailures !== undefined) {
        lines.push(`  ... and ${count(isolation.unlistedFailures)} more failures, not listed`);
    }
    return lines.join("\n");
}
