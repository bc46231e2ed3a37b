/**
 * The shape shared by commands on one existing tenant (`change-tier`, `suspend`, `resume`,
 * `offboard`, `status`): a `<tenant-id>` argument and the shared options, validated together.
 */
import type { TenantId } from "../../tiers/tenantId";
import { parseTenantRef } from "../lifecycle/tenant";
import { Problems } from "./problems";
import { type CliDeps, type CommonOptions, type EngineSettings, resolveSettings } from "./settings";

export interface ValidTenantCommand {
    readonly tenantId: TenantId;
    readonly settings: EngineSettings;
}

/**
 * Validates the tenant id and the shared options; `more` adds the command's own checks to the
 * same list. Throws `CliInputError` listing every problem.
 */
export function validateTenantCommand(
    tenantId: string,
    options: CommonOptions,
    deps: CliDeps,
    more: (problems: Problems) => void = () => undefined,
): ValidTenantCommand {
    const problems = new Problems();
    const settings = resolveSettings(options, deps, problems);
    const ref = problems.check("<tenant-id>", () => parseTenantRef(tenantId, settings?.environment ?? "dev"));
    more(problems);
    problems.throwIfAny();
    return { tenantId: (ref?.tenantId ?? tenantId) as TenantId, settings: settings as EngineSettings };
}
