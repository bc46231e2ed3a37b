import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TenantRegistryEntry } from "../../tiers/registry";
import type { TenantSpec } from "../../tiers/tenantSpec";
import type { TenantTags } from "../shared/tags";
import { TENANT_ID_ATTRIBUTE } from "../platform/tenantIdentity";
import { tenantPrefix } from "../shared/tenantNaming";

/** Where the runtime finds a tenant: what the registry entry points at. */
export interface TenantPlacement {
    /** The function serving the tenant (the pooled function, or the premium tenant's own). */
    readonly functionName: pulumi.Input<string>;
    /** The table holding the tenant's items (the pooled table, or the premium tenant's own). */
    readonly tableName: pulumi.Input<string>;
    /** Premium only: the tenant's own key. */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Silo tenants only. */
    readonly siloAccountId?: string;
    /** Silo tenants only: the second hop. */
    readonly siloDataRoleArn?: pulumi.Input<string>;
}

export interface TenantMembershipArgs {
    readonly spec: TenantSpec;
    /** Tags of the taggable resources (the API key). */
    readonly tags: TenantTags;
    /** The platform's tenant registry table. */
    readonly registryTableName: pulumi.Input<string>;
    /** The platform's user pool. */
    readonly userPoolId: pulumi.Input<string>;
    /** The usage plan the tenant's API key joins (the platform's pooled plan, or a premium tenant's own). */
    readonly usagePlanId: pulumi.Input<string>;
    readonly placement: TenantPlacement;
}

/** The registry entry as a DynamoDB item in attribute-value JSON (`aws.dynamodb.TableItem`'s `item`). */
export function registryItem(entry: TenantRegistryEntry): string {
    const item: Record<string, { S: string }> = {};
    for (const [key, value] of Object.entries(entry)) {
        if (value !== undefined) item[key] = { S: String(value) };
    }
    return JSON.stringify(item);
}

/**
 * What makes a tenant a member of the platform, whatever its tier: its registry entry, an API key
 * on its tier's usage plan, a Cognito group and its first administrator, whose immutable
 * `custom:tenantId` is what the authorizer trusts. Both tier components create it under the same
 * name, so a tier change updates these resources instead of replacing them.
 */
export class TenantMembership extends pulumi.ComponentResource {
    public readonly apiKey: aws.apigateway.ApiKey;
    public readonly registryEntry: aws.dynamodb.TableItem;
    public readonly group: aws.cognito.UserGroup;
    public readonly admin: aws.cognito.User;
    public readonly apiKeyId: pulumi.Output<string>;

    constructor(name: string, args: TenantMembershipArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:TenantMembership", name, {}, opts);
        const { spec, placement } = args;
        const parent = { parent: this };

        this.apiKey = new aws.apigateway.ApiKey(
            `${name}-api-key`,
            {
                name: tenantPrefix(spec.environment, spec.tenantId),
                description: `API key of tenant ${spec.tenantId} (${spec.environment}); the authorizer hands it to API Gateway`,
                enabled: true,
                tags: { ...args.tags },
            },
            parent,
        );
        new aws.apigateway.UsagePlanKey(
            `${name}-plan-key`,
            { keyId: this.apiKey.id, keyType: "API_KEY", usagePlanId: args.usagePlanId },
            parent,
        );

        this.group = new aws.cognito.UserGroup(
            `${name}-group`,
            {
                userPoolId: args.userPoolId,
                name: `tenant-${spec.tenantId}`,
                description: `Users of tenant ${spec.tenantId}`,
            },
            parent,
        );
        this.admin = new aws.cognito.User(
            `${name}-admin`,
            {
                userPoolId: args.userPoolId,
                username: spec.adminEmail,
                attributes: {
                    email: spec.adminEmail,
                    email_verified: "true",
                    // The provider prefixes custom attributes: this is `custom:tenantId`, immutable once set.
                    [TENANT_ID_ATTRIBUTE]: spec.tenantId,
                },
                desiredDeliveryMediums: ["EMAIL"],
            },
            parent,
        );
        new aws.cognito.UserInGroup(
            `${name}-admin-group`,
            { userPoolId: args.userPoolId, groupName: this.group.name, username: this.admin.username },
            parent,
        );

        const item = pulumi
            .all([
                this.apiKey.id,
                placement.functionName,
                placement.tableName,
                placement.kmsKeyArn,
                placement.siloDataRoleArn,
            ])
            .apply(([apiKeyId, functionName, tableName, kmsKeyArn, siloDataRoleArn]) =>
                registryItem({
                    tenantId: spec.tenantId,
                    tier: spec.tier,
                    status: spec.status,
                    createdAt: spec.createdAt,
                    apiKeyId,
                    functionName,
                    tableName,
                    kmsKeyArn,
                    siloAccountId: placement.siloAccountId,
                    siloDataRoleArn,
                }),
            );
        this.registryEntry = new aws.dynamodb.TableItem(
            `${name}-registry-entry`,
            { tableName: args.registryTableName, hashKey: "tenantId", item },
            parent,
        );

        this.apiKeyId = this.apiKey.id;
        this.registerOutputs({ apiKeyId: this.apiKeyId });
    }
}
