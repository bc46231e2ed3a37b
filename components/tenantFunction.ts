import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_HANDLER, bundleArchive, type RuntimeEntry } from "./bundle";
import { policyJson } from "./json";
import { functionLogGroupName, nodeMajorOf } from "./naming";
import { functionLogPolicy, serviceTrust } from "./policies";
import type { TenantTags } from "./tags";

export interface TenantFunctionArgs {
    /** Environment name; part of the log group name. */
    readonly environment: string;
    /** Short function name, unique in the environment (`pooled`, `authorizer`, `premium-acme`). */
    readonly functionName: string;
    /** Which `runtime/` entry point to bundle. */
    readonly entry: RuntimeEntry;
    /** Tags of the function, its role and its log group. */
    readonly tags: TenantTags;
    /**
     * Run in Lambda tenant isolation mode (`PER_TENANT`): one execution environment per tenant.
     * Immutable on AWS: changing it replaces the function.
     */
    readonly tenantIsolation: boolean;
    /** `nodejs22.x` or `nodejs24.x`. */
    readonly runtime: string;
    /** `arm64` or `x86_64`. */
    readonly architecture: string;
    readonly memoryMb: number;
    readonly timeoutSeconds: number;
    /** Reserved concurrency; `undefined` uses the account's unreserved pool. */
    readonly reservedConcurrency?: number;
    readonly logRetentionDays: number;
    /** Environment variables of the function. */
    readonly variables?: Record<string, pulumi.Input<string>>;
}

/**
 * A Lambda function bundled from `runtime/`, with its own log group (JSON logs, retention), an
 * execution role that can only write those logs and traces, and X-Ray tracing. Whoever needs the
 * role to do more attaches that explicitly, so every grant is visible where it is made.
 */
export class TenantFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    public readonly role: aws.iam.Role;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly functionArn: pulumi.Output<string>;
    public readonly functionName: pulumi.Output<string>;
    public readonly invokeArn: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: TenantFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantFunction", name, {}, opts);
        if (args.reservedConcurrency !== undefined && args.reservedConcurrency < 1) {
            throw new Error(
                `reserved concurrency of function "${args.functionName}" is ${args.reservedConcurrency}: use a whole number of at least 1, or leave it unset`,
            );
        }
        const parent = { parent: this };

        this.logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: functionLogGroupName(args.environment, args.functionName),
                retentionInDays: args.logRetentionDays,
                tags: { ...args.tags },
            },
            parent,
        );

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: `Execution role of the ${args.environment} ${args.functionName} function (logs and traces only)`,
                assumeRolePolicy: JSON.stringify(serviceTrust("lambda.amazonaws.com")),
                tags: { ...args.tags },
            },
            parent,
        );

        const logPolicy = new aws.iam.RolePolicy(
            `${name}-logs-policy`,
            {
                role: this.role.name,
                policy: policyJson({ logGroupArn: this.logGroup.arn }, (r) =>
                    functionLogPolicy(r.logGroupArn),
                ),
            },
            parent,
        );

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                description: `tenant-tiers ${args.environment} ${args.functionName}`,
                role: this.role.arn,
                runtime: args.runtime,
                architectures: [args.architecture],
                handler: BUNDLE_HANDLER,
                code: bundleArchive(args.entry, nodeMajorOf(args.runtime)),
                memorySize: args.memoryMb,
                timeout: args.timeoutSeconds,
                reservedConcurrentExecutions: args.reservedConcurrency,
                tenancyConfig: args.tenantIsolation ? { tenantIsolationMode: "PER_TENANT" } : undefined,
                loggingConfig: {
                    logFormat: "JSON",
                    logGroup: this.logGroup.name,
                    applicationLogLevel: "INFO",
                    systemLogLevel: "INFO",
                },
                tracingConfig: { mode: "Active" },
                environment: args.variables === undefined ? undefined : { variables: args.variables },
                tags: { ...args.tags },
            },
            { parent: this, dependsOn: [logPolicy] },
        );

        this.functionArn = this.function.arn;
        this.functionName = this.function.name;
        this.invokeArn = this.function.invokeArn;
        this.roleArn = this.role.arn;
        this.registerOutputs({
            functionArn: this.functionArn,
            functionName: this.functionName,
            roleArn: this.roleArn,
            logGroupName: this.logGroup.name,
        });
    }
}
