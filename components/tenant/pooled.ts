import * as pulumi from "@pulumi/pulumi";
import { tenantTags } from "../shared/tags";
import { TenantMembership } from "./membership";
import {
    POOLED_TENANT_TYPE,
    PREMIUM_TENANT_TYPE,
    type TenantComponentArgs,
    type TenantStackOutputs,
    tierChangeOptions,
} from "./stack";

/**
 * A pooled tenant: its membership only (registry entry pointing at the shared function and table,
 * API key on the platform's pooled usage plan, Cognito group and first admin). Six AWS resources,
 * nothing that costs money while idle, and no function, table or key of its own: the platform's
 * shared ones serve it, kept apart by the `TenantId` session tag.
 */
export class PooledTenant extends pulumi.ComponentResource {
    public readonly membership: TenantMembership;
    public readonly outputs: TenantStackOutputs;

    constructor(name: string, args: TenantComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super(POOLED_TENANT_TYPE, name, {}, tierChangeOptions(opts, PREMIUM_TENANT_TYPE));
        const { spec, platform } = args;
        if (spec.tier !== "pooled") {
            throw new Error(
                `tenant "${spec.tenantId}" has tier "${spec.tier}": a PooledTenant needs tier pooled`,
            );
        }
        const functionName = platform.output("pooledFunctionName");
        const tableName = platform.output("dataTableName");

        this.membership = new TenantMembership(
            `${name}-membership`,
            {
                spec,
                tags: tenantTags(spec.environment, spec.tenantId, "pooled"),
                registryTableName: platform.output("registryTableName"),
                userPoolId: platform.output("userPoolId"),
                usagePlanId: platform.usagePlanId("pooled"),
                placement: { functionName, tableName },
            },
            { parent: this },
        );

        this.outputs = {
            tenantId: spec.tenantId,
            tier: spec.tier,
            apiKeyId: this.membership.apiKeyId,
            apiUrl: platform.output("apiUrl"),
            functionName,
            tableName,
            bucketName: platform.output("bucketName"),
        };
        this.registerOutputs({ apiKeyId: this.membership.apiKeyId });
    }
}
