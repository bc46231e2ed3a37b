/**
 * The quota pre-check of a whole `signup-batch`: the new tenants' needs added up and checked before
 * any worker starts (each worker checks its own signup too, but signups running at the same time
 * would not see each other). Tenants whose stack exists already are re-runs and need nothing new.
 */
import type { QuotaOperation } from "../quotas/demand";
import { quotaGuard } from "../quotas/guard";
import { stackNameOf } from "../lifecycle/tenant";
import type { BatchJob } from "./batchFile";
import type { CliDeps, EngineSettings } from "./settings";

/** Resolves when the batch's new signups fit together; throws `QuotaExceededError` otherwise. */
export async function checkBatchQuotas(
    file: string,
    jobs: readonly BatchJob[],
    settings: EngineSettings,
    deps: CliDeps,
): Promise<void> {
    if (deps.quotaSources === undefined) return;
    const workspaces = deps.workspaces(settings);
    const existing = new Set((await workspaces.listStacks()).map((stack) => stack.name));
    const fresh = jobs.filter(
        (job) =>
            !existing.has(stackNameOf({ environment: settings.environment, tenantId: job.spec.tenantId })),
    );
    const operations: QuotaOperation[] = fresh.map((job) => ({
        kind: "signup",
        tier: job.spec.tier,
        vendsAccount: job.silo !== undefined && "create" in job.silo,
    }));
    const count = (match: (o: QuotaOperation) => boolean) => operations.filter(match).length;
    const premium = count((o) => o.kind === "signup" && o.tier === "premium");
    const silo = count((o) => o.kind === "signup" && o.vendsAccount);
    const subject =
        `signup-batch ${file} (${fresh.length} new tenant(s): ${fresh.length - premium} pooled, ${premium} premium` +
        `${silo === 0 ? "" : `, ${silo} with --silo create`})`;
    await quotaGuard(deps.quotaSources(settings, workspaces)).checkAll(
        operations,
        settings.environment,
        subject,
    );
}
