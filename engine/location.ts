/**
 * Where `npm run engine:install` puts the Pulumi CLI and the Node.js language host it builds, and
 * how the engine tests find them again. Outside the repository, so a clean clone reuses the cache.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** The @pulumi/pulumi version the program runs on: the engine is built for it. */
export function sdkVersion(): string {
    const installed = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json");
    if (fs.existsSync(installed))
        return (JSON.parse(fs.readFileSync(installed, "utf8")) as { version: string }).version;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
    };
    const pinned = pkg.dependencies["@pulumi/pulumi"];
    if (pinned === undefined) throw new Error("package.json has no @pulumi/pulumi dependency");
    return pinned.replace(/^[~^=]/, "");
}

/** The cache root: TENANT_TIERS_ENGINE_CACHE, or ~/.cache/tenant-tiers/engine. */
export function cacheRoot(): string {
    return (
        process.env.TENANT_TIERS_ENGINE_CACHE ?? path.join(os.homedir(), ".cache", "tenant-tiers", "engine")
    );
}

/** The folder holding `pulumi` and `pulumi-language-nodejs` built for `version`. */
export function engineBinDir(version: string = sdkVersion()): string {
    return path.join(cacheRoot(), `v${version}`, "bin");
}

/** The file that records what a cached build was built from. */
export function stampFile(version: string = sdkVersion()): string {
    return path.join(cacheRoot(), `v${version}`, "stamp.json");
}

export interface EngineStamp {
    /** The version of the CLI that was built (may be newer than the SDK's when the proxy refused it). */
    readonly cli: string;
    /** Hash of the language host's sources and the Go module files. */
    readonly languageHost: string;
    /** Where the binaries are: the cache, or a `pulumi` found on PATH. */
    readonly binDir: string;
}

export function readStamp(version: string = sdkVersion()): EngineStamp | undefined {
    const file = stampFile(version);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as EngineStamp) : undefined;
}
