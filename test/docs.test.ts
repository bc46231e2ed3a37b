/** Statements in the docs that the code decides, checked against the code. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BINARY_MEDIA_TYPES } from "../components/shared/tenantApi";
import { GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES } from "../controlplane/infra/network";
import { CONTROL_PLANE_CONFIG_KEYS } from "../controlplane/infra/settings";

const ROOT = path.resolve(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const DOCS = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => `docs/${f}`)];

describe("docs agree with the code", () => {
    it("runtime.md names the tenant API's binary media types, all four", () => {
        const doc = read("docs/runtime.md");

        expect(BINARY_MEDIA_TYPES).toHaveLength(4);
        expect(BINARY_MEDIA_TYPES.filter((t) => !doc.includes(`\`${t}\``))).toEqual([]);
        expect(doc).not.toContain("has no `binaryMediaTypes`");
    });

    it("tier-changes.md says, as lifecycle.md and the README do, that S3 objects move with a tier change", () => {
        expect(read("docs/tier-changes.md")).toContain("**S3 objects move with the partition.**");
        expect(read("docs/tier-changes.md")).not.toContain("**S3 objects are not moved**");
        expect(read("docs/lifecycle.md")).toContain("the tenant's **S3 objects** under `<id>/` move between");
        expect(read("README.md")).toContain("A tier change moves the tenant's S3 objects too");
    });

    it("no shell block changes directory for the lines after it (cd only in a subshell)", () => {
        const bare = DOCS.flatMap((file) =>
            read(file)
                .split("\n")
                .filter((line) => /^\s*cd\s/.test(line))
                .map((line) => `${file}: ${line.trim()}`),
        );

        expect(bare).toEqual([]);
    });

    it("control-plane.md names every control-plane config key and every VPC endpoint", () => {
        const doc = read("docs/control-plane.md");

        expect(CONTROL_PLANE_CONFIG_KEYS.filter((key) => !doc.includes(`\`${key}\``))).toEqual([]);
        expect(
            [...INTERFACE_ENDPOINT_SERVICES, ...GATEWAY_ENDPOINT_SERVICES].filter(
                (s) => !doc.includes(`\`${s}\``),
            ),
        ).toEqual([]);
    });
});
