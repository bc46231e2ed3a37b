/** The image recipe keeps the container contract and its pins (the image itself is built by Docker on deploy). */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { API_COMMAND } from "../../../controlplane/infra/services";
import { DOCKERFILE } from "../../../controlplane/infra/image";

const ROOT = path.resolve(__dirname, "../../..");
const dockerfile = fs.readFileSync(DOCKERFILE, "utf8");
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { version: string }>;
};
const locked = (name: string) => lock.packages[`node_modules/${name}`]?.version;
const arg = (name: string) => new RegExp(`^ARG ${name}=(.+)$`, "m").exec(dockerfile)?.[1];

describe("controlplane/Dockerfile", () => {
    it("pins a Node.js 22 base image by its full version", () => {
        expect(arg("NODE_IMAGE")).toMatch(/^node:22\.\d+\.\d+-bookworm-slim$/);
        expect(dockerfile.match(/^FROM .+$/gm)).toEqual([
            "FROM ${NODE_IMAGE} AS build",
            "FROM ${NODE_IMAGE} AS pulumi",
            "FROM ${NODE_IMAGE}",
        ]);
    });

    it("installs the Pulumi CLI and aws plugin of the versions package-lock.json holds", () => {
        expect(arg("PULUMI_VERSION")).toBe(locked("@pulumi/pulumi"));
        expect(arg("PULUMI_AWS_VERSION")).toBe(locked("@pulumi/aws"));
        expect(dockerfile).toContain("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true");
    });

    it("runs no install scripts and ships production dependencies only", () => {
        const installs = dockerfile.match(/npm (ci|install|prune)[^\n\\]*/g) ?? [];
        expect(installs).toEqual([
            "npm ci --ignore-scripts --no-audit --no-fund",
            "npm prune --omit=dev --ignore-scripts --no-audit --no-fund",
        ]);
        expect(fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8")).toBe("ignore-scripts=true\n");
    });

    it("runs as the non-root node user, the API's command by default, on the contract's port", () => {
        const lastStage = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
        expect(lastStage).toMatch(/^USER node$/m);
        expect(lastStage).not.toMatch(/^USER root$/m);
        expect(lastStage).toContain(`CMD ${JSON.stringify(API_COMMAND).replace(/,/g, ", ")}`);
        expect(lastStage).toMatch(/^EXPOSE 8080$/m);
    });

    it("compiles the folders the lifecycle and the control plane need, into dist/ as in the repository", () => {
        const build = JSON.parse(
            fs.readFileSync(path.join(ROOT, "controlplane", "tsconfig.build.json"), "utf8"),
        ) as {
            compilerOptions: { rootDir: string; outDir: string };
            include: string[];
        };
        expect(build.compilerOptions).toMatchObject({ rootDir: "..", outDir: "../dist", noEmit: false });
        for (const folder of build.include.map((i) => i.replace(/^\.\.\//, "").split("/")[0] as string)) {
            const copied = folder.endsWith(".ts") ? folder : `COPY ${folder} ${folder}`;
            expect(dockerfile).toContain(copied);
        }
    });

    it("the image's build compiles only sources the Dockerfile copies into the build stage", () => {
        // Sources of the build stage's COPY lines (every token but the destination).
        const buildStage = dockerfile.slice(0, dockerfile.indexOf("FROM ${NODE_IMAGE} AS pulumi"));
        const copied = [...buildStage.matchAll(/^COPY (?!--)(.+)$/gm)].flatMap((m) =>
            (m[1] as string).split(" ").slice(0, -1),
        );
        const files = execFileSync(
            path.join(ROOT, "node_modules", ".bin", "tsc"),
            ["-p", path.join(ROOT, "controlplane", "tsconfig.build.json"), "--listFilesOnly"],
            { cwd: ROOT, encoding: "utf8" },
        )
            .split("\n")
            .filter((f) => f !== "" && !f.includes("/node_modules/"))
            .map((f) => path.relative(ROOT, f));
        const outside = files.filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)));
        expect(outside).toEqual([]);
        expect(files).toContain("automation/lifecycle/localWorkspace.ts");
        expect(files).toContain("controlplane/infra/program.ts");
    });

    it("the lockfile holds one @pulumi/aws for the program (awsx dedupes onto 7.48.0)", () => {
        const awsCopies = Object.entries(lock.packages)
            .filter(([key]) => key.endsWith("node_modules/@pulumi/aws"))
            .map(([key, value]) => `${key}@${value.version}`);
        // @pulumi/awsguard (a devDependency of the policy tests) brings its own v4; nothing else does.
        expect(awsCopies.sort()).toEqual([
            "node_modules/@pulumi/aws@7.48.0",
            "node_modules/@pulumi/awsguard/node_modules/@pulumi/aws@4.38.1",
        ]);
        expect(locked("@pulumi/awsx")).toBe("3.9.0");
    });
});
