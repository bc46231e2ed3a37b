/** `tenant signup <tenant-id> --tier <tier> --admin-email <email> [--silo create --email ... [--ou ...] | --silo-account <id> [--bootstrap]] [--access-role <name>] [--deployer-arn <arn>]` */
import { Command } from "commander";
import { signup } from "../lifecycle/signup";
import type { SiloRequest } from "../lifecycle/silo";
import { parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import {
    InvalidBootstrapSettingError,
    parseAccessRoleName,
    type SiloBootstrapSettings,
} from "../bootstrap/args";
import { deployerArnOf } from "../bootstrap/deployer";
import { emailProblem, parseAccountId, parseOrganizationalUnitId } from "../vending/vend";
import { execute } from "./execute";
import { jsonOutput } from "./output";
import { Problems } from "./problems";
import { summaryText } from "./render";
import {
    type CliDeps,
    commandLine,
    commonArgs,
    type CommonOptions,
    type EngineSettings,
    resolveSettings,
    withEngineOptions,
} from "./settings";

export interface SignupOptions extends CommonOptions {
    readonly tier?: string;
    readonly adminEmail?: string;
    readonly silo?: string;
    readonly email?: string;
    readonly ou?: string;
    readonly siloAccount?: string;
    readonly bootstrap?: boolean;
    readonly accessRole?: string;
    readonly deployerArn?: string;
    readonly reusePurgedId?: boolean;
}

/** A validated signup: spec, silo request, settings. */
export interface ValidSignup {
    readonly spec: TenantSpec;
    readonly silo?: SiloRequest;
    readonly settings: EngineSettings;
    /** The silo bootstrap's settings (options, else TENANT_TIERS_ACCESS_ROLE / TENANT_TIERS_DEPLOYER_ARN). */
    readonly bootstrap: SiloBootstrapSettings;
}

/** The silo request of the options (validated into `problems`). */
export function siloRequestOf(
    problems: Problems,
    options: SignupOptions,
    tier: unknown,
): SiloRequest | undefined {
    const { silo, email, ou, siloAccount } = options;
    if (options.bootstrap === true && siloAccount === undefined) {
        problems.add(
            "--bootstrap",
            true,
            "belongs to --silo-account (a vended account is always bootstrapped)",
        );
    }
    if (silo !== undefined && silo !== "create") {
        problems.add("--silo", silo, 'expected "create" (an existing account is --silo-account <id>)');
    }
    if (silo === undefined && (email !== undefined || ou !== undefined)) {
        problems.add(email !== undefined ? "--email" : "--ou", email ?? ou, "belongs to --silo create");
    }
    if (silo !== undefined && siloAccount !== undefined) {
        problems.add("--silo-account", siloAccount, "give either --silo create or --silo-account, not both");
    }
    if ((silo !== undefined || siloAccount !== undefined) && tier !== "premium") {
        problems.add("--tier", tier, "a silo account is a premium option: use --tier premium");
    }
    if (silo === "create") {
        const rule =
            email === undefined
                ? "required with --silo create: the root email of the new account"
                : emailProblem(email);
        if (rule !== undefined) problems.add("--email", email, rule);
        const organizationalUnitId =
            ou === undefined ? undefined : problems.check("--ou", () => parseOrganizationalUnitId(ou));
        return {
            create: {
                email: email ?? "",
                ...(organizationalUnitId === undefined ? {} : { organizationalUnitId }),
            },
        };
    }
    if (siloAccount !== undefined) {
        const accountId = problems.check("--silo-account", () => parseAccountId(siloAccount));
        return {
            accountId: accountId ?? siloAccount,
            ...(options.bootstrap === true ? { bootstrap: true } : {}),
        };
    }
    return undefined;
}

/** The silo bootstrap's settings: options first, then the environment (validated into `problems`). */
export function bootstrapSettingsOf(
    problems: Problems,
    options: SignupOptions,
    env: Readonly<Record<string, string | undefined>>,
): SiloBootstrapSettings {
    const accessRoleName = options.accessRole ?? env.TENANT_TIERS_ACCESS_ROLE;
    const deployerArn = options.deployerArn ?? env.TENANT_TIERS_DEPLOYER_ARN;
    const check = (field: string, validate: () => void) => {
        try {
            validate();
        } catch (error) {
            if (!(error instanceof InvalidBootstrapSettingError)) throw error;
            problems.add(field, error.value, error.rule);
        }
    };
    if (accessRoleName !== undefined) check("--access-role", () => parseAccessRoleName(accessRoleName));
    if (deployerArn !== undefined) check("--deployer-arn", () => deployerArnOf(deployerArn));
    return {
        ...(accessRoleName === undefined ? {} : { accessRoleName }),
        ...(deployerArn === undefined ? {} : { deployerArn }),
    };
}

/** Validates a signup; throws `CliInputError` listing every problem. */
export function validateSignup(tenantId: string, options: SignupOptions, deps: CliDeps): ValidSignup {
    const problems = new Problems();
    const settings = resolveSettings(options, deps, problems);
    const spec = problems.check("<tenant-id>", () =>
        parseTenantSpec({
            tenantId,
            tier: options.tier,
            environment: settings?.environment ?? "dev",
            adminEmail: options.adminEmail,
            createdAt: deps
                .now()
                .toISOString()
                .replace(/\.\d{3}Z$/, "Z"),
        }),
    );
    const silo = siloRequestOf(problems, options, options.tier);
    const bootstrap = bootstrapSettingsOf(problems, options, deps.env);
    problems.throwIfAny();
    return {
        spec: spec as TenantSpec,
        ...(silo === undefined ? {} : { silo }),
        settings: settings as EngineSettings,
        bootstrap,
    };
}

/** The signup's own arguments, as they must be repeated to resume. */
export function signupArgs(spec: TenantSpec, silo: SiloRequest | undefined): string[] {
    const args = ["signup", spec.tenantId, "--tier", spec.tier, "--admin-email", spec.adminEmail];
    if (silo !== undefined && "create" in silo) {
        args.push("--silo", "create", "--email", silo.create.email);
        if (silo.create.organizationalUnitId !== undefined)
            args.push("--ou", silo.create.organizationalUnitId);
    } else if (silo !== undefined) {
        args.push("--silo-account", silo.accountId);
        if (silo.bootstrap === true) args.push("--bootstrap");
    }
    return args;
}

export function signupCommand(deps: CliDeps, exit: (code: number) => void): Command {
    return withEngineOptions(new Command("signup"))
        .description(
            "Create a tenant: its stack <env>-<tenant-id>, deployed with the tenant-guard policy pack. Re-running it changes nothing; after a crash it finishes the job.",
        )
        .argument("<tenant-id>", "3-32 lowercase letters, digits or single hyphens, starting with a letter")
        .option("--tier <tier>", "pooled or premium")
        .option("--admin-email <email>", "the tenant's first administrator (a Cognito user)")
        .option("--silo <mode>", 'premium only: "create" vends an AWS account for the tenant (needs --email)')
        .option("--email <email>", "root email of the account --silo create vends")
        .option("--ou <ou-id>", "organizational unit the vended account moves into (default: the root)")
        .option(
            "--silo-account <account-id>",
            "premium only: an existing member account of the organization (checked first)",
        )
        .option(
            "--bootstrap",
            "with --silo-account: create the account's bootstrap role first, as for a vended account (through --access-role)",
        )
        .option(
            "--access-role <name>",
            "the organization's role the bootstrap assumes in the silo account (default: $TENANT_TIERS_ACCESS_ROLE, else OrganizationAccountAccessRole)",
        )
        .option(
            "--deployer-arn <arn>",
            "the role the bootstrap role trusts (default: $TENANT_TIERS_DEPLOYER_ARN, else the caller's role from STS GetCallerIdentity)",
        )
        .option(
            "--reuse-purged-id",
            "give this tenant the id of an offboarded tenant whose purge was verified (npm run tenant -- purge)",
        )
        .addHelpText(
            "after",
            "\nExamples:\n  npm run tenant -- signup acme --tier pooled --admin-email ops@acme.example\n  npm run tenant -- signup globex --tier premium --admin-email it@globex.example --silo create --email aws+globex@example.com --ou ou-ab12-cdef3456\n",
        )
        .action(async (tenantId: string, options: SignupOptions) => {
            const { spec, silo, settings, bootstrap } = validateSignup(tenantId, options, deps);
            const json = jsonOutput(options);
            exit(
                await execute(deps, settings, {
                    operation: "signup",
                    json,
                    resume: commandLine([
                        ...signupArgs(spec, silo),
                        ...(options.reusePurgedId === true ? ["--reuse-purged-id"] : []),
                        ...(options.accessRole === undefined ? [] : ["--access-role", options.accessRole]),
                        ...(options.deployerArn === undefined ? [] : ["--deployer-arn", options.deployerArn]),
                        ...commonArgs(options, settings),
                    ]),
                    commandOptions: commonArgs(options, settings),
                    run: (lifecycle) =>
                        signup(
                            {
                                spec,
                                ...(silo === undefined ? {} : { silo }),
                                dryRun: options.dryRun === true,
                                reusePurgedId: options.reusePurgedId === true,
                            },
                            { ...lifecycle, bootstrap },
                        ),
                    summary: summaryText,
                }),
            );
        });
}
