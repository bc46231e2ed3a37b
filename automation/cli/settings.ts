/**
 * What every tenant CLI command shares: the options that say where tenants live (environment,
 * Pulumi organization, region, workspace directory, local or remote engine), their defaults, their
 * validation, and the injectable dependencies (output, clock, workspace factory, AWS clients) that
 * tests replace. Nothing here calls Pulumi or AWS: the factory and the clients are only built once
 * a command's input has passed validation.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { chainedSiloClients } from "../lifecycle/siloClients";
import { S3Client } from "@aws-sdk/client-s3";
import type { Command } from "commander";
import { availableStacks, REPO_ROOT as STACK_CONFIG_ROOT, readStackConfig } from "../../plan/stackConfig";
import type { LifecycleAws } from "../lifecycle/context";
import { localWorkspaceFactory, REPO_ROOT } from "../lifecycle/localWorkspace";
import { tenantCommand } from "../lifecycle/command";
import { remoteWorkspaceFactory } from "../lifecycle/remoteWorkspace";
import { ENVIRONMENT_RULE } from "../lifecycle/tenant";
import type { TenantUserDirectory } from "../lifecycle/tenantUsers";
import type { TombstoneStore } from "../lifecycle/tombstones";
import type { TenantWorkspaceFactory } from "../lifecycle/workspace";
import { awsQuotaSources } from "../quotas/awsSources";
import type { QuotaSources } from "../quotas/sources";
import { checkOutFile } from "./output";
import type { Problems } from "./problems";

export interface CliIo {
    /** Results: the summary, or the JSON document with --json. */
    out(text: string): void;
    /** Progress lines and errors. */
    err(text: string): void;
}

/** Where and how the engine runs; plain data, so batch workers receive it as a message. */
export interface EngineSettings {
    readonly environment: string;
    readonly organization: string;
    readonly region: string;
    readonly workDir: string;
    readonly pulumiRoot?: string;
    readonly remote?: { readonly url: string; readonly branch: string; readonly projectPath: string };
}

export interface CliDeps {
    readonly io: CliIo;
    /** The process environment (defaults of --environment, --organization, --region, --work-dir). */
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly now: () => Date;
    readonly sleep?: (ms: number) => Promise<void>;
    readonly workspaces: (settings: EngineSettings) => TenantWorkspaceFactory;
    readonly aws: (region: string) => LifecycleAws;
    /** Where tombstones are kept. @default the platform's registry table, through `aws` */
    readonly tombstones?: TombstoneStore;
    /** The users of tenant ids. @default the platform's user pool, through `aws` */
    readonly users?: TenantUserDirectory;
    /** The module `signup-batch` forks per worker process. */
    readonly batchWorker: string;
    /**
     * Where the quota pre-checks and `quotas` read the account (built only when used).
     * @default none: no pre-check (a real run's {@link defaultCliDeps} gives the AWS one)
     */
    readonly quotaSources?: (settings: EngineSettings, workspaces: TenantWorkspaceFactory) => QuotaSources;
}

