/**
 * The bootstrap stack's inline program: through the organization's access role in the silo account
 * (a provider that assumes it and refuses any other account), the account's permissions boundary,
 * and the bootstrap role that tenant stacks assume, trusting only the deployer for this tenant,
 * carrying the boundary, with the permissions of docs/silo-accounts.md as an inline policy.
 */
import * as aws from "@pulumi/aws";
import {
    bootstrapPermissions,
    bootstrapTrust,
    SILO_BOUNDARY_POLICY_NAME,
    siloBoundary,
} from "../../components/policies";
import { TAG_KEYS } from "../../components/shared/tags";
import { bootstrapSessionName, type SiloBootstrapArgs } from "./args";

/** The inline program of one tenant's bootstrap stack. */
export function siloBootstrapProgram(args: SiloBootstrapArgs) {
    return async (): Promise<Record<string, unknown>> => {
        const { accountId } = args;
        const provider = new aws.Provider("silo-access", {
            region: args.region,
            allowedAccountIds: [accountId],
            assumeRoles: [
                {
                    roleArn: `arn:aws:iam::${accountId}:role/${args.accessRoleName}`,
                    sessionName: bootstrapSessionName(args.environment, args.tenantId),
                },
            ],
        });
        const inSilo = { provider };
        const tags = { [TAG_KEYS.tenantId]: args.tenantId, [TAG_KEYS.environment]: args.environment };
        const boundary = new aws.iam.Policy(
            "silo-boundary",
            {
                name: SILO_BOUNDARY_POLICY_NAME,
                description: "tenant-tiers: the most the bootstrap role and the roles it creates may do",
                policy: JSON.stringify(siloBoundary(accountId)),
                tags,
            },
            inSilo,
        );
        const role = new aws.iam.Role(
            "bootstrap-role",
            {
                name: args.bootstrapRoleName,
                description: `tenant-tiers: tenant stacks of ${args.tenantId} deploy into this account through this role`,
                assumeRolePolicy: JSON.stringify(
                    bootstrapTrust({
                        deployerArn: args.deployerArn,
                        tenantId: args.tenantId,
                        organizationId: args.organizationId,
                    }),
                ),
                permissionsBoundary: boundary.arn,
                maxSessionDuration: 3600,
                tags,
            },
            inSilo,
        );
        new aws.iam.RolePolicy(
            "bootstrap-permissions",
            {
                role: role.name,
                policy: JSON.stringify(
                    bootstrapPermissions({ accountId, bootstrapRoleName: args.bootstrapRoleName }),
                ),
            },
            inSilo,
        );
        return { accountId, roleArn: role.arn, boundaryArn: boundary.arn };
    };
}
