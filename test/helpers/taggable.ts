/**
 * Which resource types take a `tags` input, read from the installed `@pulumi/aws` type definitions
 * (so the answer follows the provider version instead of a hand-kept list).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const AWS_PACKAGE = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** `aws:lambda/function:Function` → `<@pulumi/aws>/lambda/function.d.ts`. */
function definitionFile(type: string): string {
    const match = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9]+):[A-Za-z0-9]+$/.exec(type);
    if (match === null) throw new Error(`not an AWS resource type token: ${type}`);
    return path.join(AWS_PACKAGE, match[1] as string, `${match[2] as string}.d.ts`);
}

export function isTaggable(type: string): boolean {
    const file = definitionFile(type);
    const source = fs.readFileSync(file, "utf8");
    const argsStart = source.search(/export interface \w+Args \{/);
    if (argsStart < 0) throw new Error(`no Args interface in ${file}`);
    return /\n {4}tags\?: pulumi\.Input</.test(source.slice(argsStart));
}
