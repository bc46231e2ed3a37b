/**
 * `npm run --silent deployer-policy -- --stack <env> [--silo-bootstrap] [--tenant id:tier[:account]]... [--out <file>]`:
 * plans the platform and tenant stacks offline (as `npm run plan` does) and prints the least-privilege
 * IAM policy for the deployer (`pulumi up` of those stacks in the platform account), or with
 * `--silo-bootstrap` the policy of the silo bootstrap role in each silo account.
 */
import * as fs from "node:fs";
import { Command } from "commander";
import { checkStackName, ConfigError, parsePlatformConfig, StackNameError } from "../config";
import { planPlatformStack } from "../plan/platform";
import { TenantOptionError, tenantSpecsFromOptions } from "../plan/sampleTenants";
import { readStackConfig, StackConfigError } from "../plan/stackConfig";
import { planTenantStacks } from "../plan/tenants";
import { deployerPolicy, siloBootstrapPolicy, UnmappedResourceTypeError } from "./policyDocument";

async function main(argv: string[]): Promise<number> {
    const program = new Command("deployer-policy")
        .description("Print the least-privilege IAM policy the deployer needs for the planned stacks")
        .requiredOption("-s, --stack <name>", "stack whose Pulumi.<name>.yaml config to plan")
        .option("--silo-bootstrap", "print the silo bootstrap role's policy instead", false)
        .option(
            "--tenant <id:tier[:siloAccountId]>",
            "plan this tenant (repeatable; default: the plan's sample tenants)",
            (value: string, previous: string[]) => [...previous, value],
            [] as string[],
        )
        .option("--out <file>", "write the policy to <file> instead of stdout")
        .exitOverride()
        .configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        program.parse(argv, { from: "user" });
    } catch (err) {
        return (err as { exitCode?: number }).exitCode === 0 ? 0 : 2;
    }
    const opts = program.opts<{ stack: string; siloBootstrap: boolean; tenant: string[]; out?: string }>();
    try {
        const { environment } = parsePlatformConfig(readStackConfig(opts.stack).values);
        checkStackName(opts.stack, environment);
        const platform = await planPlatformStack(opts.stack);
        const specs = tenantSpecsFromOptions(opts.tenant, environment);
        const stacks = [platform, ...(await planTenantStacks(specs, platform.outputs))];
        const policy = opts.siloBootstrap ? siloBootstrapPolicy(stacks) : deployerPolicy(stacks);
        if (policy === null) {
            process.stderr.write(
                "deployer-policy: the planned stacks have no silo tenant, so no silo bootstrap role\n",
            );
            return 1;
        }
        const text = `${JSON.stringify(policy, null, 2)}\n`;
        if (opts.out === undefined) process.stdout.write(text);
        else fs.writeFileSync(opts.out, text);
        return 0;
    } catch (err) {
        if (
            err instanceof ConfigError ||
            err instanceof StackNameError ||
            err instanceof StackConfigError ||
            err instanceof TenantOptionError ||
            err instanceof UnmappedResourceTypeError
        ) {
            process.stderr.write(`deployer-policy: ${err.message}\n`);
            return 2;
        }
        process.stderr.write(
            `deployer-policy failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
        );
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.stdout.write("", () => process.exit(code)),
        (err) => {
            process.stderr.write(`deployer-policy failed: ${String(err)}\n`);
            process.exit(1);
        },
    );
}
