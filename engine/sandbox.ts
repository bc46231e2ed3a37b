/**
 * A sandbox for the real Pulumi engine (engine tests and the engine benchmark): the CLI and Node.js language host from
 * `npm run engine:install`, a `file://` backend with a passphrase secrets provider, a PULUMI_HOME of
 * its own with the aws provider double installed as the `aws` plugin, and the double's journal.
 * Nothing leaves the machine; nothing is shared between sandboxes.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { engineBinDir, readStamp, REPO_ROOT, sdkVersion } from "./location";
import { type JournalEntry, readJournal } from "./awsDouble/journal";

export { REPO_ROOT };

const versionOf = (pkg: string): string =>
    (
        JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")) as {
            version: string;
        }
    ).version;
const AWS_VERSION = versionOf("@pulumi/aws");
/** The awsx plugin version the SDK asks for (`pulumi.version` of @pulumi/awsx equals its package version). */
const AWSX_VERSION = versionOf("@pulumi/awsx");

/** The folder with `pulumi` and `pulumi-language-nodejs`, or a message saying how to get them. */
export function engineBin(): string {
    const stamp = readStamp();
    const dir = stamp?.binDir ?? engineBinDir();
    if (!fs.existsSync(path.join(dir, "pulumi"))) {
        throw new Error(
            `no Pulumi engine for @pulumi/pulumi ${sdkVersion()} at ${dir}: run npm run engine:install first`,
        );
    }
    return dir;
}

export interface RunResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export class Sandbox {
    readonly root: string;
    readonly home: string;
    readonly state: string;
    readonly journalFile: string;
    /** Projects of this sandbox live under the repository (their `main` points back at it). */
    readonly projects: string;
    private faults: unknown[] = [];

    constructor(readonly name: string) {
        this.root = fs.mkdtempSync(path.join(os.tmpdir(), `tenant-tiers-engine-${name}-`));
        this.home = path.join(this.root, "pulumi-home");
        this.state = path.join(this.root, "state");
        this.journalFile = path.join(this.root, "journal.jsonl");
        fs.mkdirSync(path.join(REPO_ROOT, ".engine-test"), { recursive: true });
        this.projects = fs.mkdtempSync(path.join(REPO_ROOT, ".engine-test", `${name}-`));
        fs.mkdirSync(this.state, { recursive: true });
        this.installDouble();
    }

    /**
     * The doubles as the `aws` and `awsx` plugins of this PULUMI_HOME: the engine finds them like
     * installed providers.
     */
    private installDouble(): void {
        for (const [plugin, version, folder] of [
            ["aws", AWS_VERSION, "awsDouble"],
            ["awsx", AWSX_VERSION, "awsxDouble"],
        ] as const) {
            const dir = path.join(this.home, "plugins", `resource-${plugin}-v${version}`);
            fs.mkdirSync(dir, { recursive: true });
            const entry = path.join(REPO_ROOT, "engine", folder, "main.ts");
            fs.writeFileSync(
                path.join(dir, `pulumi-resource-${plugin}`),
                `#!/bin/sh\ncd "${REPO_ROOT}" && exec node --import tsx "${entry}" "$@"\n`,
                { mode: 0o755 },
            );
        }
    }

    /** Fault rules for the double (see engine/awsDouble/faults.ts); an empty list clears them. */
    setFaults(rules: unknown[]): void {
        this.faults = rules;
    }

