/**
 * The records of tenants the platform keeps outside tenant stacks: tombstones in the registry
 * table and users in the user pool, found through the platform stack's outputs unless the caller
 * gave its own.
 */
import type { LifecycleDeps } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError } from "./errors";
import { CognitoTenantUsers, type TenantUserDirectory } from "./tenantUsers";
import { RegistryTombstones, type TombstoneStore } from "./tombstones";

async function platformOutput(deps: LifecycleDeps, environment: string, name: string): Promise<string> {
    const value = (await deps.workspaces.platformOutputs(environment))[name];
    if (typeof value !== "string" || value === "") {
        throw new LifecycleStateError(
            `the platform stack of ${environment} has no output "${name}": update the platform stack (pulumi up) first; nothing was changed`,
        );
    }
    return value;
}

/** The tombstones of `environment`. */
export async function tombstonesOf(deps: LifecycleDeps, environment: string): Promise<TombstoneStore> {
    if (deps.tombstones !== undefined) return deps.tombstones;
    const dynamodb = deps.aws?.dynamodb;
    if (dynamodb === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.dynamodb",
            undefined,
            "the registry keeps every tenant id ever used (tombstones): pass a DynamoDB client",
        );
    }
    return new RegistryTombstones(dynamodb, await platformOutput(deps, environment, "registryTableName"));
}

/** The users of tenant ids in `environment`. */
export async function usersOf(deps: LifecycleDeps, environment: string): Promise<TenantUserDirectory> {
    if (deps.users !== undefined) return deps.users;
    const cognito = deps.aws?.cognito;
    if (cognito === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.cognito",
            undefined,
            "offboarding disables, and a purge deletes, the tenant's users: pass a Cognito client",
        );
    }
    return new CognitoTenantUsers(cognito, await platformOutput(deps, environment, "userPoolId"));
}
