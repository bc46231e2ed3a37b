/**
 * `npm run engine:install`: makes the real Pulumi engine available to the engine tests on a
 * machine that cannot download it. Uses a `pulumi` on PATH when it is at least the @pulumi/pulumi
 * version of package.json (and has its Node.js language host beside it); otherwise builds the CLI
 * from the Go module proxy at that version (or the nearest newer release the proxy serves) and the
 * Node.js language host of engine/languagehost, into a cache outside the repository.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
    cacheRoot,
    engineBinDir,
    type EngineStamp,
    readStamp,
    REPO_ROOT,
    sdkVersion,
    stampFile,
} from "./location";

const ENGINE_MODULE = path.join(REPO_ROOT, "engine");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_FLAG = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

class InstallError extends Error {}

const log = (line: string) => process.stdout.write(`${line}\n`);

function semver(v: string): number[] {
    return v
        .replace(/^v/, "")
        .split(/[.-]/)
        .slice(0, 3)
        .map((n) => Number.parseInt(n, 10));
}
function atLeast(have: string, want: string): boolean {
    const [a, b] = [semver(have), semver(want)];
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
}

/** A hash of everything the language host is built from: a changed source means a rebuild. */
function languageHostHash(): string {
    const hash = createHash("sha256");
    const files = [
        "go.mod",
        "go.sum",
        ...fs.readdirSync(path.join(ENGINE_MODULE, "languagehost")).map((f) => `languagehost/${f}`),
    ];
    for (const file of files.sort())
        hash.update(file).update(fs.readFileSync(path.join(ENGINE_MODULE, file)));
    return hash.digest("hex").slice(0, 16);
}

function onPath(command: string): string | undefined {
    const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
    return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A `pulumi` the user installed the normal way, if it is new enough and has its language host. */
function pulumiOnPath(want: string): EngineStamp | undefined {
    const pulumi = onPath("pulumi");
    if (pulumi === undefined) return undefined;
    const binDir = path.dirname(fs.realpathSync(pulumi));
    if (binDir === engineBinDir(want)) return undefined;
    const version = spawnSync(pulumi, ["version"], { encoding: "utf8" }).stdout.trim();
    const host = path.join(binDir, "pulumi-language-nodejs");
    if (!atLeast(version, want)) {
        log(
            `pulumi ${version} on PATH (${pulumi}) is older than @pulumi/pulumi ${want}: building one instead`,
        );
        return undefined;
    }
    if (!fs.existsSync(host) && onPath("pulumi-language-nodejs") === undefined) {
        log(`pulumi ${version} on PATH has no pulumi-language-nodejs beside it: building one instead`);
        return undefined;
    }
    return { cli: version.replace(/^v/, ""), languageHost: "installed with pulumi", binDir };
}

function requireGo(): string {
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error !== undefined || go.status !== 0) {
        throw new InstallError(
            "go is not on PATH: engine:install builds the Pulumi CLI from Go modules (Go 1.25 or newer). " +
                "Install Go (for example apt-get install golang-go), or install Pulumi the normal way " +
                "(https://www.pulumi.com/docs/install/) and put it on PATH.",
        );
    }
    return go.stdout.trim();
}

