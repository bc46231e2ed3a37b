import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../shared/json";
import { assumeTenantAccessPolicy, tenantAccessPolicy, tenantAccessTrust } from "../policies";
import type { TenantTags } from "../shared/tags";

export interface TenantAccessRoleArgs {
    /** Execution roles that may assume this role (each with a `TenantId` session tag); they are granted that here. */
    readonly trustedRoles: readonly aws.iam.Role[];
    /** Tables keyed by tenant id that tenants may reach. */
    readonly tenantTableArns: readonly pulumi.Input<string>[];
    readonly bucketArn: pulumi.Input<string>;
    readonly platformKeyArn: pulumi.Input<string>;
    readonly region: string;
    readonly accountId: pulumi.Input<string>;
    readonly tags: TenantTags;
    /**
     * The environment whose premium tenants' own tables and silo data roles the role reaches (by
     * name, from the session tag; see `tenantAccessPolicy`). Unset: the shared stores only.
     */
    readonly environment?: string;
    /**
     * The role that moves tenants' data into and out of silo accounts (`tenantMigrationRoleArn`);
     * trusted under the same `TenantId` tag conditions as the functions. Unset: functions only.
     */
    readonly migrationRoleArn?: string;
}

/**
 * The ABAC role every tenant request runs as: assumed by a tenant function with the session tag
 * `TenantId`, and able to reach only that tenant's partition, prefix and keys. One role serves all
 * tenants; the session tag, not the role, says whose data a session may touch.
 */
export class TenantAccessRole extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: TenantAccessRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantAccessRole", name, {}, opts);
        if (args.trustedRoles.length === 0) {
            throw new Error(`tenant access role "${name}" needs at least one trusted execution role`);
        }
        const parent = { parent: this };

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: "Tenant data access (ABAC on the TenantId session tag)",
                assumeRolePolicy: policyJson({ trusted: args.trustedRoles.map((r) => r.arn) }, (r) =>
                    tenantAccessTrust({
                        trustedRoleArns: r.trusted,
                        ...(args.migrationRoleArn === undefined
                            ? {}
                            : { migrationRoleArn: args.migrationRoleArn }),
                    }),
                ),
                // Sessions assumed from a Lambda execution role are chained and capped at one hour.
                maxSessionDuration: 3600,
                tags: { ...args.tags },
            },
            parent,
        );

        new aws.iam.RolePolicy(
            `${name}-data-policy`,
            {
                role: this.role.name,
                policy: policyJson(
                    {
                        tables: pulumi.output(args.tenantTableArns),
                        bucketArn: args.bucketArn,
                        platformKeyArn: args.platformKeyArn,
                        accountId: args.accountId,
                    },
                    (r) =>
                        tenantAccessPolicy({
                            tenantTableArns: r.tables,
                            bucketArn: r.bucketArn,
                            platformKeyArn: r.platformKeyArn,
                            region: args.region,
                            accountId: r.accountId,
                            environment: args.environment,
                        }),
                ),
            },
            parent,
        );

        args.trustedRoles.forEach((trusted, index) => {
            new aws.iam.RolePolicy(
                `${name}-assume-${index}`,
                {
                    role: trusted.name,
                    policy: policyJson({ arn: this.role.arn }, (r) => assumeTenantAccessPolicy(r.arn)),
                },
                parent,
            );
        });

        this.roleArn = this.role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
