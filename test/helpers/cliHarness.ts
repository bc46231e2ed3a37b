/**
 * The tenant CLI run in-process: the real commands, the real LocalWorkspace with the fake Pulumi
 * CLI, captured output, AWS clients the test passes (mocked), a fixed clock.
 */
import * as path from "node:path";
import { runCli } from "../../automation/cli/program";
import type { CliDeps } from "../../automation/cli/settings";
import type { LifecycleAws } from "../../automation/lifecycle/context";
import { localWorkspaceFactory } from "../../automation/lifecycle/localWorkspace";
import { type Harness, lifecycleHarness, NOW, ORGANIZATION } from "./lifecycleHarness";

export interface CliRun {
    readonly code: number;
    readonly out: string;
    readonly err: string;
}

export interface CliHarness {
    readonly h: Harness;
    run(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<CliRun>;
}

export const FAKE_BATCH_WORKER = path.join(__dirname, "..", "automation", "fixtures", "fakeBatchWorker.ts");

/** `extra` adds or replaces CLI dependencies (quota sources, for one). */
export function cliHarness(aws: LifecycleAws = {}, extra: Partial<CliDeps> = {}): CliHarness {
    const h = lifecycleHarness({ aws });
    return {
        h,
        async run(args, env) {
            const out: string[] = [];
            const err: string[] = [];
            const deps: CliDeps = {
                io: { out: (text) => out.push(text), err: (text) => err.push(text) },
                env: env ?? {
                    AWS_REGION: "eu-west-1",
                    TENANT_TIERS_ORGANIZATION: ORGANIZATION,
                    TENANT_TIERS_WORK_DIR: h.workDir,
                },
                now: () => NOW,
                sleep: async () => undefined,
                workspaces: (settings) =>
                    localWorkspaceFactory({
                        organization: settings.organization,
                        workDir: settings.workDir,
                        pulumiCommand: h.fake.command,
                    }),
                aws: () => aws,
                tombstones: h.tombstones,
                users: h.users,
                batchWorker: FAKE_BATCH_WORKER,
                ...extra,
            };
            const code = await runCli(args, deps);
            return { code, out: out.join(""), err: err.join("") };
        },
    };
}
