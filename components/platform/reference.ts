import * as pulumi from "@pulumi/pulumi";
import type { PlatformOutputs } from "./program";

/** Settings a tenant stack needs as plain values (they decide names and bundling, not just inputs). */
export interface TenantPlatformSettings {
    readonly environment: string;
    readonly region: string;
    readonly tenantFunctionDefaults: {
        readonly runtime: string;
        readonly architecture: string;
        readonly memoryMb: number;
        readonly timeoutSeconds: number;
        readonly logRetentionDays: number;
    };
    /** Default throttling of every tenant API stage (the platform's config `stageRateLimit`/`stageBurstLimit`). */
    readonly apiStageThrottle: { readonly rateLimit: number; readonly burstLimit: number };
}

type StringOutputName = {
    [K in keyof PlatformOutputs]: PlatformOutputs[K] extends pulumi.Output<string> ? K : never;
}[keyof PlatformOutputs];

/** Thrown when the referenced platform stack lacks an output or disagrees with the tenant spec. */
export class PlatformReferenceError extends Error {
    override readonly name = "PlatformReferenceError";
}

/**
 * The platform stack's outputs, read through a `StackReference` and typed by the platform program
 * itself, so a renamed output fails to compile here instead of failing a deployment.
 */
export class PlatformReference {
    readonly stack: pulumi.StackReference;

    /** @param stackName `<organization>/tenant-tiers/<environment>` */
    constructor(
        readonly stackName: string,
        opts?: pulumi.CustomResourceOptions,
    ) {
        this.stack = new pulumi.StackReference("platform", { name: stackName }, opts);
    }

    /** One string output of the platform stack. */
    output(name: StringOutputName): pulumi.Output<string> {
        return this.stack.requireOutput(name) as pulumi.Output<string>;
    }

    /** The platform's usage plan of a tier. */
    usagePlanId(tier: keyof PlatformOutputs["usagePlanIds"]): pulumi.Output<string> {
        return this.stack
            .requireOutput("usagePlanIds")
            .apply((ids: Record<string, string>) => ids[tier] as string);
    }

    /**
     * The settings tenant stacks need as plain values, checked: the platform must be of the tenant's
     * environment and must export them (a platform stack deployed before tenant stacks existed does not).
     */
    async settings(expectedEnvironment: string): Promise<TenantPlatformSettings> {
        const read = async (name: string): Promise<unknown> => {
            const details = await this.stack.getOutputDetails(name);
            if (details.value === undefined) {
                throw new PlatformReferenceError(
                    `platform stack ${this.stackName} has no output "${name}": update the platform stack (pulumi up) before deploying tenant stacks`,
                );
            }
            return details.value;
        };
        const [environment, region, defaults, stageThrottle] = await Promise.all([
            read("environment"),
            read("region"),
            read("tenantFunctionDefaults"),
            read("apiStageThrottle"),
        ]);
        if (environment !== expectedEnvironment) {
            throw new PlatformReferenceError(
                `the referenced platform stack serves environment ${JSON.stringify(environment)}, but the tenant spec says ${JSON.stringify(expectedEnvironment)}: reference the ${expectedEnvironment} platform stack`,
            );
        }
        return Object.freeze({
            environment,
            region: region as string,
            tenantFunctionDefaults: Object.freeze(
                defaults as TenantPlatformSettings["tenantFunctionDefaults"],
            ),
            apiStageThrottle: Object.freeze(stageThrottle as TenantPlatformSettings["apiStageThrottle"]),
        });
    }
}
