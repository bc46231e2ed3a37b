import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TenantId } from "../../tiers/tenantId";
import type { SiloSpec } from "../../tiers/tenantSpec";
import { policyJson } from "../shared/json";
import { siloDataPolicy, siloDataTrust } from "../policies";
import { TAG_KEYS, type TenantTags } from "../shared/tags";
import { siloBoundaryArn, siloDataRoleName, siloDeploySessionName } from "../shared/tenantNaming";
import { TenantStore } from "./store";

export interface SiloAccountArgs {
    readonly environment: string;
    readonly tenantId: TenantId;
    readonly silo: SiloSpec;
    /** The platform's region: the silo's stores live next to the function that uses them. */
    readonly region: string;
    readonly tags: TenantTags;
    /** The platform's tenant access role, the only principal the silo data role trusts. */
    readonly tenantAccessRoleArn: pulumi.Input<string>;
}

/**
 * A premium tenant's own AWS account. Deploys through a provider that assumes the account's
 * bootstrap role with the session tag `TenantId` (transitive, so it survives any further hop), and
 * creates there the tenant's key, table and bucket ({@link TenantStore}) and the silo data role:
 * trusted only by the platform's tenant access role, only from a session tagged with this tenant,
 * only inside the organization, and able to reach only this tenant's data.
 */
export class SiloAccount extends pulumi.ComponentResource {
    public readonly provider: aws.Provider;
    public readonly store: TenantStore;
    public readonly dataRole: aws.iam.Role;
    public readonly dataRoleArn: pulumi.Output<string>;

    constructor(name: string, args: SiloAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:components:SiloAccount", name, {}, opts);
        const { environment, tenantId, silo } = args;

        this.provider = new aws.Provider(
            `${name}-provider`,
            {
                region: args.region,
                // Refuse to act if the role chain ever lands in another account.
                allowedAccountIds: [silo.accountId],
                assumeRoles: [
                    {
                        roleArn: `arn:aws:iam::${silo.accountId}:role/${silo.bootstrapRoleName}`,
                        sessionName: siloDeploySessionName(environment, tenantId),
                        tags: { [TAG_KEYS.tenantId]: tenantId },
                        transitiveTagKeys: [TAG_KEYS.tenantId],
                    },
                ],
            },
            { parent: this },
        );
        const inSilo = { parent: this, provider: this.provider };
        // The data role outlives the stack's silo: a tier change out of the silo removes this
        // component in its first `up` and then still reads and cleans the retained stores through
        // the role. It admits only this tenant's sessions, to this tenant's (retained) stores.
        const retained = { ...inSilo, retainOnDelete: true };

        this.store = new TenantStore(
            `${name}-store`,
            { environment, tenantId, tags: args.tags, accountId: silo.accountId },
            { parent: this, providers: [this.provider] },
        );

        this.dataRole = new aws.iam.Role(
            `${name}-data-role`,
            {
                // A fixed name and the TenantId tag: the platform's grant to assume it matches both.
                name: siloDataRoleName(environment, tenantId),
                description: `Data of tenant ${tenantId} in its silo account, for the platform's tenant access role only`,
                assumeRolePolicy: policyJson({ trusted: args.tenantAccessRoleArn }, (r) =>
                    siloDataTrust({
                        tenantAccessRoleArn: r.trusted,
                        tenantId,
                        organizationId: silo.organizationId,
                    }),
                ),
                // A chained session: at most one hour.
                maxSessionDuration: 3600,
                // The bootstrap role may create roles only under the account's boundary.
                permissionsBoundary: siloBoundaryArn(silo.accountId),
                tags: { ...args.tags },
            },
            retained,
        );
        new aws.iam.RolePolicy(
            `${name}-data-policy`,
            {
                role: this.dataRole.name,
                policy: policyJson(
                    {
                        tableArn: this.store.tableArn,
                        bucketArn: this.store.bucketArn,
                        keyArn: this.store.keyArn,
                    },
                    (r) => siloDataPolicy({ tenantId, ...r }),
                ),
            },
            retained,
        );

        this.dataRoleArn = this.dataRole.arn;
        this.registerOutputs({ dataRoleArn: this.dataRoleArn });
    }
}