/** Runs a Go command with a heartbeat, so a cold build of many minutes does not look hung. */
function go(args: string[], cwd: string, what: string): Promise<void> {
    // The repository's module is pinned (go.mod, go.sum): build it read-only. A copy made for another
    // version may complete its module graph.
    const modFlag = cwd === ENGINE_MODULE ? "-mod=readonly" : "-mod=mod";
    const started = Date.now();
    log(`${what}...`);
    return new Promise((resolve, reject) => {
        const child = spawn("go", args, {
            cwd,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, GOFLAGS: modFlag },
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        const heartbeat = setInterval(
            () => log(`  still ${what.toLowerCase()} (${Math.round((Date.now() - started) / 1000)} s)`),
            30_000,
        );
        child.on("close", (code) => {
            clearInterval(heartbeat);
            if (code === 0) {
                log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
                resolve();
            } else {
                const tail = stderr.trim().split("\n").slice(-12).join("\n");
                reject(new InstallError(`${what} failed (go ${args.join(" ")}):\n${tail}`));
            }
        });
    });
}

/** The versions of pkg/v3 the proxy lists that are newer than `version`, oldest first. */
function newerReleases(version: string): string[] {
    try {
        const out = execFileSync("go", ["list", "-m", "-versions", "github.com/pulumi/pulumi/pkg/v3"], {
            cwd: ENGINE_MODULE,
            encoding: "utf8",
        });
        return out
            .trim()
            .split(/\s+/)
            .slice(1)
            .filter((v) => /^v\d+\.\d+\.\d+$/.test(v) && atLeast(v, version) && v !== `v${version}`)
            .sort((a, b) => (atLeast(a, b) ? 1 : -1));
    } catch {
        return [];
    }
}

/** The module the CLI is built in: engine/ itself when it pins `version`, else a copy that requires it. */
async function buildModuleFor(version: string): Promise<string> {
    const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\S+)/.exec(
        fs.readFileSync(path.join(ENGINE_MODULE, "go.mod"), "utf8"),
    )?.[1];
    if (pinned === version) return ENGINE_MODULE;
    const dir = path.join(cacheRoot(), `build-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(ENGINE_MODULE, dir, { recursive: true, filter: (src) => !src.endsWith(".ts") });
    await go(
        [
            "get",
            `github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v${version}`,
            `github.com/pulumi/pulumi/sdk/v3@v${version}`,
        ],
        dir,
        `Resolving pulumi v${version} from the Go module proxy`,
    );
    return dir;
}

async function buildEngine(want: string): Promise<EngineStamp> {
    log(`building the Pulumi engine for @pulumi/pulumi ${want} from Go modules (${requireGo()})`);
    const binDir = engineBinDir(want);
    fs.mkdirSync(binDir, { recursive: true });
    const candidates = [want, ...newerReleases(want).map((v) => v.slice(1))];
    let lastError: unknown;
    for (const version of candidates.slice(0, 4)) {
        try {
            const module = await buildModuleFor(version);
            if (version !== want)
                log(
                    `using pulumi v${version}, the nearest newer release the proxy serves (a newer CLI runs older SDKs)`,
                );
            await go(
                [
                    "build",
                    "-trimpath",
                    "-tags",
                    "osusergo,grpcnotrace",
                    "-ldflags",
                    `-X ${VERSION_FLAG}=v${version}`,
                    "-o",
                    path.join(binDir, "pulumi"),
                    CLI_PACKAGE,
                ],
                module,
                `Building pulumi v${version} (a cold build takes several minutes on 2 cores)`,
            );
            await go(
                [
                    "build",
                    "-trimpath",
                    "-ldflags",
                    `-X main.version=${version}`,
                    "-o",
                    path.join(binDir, "pulumi-language-nodejs"),
                    "./languagehost",
                ],
                module,
                "Building the Node.js language host (engine/languagehost)",
            );
            return { cli: version, languageHost: languageHostHash(), binDir };
        } catch (err) {
            lastError = err;
            log(err instanceof Error ? err.message : String(err));
        }
    }
    throw lastError instanceof Error ? lastError : new InstallError(String(lastError));
}

async function main(): Promise<void> {
    const started = Date.now();
    const want = sdkVersion();
    const cached = readStamp(want);
    const binariesThere = (stamp: EngineStamp) =>
        fs.existsSync(path.join(stamp.binDir, "pulumi")) &&
        fs.existsSync(path.join(stamp.binDir, "pulumi-language-nodejs"));
    let stamp: EngineStamp | undefined = pulumiOnPath(want);
    if (stamp !== undefined) {
        log(`using pulumi ${stamp.cli} found on PATH`);
    } else if (cached !== undefined && binariesThere(cached) && cached.languageHost === languageHostHash()) {
        stamp = cached;
        log(`pulumi ${cached.cli} is already built (cache)`);
    } else {
        stamp = await buildEngine(want);
    }
    fs.mkdirSync(path.dirname(stampFile(want)), { recursive: true });
    fs.writeFileSync(stampFile(want), `${JSON.stringify(stamp, null, 2)}\n`);
    log(
        `engine: ${stamp.binDir} (pulumi ${stamp.cli}, for @pulumi/pulumi ${want}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    log(`to use it in a shell: export PATH="${stamp.binDir}:$PATH"`);
}

main().catch((err: unknown) => {
    process.stderr.write(`engine:install: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
