/**
 * Runs one validated lifecycle call for the CLI: builds the workspace factory and the AWS clients
 * (only now, after validation), prints a line per event, then the summary or the failure report,
 * and returns the exit code.
 */
import type { LifecycleDeps } from "../lifecycle/context";
import { lazyQuotaGuard } from "../quotas/guard";
import { type JsonOutput, writeDocument } from "./output";
import { eventLine, reportFailure } from "./render";
import type { CliDeps, EngineSettings } from "./settings";

export interface CliCall<T> {
    /** The command, for messages. */
    readonly operation: string;
    /** JSON output (`--json`, `--out`), or `undefined` for the human summary. */
    readonly json: JsonOutput | undefined;
    /** The exact command that resumes (or re-runs) this call. */
    readonly resume?: string;
    /** The options every suggested command repeats (`commonArgs` of the settings module). */
    readonly commandOptions?: readonly string[];
    run(deps: LifecycleDeps): Promise<T>;
    summary(result: T): string;
}

/** The lifecycle dependencies of a CLI run. */
export function lifecycleDeps(
    deps: CliDeps,
    settings: EngineSettings,
    resume: string | undefined,
    commandOptions?: readonly string[],
): LifecycleDeps {
    const workspaces = deps.workspaces(settings);
    const { quotaSources } = deps;
    return {
        workspaces,
        region: settings.region,
        aws: deps.aws(settings.region),
        // The silo bootstrap's settings from the environment (signup also takes them as options).
        bootstrap: {
            ...(deps.env.TENANT_TIERS_ACCESS_ROLE === undefined
                ? {}
                : { accessRoleName: deps.env.TENANT_TIERS_ACCESS_ROLE }),
            ...(deps.env.TENANT_TIERS_DEPLOYER_ARN === undefined
                ? {}
                : { deployerArn: deps.env.TENANT_TIERS_DEPLOYER_ARN }),
        },
        ...(deps.tombstones === undefined ? {} : { tombstones: deps.tombstones }),
        ...(deps.users === undefined ? {} : { users: deps.users }),
        ...(quotaSources === undefined
            ? {}
            : { quotas: lazyQuotaGuard(() => quotaSources(settings, workspaces)) }),
        onEvent: (event) => {
            const line = eventLine(event);
            if (line !== undefined) deps.io.err(`${line}\n`);
        },
        now: deps.now,
        ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
        ...(resume === undefined ? {} : { resumeCommand: resume }),
        ...(commandOptions === undefined ? {} : { commandOptions }),
    };
}

export async function execute<T>(deps: CliDeps, settings: EngineSettings, call: CliCall<T>): Promise<number> {
    try {
        const result = await call.run(lifecycleDeps(deps, settings, call.resume, call.commandOptions));
        if (call.json === undefined) deps.io.out(call.summary(result));
        else writeDocument(deps.io, call.json, { ok: true, result });
        return 0;
    } catch (error) {
        return reportFailure(deps.io, error, call.json, call.operation, call.resume);
    }
}
