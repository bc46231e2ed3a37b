/**
 * The silo step of signup: vend a new account (`--silo create`) or check an existing one
 * (`--silo-account`), then record the account before anything is deployed into it. Vending keeps
 * its own record inside the lifecycle record, so a crash while the account is being created
 * resumes polling that request instead of asking for a second account.
 *
 * A vended account (and an existing one with `bootstrap`) is then bootstrapped (siloBootstrap.ts):
 * the role tenant stacks assume is created in it before anything is deployed there.
 */
import { DescribeOrganizationCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { TenantId } from "../../tiers/tenantId";
import {
    checkExistingAccount,
    parseAccountId,
    parseVendingInput,
    vendSiloAccount,
    type VendSiloAccountInput,
} from "../vending/vend";
import type { OperationRun } from "./context";
import { InvalidLifecycleInputError, LifecycleStateError } from "./errors";
import { bootstrapSilo, checkBootstrapPossible } from "./siloBootstrap";

/**
 * A silo account for a premium tenant: a new one (always bootstrapped), or one that exists in the
 * organization (bootstrapped on request; otherwise its bootstrap role must exist already).
 */
export type SiloRequest =
    | { readonly create: Omit<VendSiloAccountInput, "tenantId"> }
    | { readonly accountId: string; readonly bootstrap?: boolean };

/** True when the request's account gets its bootstrap stack. */
export const bootstrapsAccount = (request: SiloRequest): boolean =>
    "create" in request || request.bootstrap === true;

export interface SiloAccountRef {
    readonly accountId: string;
    readonly organizationId: string;
}

/** Validates a silo request (no call made); throws `VendingInputError` or {@link InvalidLifecycleInputError}. */
export function checkSiloRequest(
    tenantId: TenantId,
    request: SiloRequest,
    client: OrganizationsClient | undefined,
): void {
    if ("create" in request) parseVendingInput({ ...request.create, tenantId });
    else parseAccountId(request.accountId);
    if (client === undefined) {
        throw new InvalidLifecycleInputError(
            "aws.organizations",
            undefined,
            "a silo account needs an Organizations client with the management account's credentials",
        );
    }
}

async function organizationIdOf(client: OrganizationsClient): Promise<string> {
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    if (Organization?.Id === undefined) {
        throw new LifecycleStateError(
            "DescribeOrganization returned no organization id: use the management account's credentials",
        );
    }
    return Organization.Id;
}

/**
 * Vends or checks the tenant's silo account and records it with the operation's next step (signup's
 * `deploy`, change-tier's `suspend`); a recorded account is reused as is.
 */
export async function provisionSilo(
    run: OperationRun,
    tenantId: TenantId,
    request: SiloRequest,
    client: OrganizationsClient,
    nextStep = "deploy",
): Promise<SiloAccountRef> {
    const recorded = run.record.silo;
    const bootstrap = bootstrapsAccount(request);
    if (recorded !== undefined) {
        run.step("silo", "skipped", `account ${recorded.accountId} already recorded`);
        if (bootstrap) await bootstrapSilo(run, tenantId, recorded);
        return recorded;
    }
    // Refused before an account is created that could not be bootstrapped.
    if (bootstrap) checkBootstrapPossible(run.deps);
    run.step("silo", "started");
    let accountId: string;
    if ("create" in request) {
        const vended = await vendSiloAccount(
            { ...request.create, tenantId },
            {
                client,
                progress: {
                    get: async () => run.record.vending,
                    put: (vending) => run.save({ vending }),
                },
                onProgress: (event) => run.emit({ type: "vending", tenantId, event }),
                ...(run.deps.sleep === undefined ? {} : { sleep: run.deps.sleep }),
                now: () => run.now().getTime(),
                ...(run.deps.resumeCommand === undefined ? {} : { resumeCommand: run.deps.resumeCommand }),
            },
        );
        accountId = vended.accountId;
        run.done.push(
            `silo account ${accountId} ${vended.outcome === "created" ? "vended" : "vending finished"}`,
        );
    } else {
        const checked = await checkExistingAccount(request.accountId, undefined, { client });
        accountId = checked.accountId;
        run.done.push(`silo account ${accountId} checked (active member of the organization)`);
    }
    const silo = { accountId, organizationId: await organizationIdOf(client) };
    await run.save({ silo, step: nextStep });
    run.step("silo", "done", `account ${accountId} in ${silo.organizationId}`);
    if (bootstrap) await bootstrapSilo(run, tenantId, silo);
    return silo;
}
