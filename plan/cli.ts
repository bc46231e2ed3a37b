/**
 * The offline plan: `npm run plan -- --stack dev [--json]`. Runs the real platform program with
 * that stack's config under Pulumi's mock runtime (no CLI, no credentials) and prints what it
 * would create, grouped by component, then runs the tenant-guard policies and the isolation proof
 * over it (exit code 1 on any violation or cross-tenant allow). With --json, stdout carries only
 * the plan document; with --out <file>, the file does and stdout carries nothing. --only platform or
 * --only tenants prints only those stacks; the checks still cover every planned stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { checkStackName, ConfigError, parsePlatformConfig, StackNameError } from "../config";
import { planChecksExitCode, renderPlanChecks, runPlanChecks } from "./policyCheck";
import { planPlatformStack, toPlanDocument } from "./platform";
import { TenantOptionError, tenantSpecsFromOptions } from "./sampleTenants";
import { readStackConfig, StackConfigError } from "./stackConfig";
import { renderPlan, renderSummary } from "./render";
import { planTenantStacks } from "./tenants";

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
        .addOption(
            new Option(
                "--only <stacks>",
                "print only the platform stack or only the tenant stacks (all are still planned and checked)",
            ).choices(["platform", "tenants"]),
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
    const opts = program.opts<{
        stack: string;
        json: boolean;
        out?: string;
        only?: "platform" | "tenants";
        tenant: string[];
    }>();
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
        const shown = stacks.filter(
            (s) => opts.only === undefined || (opts.only === "platform") === (s.kind === "platform"),
        );
        if (json) {
            const document = `${JSON.stringify({ ...toPlanDocument(shown), ...checks }, null, 2)}\n`;
            if (opts.out === undefined) process.stdout.write(document);
            else fs.writeFileSync(opts.out, document);
        } else {
            process.stdout.write(
                `${renderSummary(shown)}\n${shown.map(renderPlan).join("\n")}\n${renderPlanChecks(checks)}\n`,
            );
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
