/**
 * Where a command's JSON document goes: stdout with `--json`, the file with `--out <file>` (which
 * implies `--json`). Under plain `npm run`, npm prints its own banner on stdout first, so
 * `--out` (or `npm run --silent`) is how a script gets nothing but the document.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Problems } from "./problems";

/** JSON output was asked for; `file` is the `--out` file, or unset for stdout. */
export interface JsonOutput {
    readonly file?: string;
}

/** The JSON output of `--json` / `--out <file>`, or `undefined` for the human summary. */
export function jsonOutput(options: {
    readonly json?: boolean;
    readonly out?: string;
}): JsonOutput | undefined {
    if (options.out !== undefined) return { file: options.out };
    return options.json === true ? {} : undefined;
}

/** Records a problem when `--out <file>` cannot be written: its directory must exist. */
export function checkOutFile(problems: Problems, out: string | undefined): void {
    if (out === undefined) return;
    const dir = path.dirname(path.resolve(out));
    if (out === "" || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        problems.add(
            "--out",
            out,
            `expected a file in an existing directory; create ${dir} first or pick another file`,
        );
    } else if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
        problems.add("--out", out, "is a directory: give a file name");
    }
}

/** Writes `document` as indented JSON with a final newline, to the `--out` file or to stdout. */
export function writeDocument(io: { out(text: string): void }, output: JsonOutput, document: unknown): void {
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (output.file === undefined) io.out(text);
    else fs.writeFileSync(output.file, text);
}

/** `--out <file>` (or `--out=<file>`) of raw arguments, for errors reported before options exist. */
export function outFileOf(argv: readonly string[]): string | undefined {
    const at = argv.indexOf("--out");
    if (at >= 0) return argv[at + 1];
    return argv.find((a) => a.startsWith("--out="))?.slice("--out=".length);
}
