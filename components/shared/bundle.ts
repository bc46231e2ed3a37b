/**
 * Bundles a `runtime/` entry point with esbuild into a Lambda code archive. No closure
 * serialization: what runs in Lambda is exactly the reviewed source, bundled and tree-shaken,
 * together with the AWS SDK, aws-jwt-verify and Powertools versions pinned in `package-lock.json`
 * (the copy of the SDK a Lambda runtime ships changes without notice; the pinned one is tested).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

/** Runtime entry points that can be bundled (file names under `runtime/`, without extension). */
export type RuntimeEntry = "handler" | "authorizer" | "router";

/** The Lambda handler setting of every bundle. */
export const BUNDLE_HANDLER = "index.handler";

const RUNTIME_DIR = path.resolve(__dirname, "..", "..", "runtime");
const cache = new Map<string, string>();

/** The bundled JavaScript of an entry (cached per process; esbuild output is deterministic). */
export function bundleSource(entry: RuntimeEntry, nodeMajor: number): string {
    const key = `${entry}@${nodeMajor}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const result = buildSync({
        entryPoints: [path.join(RUNTIME_DIR, `${entry}.ts`)],
        bundle: true,
        platform: "node",
        target: `node${nodeMajor}`,
        format: "cjs",
        write: false,
        minify: false,
        sourcemap: false,
        legalComments: "none",
        // Prefer ES modules where packages ship both: esbuild can tree-shake those.
        mainFields: ["module", "main"],
        logLevel: "silent",
    });
    const file = result.outputFiles[0];
    if (file === undefined) {
        throw new Error(`esbuild produced no output for runtime/${entry}.ts`);
    }
    cache.set(key, file.text);
    return file.text;
}

/** A code archive holding `index.js` for the given entry. */
export function bundleArchive(entry: RuntimeEntry, nodeMajor: number): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(bundleSource(entry, nodeMajor)),
    });
}
