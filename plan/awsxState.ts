/**
 * What the awsx provider answers for the `@pulumi/awsx` components programs use, under mocks: the
 * outputs the rest of a program consumes (ids, ARNs, URLs), in AWS formats, derived from the
 * component's name and inputs so they are stable from run to run. awsx components are remote
 * components: the mock runtime sees each as one resource and never their children.
 */
import { createHash } from "node:crypto";

const hex = (seed: string, length: number) =>
    createHash("sha256").update(seed).digest("hex").slice(0, length);

/** The outputs of an awsx component, or `undefined` when `type` is not one. */
export function awsxMockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    account: string,
    region: string,
): Record<string, unknown> | undefined {
    switch (type) {
        case "awsx:ec2:Vpc": {
            const zones = (inputs.numberOfAvailabilityZones as number | undefined) ?? 3;
            const specs = (inputs.subnetSpecs as { type: string }[] | undefined) ?? [
                { type: "Private" },
                { type: "Public" },
            ];
            const subnets = (kind: string) =>
                specs.some((s) => s.type === kind)
                    ? Array.from({ length: zones }, (_, i) => `subnet-${hex(`${name}-${kind}-${i}`, 17)}`)
                    : [];
            return {
                vpcId: `vpc-${hex(name, 17)}`,
                privateSubnetIds: subnets("Private"),
                publicSubnetIds: subnets("Public"),
                isolatedSubnetIds: subnets("Isolated"),
            };
        }
        case "awsx:ecr:Repository": {
            const repository = (inputs.name as string | undefined) ?? name;
            return {
                url: `${account}.dkr.ecr.${region}.amazonaws.com/${repository}`,
                repository: {
                    name: repository,
                    arn: `arn:aws:ecr:${region}:${account}:repository/${repository}`,
                },
            };
        }
        case "awsx:ecr:Image":
            return { imageUri: `${String(inputs.repositoryUrl)}@sha256:${hex(name, 64)}` };
        case "awsx:lb:ApplicationLoadBalancer": {
            const lbName = (inputs.name as string | undefined) ?? name;
            const tg = inputs.defaultTargetGroup as { name?: string } | undefined;
            const tgName = tg?.name ?? `${name}-tg`;
            const internal = inputs.internal === true ? "internal-" : "";
            return {
                loadBalancer: {
                    name: lbName,
                    arn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${lbName}/${hex(lbName, 16)}`,
                    dnsName: `${internal}${lbName}-${hex(lbName, 10)}.${region}.elb.amazonaws.com`,
                },
                defaultTargetGroup: {
                    name: tgName,
                    arn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${tgName}/${hex(tgName, 16)}`,
                },
            };
        }
        case "awsx:ecs:FargateService": {
            const serviceName = (inputs.name as string | undefined) ?? name;
            return {
                service: {
                    name: serviceName,
                    arn: `arn:aws:ecs:${region}:${account}:service/${serviceName}`,
                },
                taskDefinition: { arn: `arn:aws:ecs:${region}:${account}:task-definition/${serviceName}:1` },
            };
        }
        case "awsx:cloudtrail:Trail": {
            const trailName = (inputs.name as string | undefined) ?? name;
            const group = inputs.cloudWatchLogsGroup as { args?: { name?: string } } | undefined;
            const groupName = group?.args?.name ?? `${name}-log-group`;
            return {
                trail: { name: trailName, arn: `arn:aws:cloudtrail:${region}:${account}:trail/${trailName}` },
                logGroup: {
                    name: groupName,
                    arn: `arn:aws:logs:${region}:${account}:log-group:${groupName}`,
                },
            };
        }
        default:
            return undefined;
    }
}
