/** What every stack policy starts from: its config with defaults, the shared analysis, the tenant pins. */
import type { StackValidationArgs } from "@pulumi/policy";
import { type TenantPins, tenantPins } from "./abacPattern";
import { configOf } from "./config";
import { analyzeStack, type StackAnalysis, tenantTagOf, type TenantStore } from "./stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig } from "./stackConfig";

export interface StackContext<C extends StackAnalysisConfig> {
    readonly config: C;
    readonly analysis: StackAnalysis;
    readonly pins: TenantPins;
    /** The tenant tag of a key the stack creates, for KMS grants in a tenant stack. */
    readonly keyTenant: (key: TenantStore) => string | undefined;
}

export function stackContext<C extends StackAnalysisConfig>(
    args: Pick<StackValidationArgs, "getConfig" | "resources">,
    defaults: C,
): StackContext<C> {
    const config = configOf(args, defaults);
    // Only the analysis settings key the shared analysis, so policies with other settings share it.
    const analysisConfig = Object.fromEntries(
        Object.keys(STACK_ANALYSIS_DEFAULTS).map((k) => [k, config[k as keyof StackAnalysisConfig]]),
    ) as unknown as StackAnalysisConfig;
    const analysis = analyzeStack(args.resources, analysisConfig);
    return {
        config,
        analysis,
        pins: tenantPins(config.tenantTagKey, analysis.stackTenant),
        keyTenant: (key) =>
            key.resource === undefined ? undefined : tenantTagOf(key.resource, config.tenantTagKey),
    };
}
