/**
 * The `awsx` component provider double: answers the engine's `Construct` for the awsx components
 * our programs use with the outputs those programs consume (ids, ARNs, URLs in AWS formats, from
 * plan/awsxState.ts, so the engine and the offline plan agree), and journals every construct. It
 * registers each component without children: what awsx would create inside (subnets, route tables,
 * the load balancer, the task definition) is awsx's business, not ours, and the real provider is
 * not buildable here.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { journalValue, record } from "../awsDouble/journal";
import { awsxMockState } from "../../plan/awsxState";

/** The outputs each component type answers (what `plan/awsxState.ts` computes for it). */
export const COMPONENT_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
    "awsx:ec2:Vpc": ["vpcId", "privateSubnetIds", "publicSubnetIds", "isolatedSubnetIds"],
    "awsx:ecr:Repository": ["url", "repository"],
    "awsx:ecr:Image": ["imageUri"],
    "awsx:lb:ApplicationLoadBalancer": ["loadBalancer", "defaultTargetGroup"],
    "awsx:ecs:FargateService": ["service", "taskDefinition"],
    "awsx:cloudtrail:Trail": ["trail", "logGroup"],
};

/** A component whose outputs are given (the SDK lets only a subclass register them). */
class AnsweredComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, state: pulumi.Inputs, options: pulumi.ComponentResourceOptions) {
        super(type, name, {}, options);
        this.registerOutputs(state);
    }
}

/** What the SDK's outputs hold beyond their public type: whether the value is known, and the value. */
interface OutputInternals {
    readonly isKnown: Promise<boolean>;
    promise(): Promise<unknown>;
}

/** The inputs as plain values; one that is not known yet (a preview) is `"[unknown]"`. */
async function knownInputs(inputs: pulumi.Inputs): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
        Object.entries(inputs).map(async ([key, value]) => {
            const output = pulumi.output(value) as unknown as OutputInternals;
            return [key, (await output.isKnown) ? await output.promise() : "[unknown]"] as const;
        }),
    );
    return Object.fromEntries(entries);
}

const account = () => process.env.TENANT_TIERS_AWS_DOUBLE_ACCOUNT ?? "123456789012";
const region = () => process.env.TENANT_TIERS_AWS_DOUBLE_REGION ?? "eu-west-1";

export function awsxDouble(version: string): provider.Provider {
    return {
        version,

        async construct(
            name: string,
            type: string,
            inputs: pulumi.Inputs,
            options: pulumi.ComponentResourceOptions,
        ) {
            const keys = COMPONENT_OUTPUTS[type];
            if (keys === undefined) {
                throw new Error(
                    `awsx provider double: component ${type} is not known; teach it in engine/awsxDouble/components.ts and plan/awsxState.ts`,
                );
            }
            record({ op: "construct", type, name, inputs: journalValue(await knownInputs(inputs)) });
            // Unknown inputs (a preview before the repository exists) leave the outputs that depend on them unknown.
            const all = pulumi
                .output(inputs)
                .apply(
                    (resolved) =>
                        awsxMockState(type, name, resolved as Record<string, unknown>, account(), region()) ??
                        {},
                );
            const state = Object.fromEntries(keys.map((key) => [key, all.apply((s) => s[key])]));
            const component = new AnsweredComponent(type, name, state, options);
            return { urn: component.urn, state };
        },
    };
}