    /** The environment of every engine command in this sandbox. */
    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        return {
            ...process.env,
            PATH: `${engineBin()}:${process.env.PATH ?? ""}`,
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.state}`,
            PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            TENANT_TIERS_AWS_DOUBLE: "test",
            TENANT_TIERS_AWS_DOUBLE_JOURNAL: this.journalFile,
            TENANT_TIERS_AWS_DOUBLE_FAULTS: JSON.stringify(this.faults),
            NO_COLOR: "1",
            FORCE_COLOR: "0",
            ...extra,
        };
    }

    /** Runs `pulumi <args>` in `cwd` and returns what it printed. */
    pulumi(args: string[], cwd: string, extra: Record<string, string> = {}): RunResult {
        const result: SpawnSyncReturns<string> = spawnSync(
            path.join(engineBin(), "pulumi"),
            ["--non-interactive", ...args],
            {
                cwd,
                env: this.env(extra),
                encoding: "utf8",
                maxBuffer: 64 * 1024 * 1024,
            },
        );
        return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
    }

    /** Runs a command asynchronously (for concurrent operations). */
    spawn(
        command: string,
        args: string[],
        cwd: string,
        extra: Record<string, string> = {},
    ): Promise<RunResult> {
        return new Promise((resolve) => {
            const child = spawn(command, args, { cwd, env: this.env(extra) });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
            child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
            child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });
    }

    /** The tenant CLI (`npm run tenant -- ...`), run as a user would, against this sandbox. */
    tenant(args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
        return this.spawn(
            path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
            [path.join(REPO_ROOT, "automation", "cli.ts"), ...args],
            REPO_ROOT,
            extra,
        );
    }

    /**
     * A copy of a project file set in a folder of this sandbox under the repository, with `main`
     * pointing at `programDir`: the program and its node_modules stay those of the repository, while
     * the stack files the CLI writes (encryptionsalt) stay out of the working tree.
     */
    project(name: string, projectFile: string, programDir: string, stackFiles: string[] = []): string {
        const dir = path.join(this.projects, name);
        fs.mkdirSync(dir, { recursive: true });
        const main = path.relative(dir, programDir) || ".";
        const source = fs.readFileSync(projectFile, "utf8").replace(/^main:.*\n?/m, "");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${source.trimEnd()}\nmain: ${main}\n`);
        for (const file of stackFiles) fs.copyFileSync(file, path.join(dir, path.basename(file)));
        return dir;
    }

    /**
     * The platform project (the repository's Pulumi.yaml and Pulumi.<stack>.yaml) with its stack
     * created in this sandbox's backend; throws what `pulumi stack init` said if it fails.
     */
    platformProject(stack = "dev"): string {
        const dir = this.project("platform", path.join(REPO_ROOT, "Pulumi.yaml"), REPO_ROOT, [
            path.join(REPO_ROOT, `Pulumi.${stack}.yaml`),
        ]);
        const init = this.pulumi(["stack", "init", stack], dir);
        if (init.code !== 0) throw new Error(`pulumi stack init ${stack} failed: ${init.stderr}`);
        return dir;
    }

    /**
     * The control-plane project (controlplane/Pulumi.yaml and Pulumi.<stack>.yaml) with its stack
     * created in this sandbox's backend; throws what `pulumi stack init` said if it fails.
     */
    controlPlaneProject(stack = "dev"): string {
        const dir = path.join(REPO_ROOT, "controlplane");
        const project = this.project("control-plane", path.join(dir, "Pulumi.yaml"), dir, [
            path.join(dir, `Pulumi.${stack}.yaml`),
        ]);
        // A folder as `main` would make the language host read the repository's package.json `main`.
        const file = path.join(project, "Pulumi.yaml");
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^main: (.+)$/m, "main: $1/index.ts"));
        const init = this.pulumi(["stack", "init", stack], project);
        if (init.code !== 0) throw new Error(`pulumi stack init ${stack} failed: ${init.stderr}`);
        return project;
    }

    /** Every journal entry so far, or only those after `from` entries. */
    journal(from = 0): JournalEntry[] {
        return readJournal(this.journalFile).slice(from);
    }

    /** The stack's state as `pulumi stack export` prints it. */
    exportStack(stack: string, cwd: string): StateResource[] {
        const result = this.pulumi(["stack", "export", "-s", stack], cwd);
        if (result.code !== 0) throw new Error(`stack export failed: ${result.stderr}`);
        return (
            (JSON.parse(result.stdout) as { deployment: { resources?: StateResource[] } }).deployment
                .resources ?? []
        );
    }

    dispose(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
        fs.rmSync(this.projects, { recursive: true, force: true });
    }
}

export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly custom?: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
}

/** The resource name at the end of a URN. */
export const urnName = (urn: string): string => urn.split("::").at(-1) ?? "";
