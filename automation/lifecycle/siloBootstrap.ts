/**
 * The bootstrap part of the silo step: deploy the silo account's bootstrap stack (the role tenant
 * stacks assume, and the account's permissions boundary) through the organization's access role.
 * Recorded in the lifecycle record before the stack's `up` and after it; a re-run after a crash
 * runs the (idempotent) `up` again, and a recorded `done` for the same account is skipped.
 */
import { DEFAULT_BOOTSTRAP_ROLE_NAME } from "../../tiers/tenantSpec";
import type { TenantId } from "../../tiers/tenantId";
import { parseAccessRoleName, type SiloBootstrapArgs } from "../bootstrap/args";
import { resolveDeployer } from "../bootstrap/deployer";
import type { LifecycleDeps, OperationRun } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError } from "./errors";
import { fromEngineEvent } from "./events";
import type { BootstrapRecord } from "./record";
import type { TenantWorkspaceFactory } from "./workspace";

/** The silo account the bootstrap deploys into. */
export interface BootstrapTarget {
    readonly accountId: string;
    readonly organizationId: string;
}

/** Refuses a run that could not bootstrap, before anything (an account) is created. */
export function checkBootstrapPossible(deps: LifecycleDeps): void {
    if (deps.workspaces.openBootstrap === undefined) {
        throw new InvalidLifecycleInputError(
            "workspaces",
            undefined,
            "bootstrapping a silo account needs a workspace factory that runs inline programs (the local one)",
        );
    }
    parseAccessRoleName(deps.bootstrap?.accessRoleName);
    if (deps.bootstrap?.deployerArn === undefined && deps.aws?.sts === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.sts",
            undefined,
            "bootstrapping a silo account needs the deployer's role ARN or an STS client to read the caller's identity",
        );
    }
}

/** `<environment>` of the tenant stack `<environment>-<tenantId>`. */
function environmentOf(run: OperationRun, tenantId: TenantId): string {
    const suffix = `-${tenantId}`;
    const name = run.ws.stackName;
    if (!name.endsWith(suffix) || name.length === suffix.length) {
        throw new LifecycleStateError(
            `stack ${name} is not named <environment>-${tenantId}: cannot name its bootstrap stack; nothing was changed`,
        );
    }
    return name.slice(0, -suffix.length);
}

function stringOutput(outputs: Readonly<Record<string, unknown>>, key: string, stackName: string): string {
    const value = outputs[key];
    if (typeof value !== "string") {
        throw new LifecycleStateError(
            `bootstrap stack ${stackName} has no ${key} output after its update (got ${JSON.stringify(value)}): check it with pulumi stack output --stack ${stackName}`,
        );
    }
    return value;
}

/** Deploys the silo account's bootstrap stack, or skips it when the record says it is done. */
export async function bootstrapSilo(
    run: OperationRun,
    tenantId: TenantId,
    target: BootstrapTarget,
): Promise<BootstrapRecord> {
    const recorded = run.record.bootstrap;
    if (recorded?.state === "done" && recorded.accountId === target.accountId) {
        run.step("bootstrap", "skipped", `role ${recorded.roleArn ?? recorded.roleName} already recorded`);
        return recorded;
    }
    checkBootstrapPossible(run.deps);
    const factory = run.deps.workspaces as Required<Pick<TenantWorkspaceFactory, "openBootstrap">>;
    const environment = environmentOf(run, tenantId);
    // A bootstrap that started keeps its access role and deployer unless the settings name others:
    // resuming from another identity must not hand the role's trust to that identity.
    const resumed =
        recorded?.state === "started" && recorded.accountId === target.accountId ? recorded : undefined;
    const settings = run.deps.bootstrap;
    const accessRoleName = parseAccessRoleName(settings?.accessRoleName ?? resumed?.accessRoleName);
    const deployerArn =
        settings?.deployerArn === undefined && resumed !== undefined
            ? resumed.deployerArn
            : await resolveDeployer(settings?.deployerArn, run.deps.aws?.sts);
    const args: SiloBootstrapArgs = {
        environment,
        tenantId,
        accountId: target.accountId,
        organizationId: target.organizationId,
        region: run.deps.region,
        accessRoleName,
        bootstrapRoleName: DEFAULT_BOOTSTRAP_ROLE_NAME,
        deployerArn,
    };
    const ws = await factory.openBootstrap({ environment, tenantId });
    const started: BootstrapRecord = {
        state: "started",
        accountId: target.accountId,
        stackName: ws.stackName,
        accessRoleName,
        roleName: args.bootstrapRoleName,
        deployerArn,
    };
    run.step(
        "bootstrap",
        "started",
        `stack ${ws.stackName}: role ${args.bootstrapRoleName} in ${target.accountId} through ${accessRoleName}, trusting ${deployerArn}`,
    );
    await run.save({ bootstrap: started });
    const up = await ws.up(args, {
        onEvent: (event) => {
            const mapped = fromEngineEvent(tenantId, event);
            if (mapped !== undefined) run.emit(mapped);
        },
    });
    const done: BootstrapRecord = {
        ...started,
        state: "done",
        roleArn: stringOutput(up.outputs, "roleArn", ws.stackName),
        boundaryArn: stringOutput(up.outputs, "boundaryArn", ws.stackName),
    };
    await run.save({ bootstrap: done });
    run.done.push(
        `silo account ${target.accountId} bootstrapped (stack ${ws.stackName}, role ${done.roleArn})`,
    );
    run.step("bootstrap", "done", done.roleArn);
    return done;
}