/** Dependencies of a real run: the Pulumi CLI, AWS SDK clients with the default credential chain. */
export function defaultCliDeps(): CliDeps {
    return {
        io: { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
        env: process.env,
        now: () => new Date(),
        workspaces: workspaceFactoryOf,
        aws: lazyAwsClients,
        batchWorker: path.join(__dirname, "batchWorker.ts"),
        quotaSources: (settings, workspaces) =>
            awsQuotaSources({
                region: settings.region,
                environment: settings.environment,
                organizations: lazyAwsClients(settings.region).organizations,
                platformOutputs: (environment) => workspaces.platformOutputs(environment),
            }),
    };
}

/**
 * AWS SDK clients with the default credential chain, each built on first use (an operation that
 * needs none builds none). Organizations is served from us-east-1.
 */
export function lazyAwsClients(region: string): LifecycleAws {
    let dynamodb: DynamoDBClient | undefined;
    let s3: S3Client | undefined;
    let organizations: OrganizationsClient | undefined;
    let cognito: CognitoIdentityProviderClient | undefined;
    let kms: KMSClient | undefined;
    let sts: STSClient | undefined;
    return {
        get dynamodb() {
            return (dynamodb ??= new DynamoDBClient({ region }));
        },
        get s3() {
            return (s3 ??= new S3Client({ region }));
        },
        get organizations() {
            return (organizations ??= new OrganizationsClient({ region: "us-east-1" }));
        },
        get cognito() {
            return (cognito ??= new CognitoIdentityProviderClient({ region }));
        },
        get kms() {
            return (kms ??= new KMSClient({ region }));
        },
        get sts() {
            return (sts ??= new STSClient({ region }));
        },
        // The operator's own credentials (a tenantMigrationRoleArn session) start the tenant's chain.
        silo: chainedSiloClients({ region }),
    };
}

/** The workspace factory of `settings`: local, or remote for `--remote`. */
export function workspaceFactoryOf(settings: EngineSettings): TenantWorkspaceFactory {
    const local = localWorkspaceFactory({
        organization: settings.organization,
        workDir: settings.workDir,
        ...(settings.pulumiRoot === undefined ? {} : { pulumiRoot: settings.pulumiRoot }),
    });
    const { remote } = settings;
    return remote === undefined
        ? local
        : remoteWorkspaceFactory(local, { ...remote, organization: settings.organization });
}

/** The shared options as commander parses them. */
export interface CommonOptions {
    readonly environment?: string;
    readonly organization?: string;
    readonly region?: string;
    readonly workDir?: string;
    readonly pulumiRoot?: string;
    readonly json?: boolean;
    /** Write the JSON document to this file (implies `json`). */
    readonly out?: string;
    readonly dryRun?: boolean;
    readonly remote?: boolean;
    readonly remoteUrl?: string;
    readonly remoteBranch?: string;
    readonly remoteProjectPath?: string;
}

/** Adds the options every command has. */
export function withCommonOptions(command: Command): Command {
    return command
        .option(
            "-e, --environment <name>",
            "platform environment of the tenant (default: $TENANT_TIERS_ENVIRONMENT or dev)",
        )
        .option(
            "--organization <org>",
            "Pulumi organization of the platform stack (default: $TENANT_TIERS_ORGANIZATION; required on Pulumi Cloud; organization when $PULUMI_BACKEND_URL is file://, s3://, gs:// or azblob://)",
        )
        .option(
            "--region <region>",
            "AWS region (default: $AWS_REGION, else aws:region of Pulumi.<environment>.yaml)",
        )
        .option(
            "--work-dir <dir>",
            "directory of the tenant project and its stack config files (default: $TENANT_TIERS_WORK_DIR or .tenant-stacks)",
        )
        .option(
            "--pulumi-root <dir>",
            "Pulumi CLI installation to use (the folder holding bin/pulumi; default: pulumi on PATH)",
        )
        .option("--json", "print the result as one JSON document on stdout (progress stays on stderr)")
        .option("--out <file>", "write the JSON document to <file> instead of stdout (implies --json)");
}

/** Adds the options of commands that run the engine. */
export function withEngineOptions(command: Command): Command {
    return withCommonOptions(command)
        .option("--dry-run", "preview only: show what would change, change nothing")
        .option("--remote", "run the engine on Pulumi Deployments (RemoteWorkspace) instead of this machine")
        .option("--remote-url <url>", "git URL of this repository for --remote")
        .option("--remote-branch <branch>", "branch for --remote (default: main)")
        .option(
            "--remote-project-path <path>",
            "tenant project in the repository for --remote (default: automation/remote)",
        );
}

const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;
const ORGANIZATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const GIT_URL = /^(https:\/\/|ssh:\/\/|git@)\S+$/;

/**
 * `aws:region` of the platform's `Pulumi.<environment>.yaml`; records a problem naming the file
 * when it is missing or unreadable (an unknown environment, most often) or has no region.
 */
function platformRegion(environment: string, problems: Problems): string | undefined {
    const file = path.join(STACK_CONFIG_ROOT, `Pulumi.${environment}.yaml`);
    if (!fs.existsSync(file)) {
        const known = availableStacks(STACK_CONFIG_ROOT);
        problems.add(
            "--environment",
            environment,
            `has no platform stack config ${file} to take aws:region from (environments here: ${known.length > 0 ? known.join(", ") : "none"}); ` +
                "pass the environment of a platform stack, or --region <region> if its config lives elsewhere",
        );
        return undefined;
    }
    let region: string | undefined;
    try {
        region = readStackConfig(environment, STACK_CONFIG_ROOT).values["aws:region"];
    } catch (error) {
        problems.add("--region", undefined, `${(error as Error).message}; pass --region or set AWS_REGION`);
        return undefined;
    }
    if (region === undefined) {
        problems.add("--region", undefined, `${file} has no aws:region; pass --region or set AWS_REGION`);
    }
    return region;
}

/** Backends whose stacks all belong to the organization `organization` (self-managed state). */
const SELF_MANAGED_BACKEND = /^(file|s3|gs|azblob):\/\//;

/**
 * The Pulumi organization of the platform stack: --organization, else $TENANT_TIERS_ORGANIZATION,
 * else `organization` when $PULUMI_BACKEND_URL is a self-managed backend (`file://`, `s3://`,
 * `gs://`, `azblob://`), which names every organization so. `undefined` otherwise: on Pulumi
 * Cloud (the CLI's default backend) stacks belong to a real organization that cannot be guessed.
 */
export function organizationOf(
    options: Pick<CommonOptions, "organization">,
    env: Readonly<Record<string, string | undefined>>,
): string | undefined {
    const given = options.organization ?? env.TENANT_TIERS_ORGANIZATION;
    if (given !== undefined) return given;
    const backend = env.PULUMI_BACKEND_URL;
    return backend !== undefined && SELF_MANAGED_BACKEND.test(backend) ? "organization" : undefined;
}

function organizationRule(backend: string | undefined): string {
    const where =
        backend === undefined
            ? "PULUMI_BACKEND_URL is not set, so the backend is your last pulumi login (Pulumi Cloud by default)"
            : `PULUMI_BACKEND_URL ${JSON.stringify(backend)} is Pulumi Cloud`;
    return (
        `required: ${where}, where the platform stack belongs to your organization; pass --organization <org> ` +
        `or set TENANT_TIERS_ORGANIZATION (pulumi org get-default prints it); with a self-managed backend, ` +
        `set PULUMI_BACKEND_URL to it (file://..., s3://, gs://, azblob://) and the organization is "organization"`
    );
}

/** Resolves and validates the shared options; problems are recorded, not thrown. */
export function resolveSettings(
    options: CommonOptions,
    deps: CliDeps,
    problems: Problems,
): EngineSettings | undefined {
    const { env } = deps;
    const environment = options.environment ?? env.TENANT_TIERS_ENVIRONMENT ?? "dev";
    if (!ENVIRONMENT.test(environment)) problems.add("--environment", environment, ENVIRONMENT_RULE);
    const organization = organizationOf(options, env);
    if (organization === undefined) {
        problems.add("--organization", undefined, organizationRule(env.PULUMI_BACKEND_URL));
    } else if (!ORGANIZATION.test(organization)) {
        problems.add(
            "--organization",
            organization,
            'expected a Pulumi organization: letters, digits, ".", "_" or "-" (at most 100)',
        );
    }
    const given = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const region =
        given ?? (ENVIRONMENT.test(environment) ? platformRegion(environment, problems) : undefined);
    if (region !== undefined && !REGION.test(region)) {
        problems.add(
            "--region",
            region,
            "expected an AWS region such as eu-west-1 (pass --region or set AWS_REGION)",
        );
    }
    const workDir = path.resolve(
        options.workDir ?? env.TENANT_TIERS_WORK_DIR ?? path.join(REPO_ROOT, ".tenant-stacks"),
    );
    checkOutFile(problems, options.out);
    let remote: EngineSettings["remote"];
    if (options.remote === true) {
        const url = options.remoteUrl;
        if (url === undefined || !GIT_URL.test(url)) {
            problems.add(
                "--remote-url",
                url,
                "--remote needs the git URL of this repository (https://..., ssh://... or git@...)",
            );
        }
        remote = {
            url: url ?? "",
            branch: options.remoteBranch ?? "main",
            projectPath: options.remoteProjectPath ?? "automation/remote",
        };
    } else if (
        options.remoteUrl !== undefined ||
        options.remoteBranch !== undefined ||
        options.remoteProjectPath !== undefined
    ) {
        problems.add("--remote-url", options.remoteUrl, "the --remote-* options need --remote");
    }
    if (region === undefined || organization === undefined || problems.list.length > 0) return undefined;
    return {
        environment,
        organization,
        region,
        workDir,
        ...(options.pulumiRoot === undefined ? {} : { pulumiRoot: path.resolve(options.pulumiRoot) }),
        ...(remote === undefined ? {} : { remote }),
    };
}

/**
 * The shared options as every suggested command (resume, re-run, next step) must repeat them: the
 * environment always, the others only when given on the command line, and the options that change
 * what a command does or prints (`--dry-run`, `--json`, `--out`), so a copied command does the same thing.
 */
export function commonArgs(options: CommonOptions, settings: EngineSettings): string[] {
    const args = ["-e", settings.environment];
    if (options.organization !== undefined) args.push("--organization", options.organization);
    if (options.region !== undefined) args.push("--region", options.region);
    if (options.workDir !== undefined) args.push("--work-dir", options.workDir);
    if (options.pulumiRoot !== undefined) args.push("--pulumi-root", options.pulumiRoot);
    if (settings.remote !== undefined) {
        args.push(
            "--remote",
            "--remote-url",
            settings.remote.url,
            "--remote-branch",
            settings.remote.branch,
            "--remote-project-path",
            settings.remote.projectPath,
        );
    }
    if (options.dryRun === true) args.push("--dry-run");
    if (options.json === true) args.push("--json");
    if (options.out !== undefined) args.push("--out", options.out);
    return args;
}

/** `npm run tenant -- <args>` with each argument quoted for a POSIX shell when it needs it. */
export const commandLine = tenantCommand;
