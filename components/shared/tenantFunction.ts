import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_HANDLER, bundleArchive, type RuntimeEntry } from "./bundle";
import { policyJson } from "./json";
import { functionLogGroupName, nodeMajorOf } from "./naming";
import { functionLogPolicy, serviceTrust } from "../policies";
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
    /**
     * Run as this existing execution role instead of creating one. Premium functions run as the
     * platform's tenant execution role, the one role the tenant access role trusts, so that trust
     * never lists tenants. The role must already be allowed to write this function's log group
     * (see `sharedLogGroupArns`). Unset: the component creates a role that can only write logs and traces.
     */
    readonly executionRoleArn?: pulumi.Input<string>;
    /**
     * Log groups (ARNs, wildcards allowed) of other functions that run as this function's role;
     * its log policy covers them too. Ignored with `executionRoleArn`.
     */
    readonly sharedLogGroupArns?: readonly pulumi.Input<string>[];
}

/**
 * A Lambda function bundled from `runtime/`, with its own log group (JSON logs, retention), an
 * execution role that can only write those logs and traces, and X-Ray tracing. Whoever needs the
 * role to do more attaches that explicitly, so every grant is visible where it is made.
 */
export class TenantFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    private readonly ownRole: aws.iam.Role | undefined;
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

        const logPolicies: pulumi.Resource[] = [];
        let roleArn: pulumi.Output<string>;
        if (args.executionRoleArn !== undefined) {
            roleArn = pulumi.output(args.executionRoleArn);
        } else {
            this.ownRole = new aws.iam.Role(
                `${name}-role`,
                {
                    description: `Execution role of the ${args.environment} ${args.functionName} function (logs and traces only)`,
                    assumeRolePolicy: JSON.stringify(serviceTrust("lambda.amazonaws.com")),
                    tags: { ...args.tags },
                },
                parent,
            );
            logPolicies.push(
                new aws.iam.RolePolicy(
                    `${name}-logs-policy`,
                    {
                        role: this.ownRole.name,
                        policy: policyJson(
                            {
                                logGroupArn: this.logGroup.arn,
                                shared: pulumi.output(args.sharedLogGroupArns ?? []),
                            },
                            (r) => functionLogPolicy(r.logGroupArn, ...r.shared),
                        ),
                    },
                    parent,
                ),
            );
            roleArn = this.ownRole.arn;
        }

        this.function = new aws.lambda.Function(
            `${name}-function`,
            {
                description: `tenant-tiers ${args.environment} ${args.functionName}`,
                role: roleArn,
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
            { parent: this, dependsOn: logPolicies },
        );

        this.functionArn = this.function.arn;
        this.functionName = this.function.name;
        this.invokeArn = this.function.invokeArn;
        this.roleArn = roleArn;
        this.registerOutputs({
            functionArn: this.functionArn,
            functionName: this.functionName,
            roleArn: this.roleArn,
            logGroupName: this.logGroup.name,
        });
    }

    /**
     * The execution role this component created. A function given an `executionRoleArn` has none:
     * asking for it is a wiring mistake, reported at once.
     */
    get role(): aws.iam.Role {
        if (this.ownRole === undefined) {
            throw new Error(
                "this function runs as an existing execution role (executionRoleArn): grant permissions to that role where it is created",
            );
        }
        return this.ownRole;
    }
}
