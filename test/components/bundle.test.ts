import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleSource } from "../../components/bundle";
import { nodeMajorOf } from "../../components/naming";

describe("runtime bundles", () => {
    it("bundles the handler into a self-contained CommonJS file that Lambda can load", async () => {
        const source = bundleSource("handler", 22);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-"));
        const file = path.join(dir, "index.js");
        fs.writeFileSync(file, source);
        const loaded = require(file) as { handler: (e: unknown, c: unknown) => Promise<{ body: string }> };
        const result = await loaded.handler({ httpMethod: "GET", resource: "/items" }, { tenantId: "acme" });
        expect(JSON.parse(result.body)).toEqual({ tenantId: "acme", method: "GET", resource: "/items" });
        expect(source).not.toMatch(/require\("\.\.?\//);
    });

    it("bundles the authorizer", () => {
        expect(bundleSource("authorizer", 24)).toContain("authorizer-not-configured");
    });

    it.each([
        ["nodejs22.x", 22],
        ["nodejs24.x", 24],
    ])("reads the Node.js major of %s", (runtime, major) => {
        expect(nodeMajorOf(runtime)).toBe(major);
    });

    it("rejects a runtime that is not Node.js", () => {
        expect(() => nodeMajorOf("python3.13")).toThrow(
            'Lambda runtime "python3.13" is not a Node.js runtime such as nodejs22.x',
        );
    });
});
