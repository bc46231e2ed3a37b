/**
 * The offline plan: `npm run plan -- --stack dev [--json]`. Runs the real platform program with
 * that stack's config under Pulumi's mock runtime (no CLI, no credentials) and prints what it
 * would create, grouped by component, then runs the tenant-guard policies and the isolation proof
 * over it (exit code 1 on any violation or cross-tenant allow). With --json, stdout carries only
 * the plan document; with --out <file>, the file does and stdout carries nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { checkStackName, ConfigError, parsePlatformConfig, StackNameError } from "../config";
import type { PlannedResource, PlannedStack } from "./mockRuntime";
import { planChecksExitCode, renderPlanChecks, runPlanChecks } from "./policyCheck";
import { planPlatformStack, toPlanDocument } from "./platform";
import { TenantOptionError, tenantSpecsFromOptions } from "./sampleTenants";
import { readStackConfig, StackConfigError } from "./stackConfig";
import { summarize } from "./summary";
import { type PlannedTenantStack, planTenantStacks } from "./tenants";

/** `--out <file>` that cannot be written; exit code 2 before anything is planned. */
class PlanOutError extends Error {
    override readonly name = "PlanOutError";
}

function checkPlanOut(out: string): void {
    const dir = path.dirname(path.resolve(out));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new PlanOutError(
            `--out ${JSON.stringify(out)} is invalid: the directory ${dir} does not exist; create it first or pick another file`,
        );
    }
}

function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    if (pkg === "tenanttiers") return name ?? type;
    return `${pkg}.${mod?.split("/")[0]}.${name}`;
}

/** The human-readable plan: a tree of components, one line per resource with its key settings. */
export function renderPlan(stack: PlannedStack | PlannedTenantStack): string {
    const children = new Map<string | null, PlannedResource[]>();
    for (const r of stack.resources) {
        const list = children.get(r.parent) ?? [];
        list.push(r);
        children.set(r.parent, list);
    }
    const lines: string[] = [];
    const custom = stack.resources.filter((r) => r.custom).length;
    const kind = "tenant" in stack ? `tenant ${stack.tenant}, ${stack.tier}` : stack.kind;
    lines.push(
        `stack ${stack.name} (${kind}): ${custom} resources in ${stack.resources.length - custom} components`,
    );
    const walk = (parent: string | null, depth: number) => {
        const list = (children.get(parent) ?? []).sort(
            (a, b) =>
                Number(a.custom) - Number(b.custom) ||
                a.type.localeCompare(b.type) ||
                a.name.localeCompare(b.name),
        );
        for (const r of list) {
            const indent = "  ".repeat(depth + 1);
            if (r.custom) {
                const settings = summarize(r);
                lines.push(
                    `${indent}${shortType(r.type)} ${r.name}${settings === "" ? "" : `  ${settings}`}`,
                );
            } else {
                lines.push(`${indent}${shortType(r.type)} ${r.name}`);
                walk(r.name, depth + 1);
            }
        }
    };
    walk(null, 0);
    return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
    const program = new Command("plan")
        .description(
            "Offline plan: evaluate the platform program and tenant stacks under Pulumi's mock runtime (no cloud account)",
        )
        .requiredOption(
            "-s, --stack <name>",
            "stack whose Pulumi.<name>.yaml config to use",
            (value: string) => {
                if (value.trim() === "") throw new InvalidArgumentError("the stack name is empty");
                return value;
            },
        )
        .option("--json", "print the plan document as JSON on stdout (diagnostics go to stderr)", false)
        .option(
            "--out <file>",
            "write the plan document as JSON to <file>, nothing to stdout (implies --json)",
        )
        .option(
            "--tenant <id:tier[:siloAccountId]>",
            "plan this tenant's stack after the platform's (repeatable; replaces the sample tenants acme:pooled, globex:premium, initech:premium:111122223333)",
            (value: string, previous: string[]) => [...previous, value],
            [] as string[],
        )
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv, { from: "user" });
    } catch (err) {
        const code = (err as { exitCode?: number }).exitCode;
        return code === 0 ? 0 : 2;
    }
    const opts = program.opts<{ stack: string; json: boolean; out?: string; tenant: string[] }>();
    const json = opts.json || opts.out !== undefined;

    try {
        if (opts.out !== undefined) checkPlanOut(opts.out);
        if (!json) process.stderr.write(`planning stack ${opts.stack} under the mock runtime...\n`);
        const { environment } = parsePlatformConfig(readStackConfig(opts.stack).values);
        checkStackName(opts.stack, environment);
        const specs = tenantSpecsFromOptions(opts.tenant, environment);
        const started = performance.now();
        const platform = await planPlatformStack(opts.stack);
        const stacks = [platform, ...(await planTenantStacks(specs, platform.outputs))];
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const checks = await runPlanChecks(stacks);
        if (json) {
            const document = `${JSON.stringify({ ...toPlanDocument(stacks), ...checks }, null, 2)}\n`;
            if (opts.out === undefined) process.stdout.write(document);
            else fs.writeFileSync(opts.out, document);
        } else {
            process.stdout.write(`${stacks.map(renderPlan).join("\n")}\n${renderPlanChecks(checks)}\n`);
            process.stderr.write(`evaluated in ${seconds}s; nothing was deployed (offline plan)\n`);
        }
        return planChecksExitCode(checks);
    } catch (err) {
        if (
            err instanceof ConfigError ||
            err instanceof StackNameError ||
            err instanceof StackConfigError ||
            err instanceof TenantOptionError ||
            err instanceof PlanOutError
        ) {
            process.stderr.write(`plan: ${err.message}\n`);
            return 2;
        }
        process.stderr.write(
            `plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        // Exit once stdout is flushed: a pipe takes the document in 64 KiB chunks, and exiting
        // right away would cut it there.
        (code) => process.stdout.write("", () => process.exit(code)),
        (err) => {
            process.stderr.write(`plan failed: ${String(err)}\n`);
            process.exit(1);
        },
    );
}
