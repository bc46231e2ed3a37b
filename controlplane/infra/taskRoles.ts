/**
 * The control plane's IAM roles: one task execution role (ECS pulls the image, writes logs, reads
 * the Pulumi token) and one task role per service, each with one inline policy built by a pure
 * function (`apiPolicy`, `workerPolicy`, `executionPolicy`), so tests read exactly what is deployed.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyDocument } from "../../components/policies/document";
import { policyJson } from "../../components/shared/json";
import type { TenantTags } from "../../components/shared/tags";
import { taskTrust } from "./taskTrust";

export interface TaskRoleArgs {
    readonly description: string;
    readonly partition: pulumi.Input<string>;
    readonly account: pulumi.Input<string>;
    readonly region: string;
    readonly policy: pulumi.Output<PolicyDocument>;
    readonly tags: TenantTags;
}

/** A role ECS tasks of this account and region assume, with one inline policy. */
export class TaskRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: TaskRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:TaskRole", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                description: args.description,
                assumeRolePolicy: policyJson({ partition: args.partition, account: args.account }, (r) =>
                    taskTrust(r.partition, r.account, args.region),
                ),
                maxSessionDuration: 3600,
                tags: { ...args.tags },
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            { role: this.role.id, policy: args.policy.apply((document) => JSON.stringify(document)) },
            { parent: this },
        );
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
