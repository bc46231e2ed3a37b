/**
 * The layout rules of the repository, read from the sources themselves: no import cycles, and no
 * import from the product's folders into the benchmarks or the tests.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const PRODUCT = [
    "index.ts",
    "config.ts",
    "tiers",
    "components",
    "runtime",
    "automation",
    "controlplane",
    "plan",
    "policypacks/tenant-guard",
];
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

function sourcesUnder(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (fs.statSync(full).isFile()) return [entry];
    return fs
        .readdirSync(full, { withFileTypes: true })
        .filter((d) => d.name !== "node_modules")
        .flatMap((d) =>
            d.isDirectory()
                ? sourcesUnder(path.join(entry, d.name))
                : d.name.endsWith(".ts") && !d.name.endsWith(".d.ts")
                  ? [path.join(entry, d.name)]
                  : [],
        );
}

function resolveImport(from: string, specifier: string): string | undefined {
    const base = path.join(path.dirname(from), specifier);
    for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
        const full = path.join(ROOT, candidate);
        if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
    }
    return undefined;
}

/** Relative imports of every product file, resolved to repository paths. */
function importGraph(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of PRODUCT.flatMap(sourcesUnder)) {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        const targets = [...text.matchAll(SPECIFIER)]
            .map((m) => resolveImport(file, m[1] as string))
            .filter((t): t is string => t !== undefined);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
        state.set(node, "open");
        stack.push(node);
        for (const next of graph.get(node) ?? []) {
            if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
            else if (state.get(next) === undefined) visit(next);
        }
        stack.pop();
        state.set(node, "done");
    };
    for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
    return found;
}

describe("layout", () => {
    const graph = importGraph();

    it("reads the product's sources", () => {
        expect(graph.get("plan/isolation/families.ts")).toContain("plan/isolation/tables.ts");
        expect(graph.get("components/tenant/premium.ts")).toContain("components/platform/stack.ts");
    });

    it("has no import cycles", () => {
        expect(cycles(graph).map((c) => c.join(" -> "))).toEqual([]);
    });

    it("never imports the benchmarks or the tests from the product", () => {
        const offending = [...graph.entries()].flatMap(([file, targets]) =>
            targets
                .filter((t) => t.startsWith("scripts/") || t.startsWith("test/"))
                .map((t) => `${file} -> ${t}`),
        );
        expect(offending).toEqual([]);
    });

    it("names no file after its own folder", () => {
        const stutter = [...graph.keys()].filter((file) => {
            const folder = path.basename(path.dirname(file)).toLowerCase();
            return folder !== "." && path.basename(file).toLowerCase().startsWith(folder);
        });
        expect(stutter).toEqual([]);
    });
});
