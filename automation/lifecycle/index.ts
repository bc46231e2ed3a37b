/**
 * The tenant lifecycle on the Pulumi Automation API: the operations a signup service, an operator
 * or a worker runs, each on a validated input with an injected workspace factory. See
 * docs/lifecycle.md for the progress record and what each operation does when re-run.
 */
export { changeTier, type ChangeTierInput, checkChangeTierInput } from "./changeTier";
export {
    DEFAULT_LIFECYCLE_RETRY,
    type LifecycleAws,
    type LifecycleDeps,
    type LifecycleRetry,
} from "./context";
export * from "./errors";
export type { LifecycleEvent } from "./events";
export { list, type TenantListEntry } from "./list";
export {
    localWorkspaceFactory,
    type LocalWorkspaceFactoryOptions,
    TENANT_GUARD_PACK,
} from "./localWorkspace";
export { checkOffboardInput, offboard, type OffboardInput } from "./offboard";
export { purge, type PurgeInput, type PurgeResult } from "./purgeOffboarded";
export * from "./record";
export { remoteWorkspaceFactory, type RemoteOptions } from "./remoteWorkspace";
export { resume } from "./resume";
export { checkSignupInput, signup, type SignupInput } from "./signup";
export type { SiloRequest } from "./silo";
export {
    type ChainedSiloClientOptions,
    chainedSiloClients,
    type SiloChain,
    type SiloClientFactory,
    type SiloClients,
} from "./siloClients";
export { status, type TenantStatusReport } from "./status";
export type { TenantInput } from "./statusChange";
export { suspend } from "./suspend";
export { type LifecycleResult, parseTenantRef } from "./tenant";
export { CognitoTenantUsers, type TenantUser, type TenantUserDirectory } from "./tenantUsers";
export { RegistryTombstones, type TombstoneStore } from "./tombstones";
export type * from "./workspace";
