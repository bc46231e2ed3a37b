/**
 * Runs a Pulumi program under the mock runtime (no CLI, no credentials, no cloud) and records
 * every resource it registers: type, name, parent, inputs as the provider would receive them,
 * and the provider, protect, retainOnDelete and dependsOn options. The offline plan, the tests and the benchmark all use
 * this, so what they check is what `pulumi up` would send.
 */
import * as pulumi from "@pulumi/pulumi";
import { awsxMockState } from "./awsxState";

/** The account the mocks pretend to deploy into. */
export const MOCK_ACCOUNT_ID = "123456789012";
/** The organization the mocks pretend the account belongs to. */
export const MOCK_ORGANIZATION_ID = "o-exampleorg1";

export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    /** Name of the parent resource, or `null` for children of the stack itself. */
    readonly parent: string | null;
    /** `true` for provider resources, `false` for components. */
    readonly custom: boolean;
    readonly inputs: Record<string, unknown>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** Name of the explicit provider resource the resource is created with; unset for the default provider. */
    readonly provider?: string;
    /**
     * The outputs the mock computed beyond the inputs (`id`, `arn`, `bucket`, `keyId`, ...): stack
     * policies see inputs and these, as the engine shows them outputs at `pulumi up`. Unset for
     * components and stack references.
     */
    readonly outputs?: Record<string, unknown>;
    /**
     * Names of the resources it waits for through the `dependsOn` option, sorted: its dependencies
     * that no input carries (a `dependsOn` on a component lists the component's resources; one on a
     * resource an input also references is not listed, as the engine orders both alike).
     */
    readonly dependsOn: readonly string[];
}

export interface PlannedStack {
    readonly name: string;
    readonly kind: "platform" | "tenant" | "control-plane" | "silo-bootstrap";
    readonly resources: PlannedResource[];
    /** Stack outputs, resolved. */
    readonly outputs: Record<string, unknown>;
}

export interface PlanStackOptions {
    readonly project: string;
    readonly stack: string;
    readonly kind: PlannedStack["kind"];
    /** Stack config as Pulumi passes it to a program: `namespace:key` → string. */
    readonly config: Readonly<Record<string, string>>;
    /** The program; it runs inside a fresh stack resource. */
    readonly program: () => unknown;
    /**
     * Outputs of the stacks the program reads through a `StackReference`, by stack name
     * (`<org>/<project>/<stack>`). A reference to any other stack fails the plan.
     */
    readonly stackReferences?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Inputs as JSON data: secrets become `"[secret]"`, assets and archives a short description. */
export function sanitizeInputs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sanitizeInputs);
    if (value === null || typeof value !== "object") return value;
    if (pulumi.asset.Archive.isInstance(value) || pulumi.asset.Asset.isInstance(value)) return "[archive]";
    const record = value as Record<string, unknown>;
    const sig = record[SECRET_SIG];
    if (sig === SECRET_VALUE) return "[secret]";
    if (sig === ASSET_SIG || sig === ARCHIVE_SIG) return "[archive]";
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, sanitizeInputs(v)]));
}

/** The account an explicit AWS provider is pinned to (`allowedAccountIds`, a JSON string under mocks). */
function providerAccount(inputs: Record<string, unknown>): string | undefined {
    const ids: unknown =
        typeof inputs.allowedAccountIds === "string" ? JSON.parse(inputs.allowedAccountIds) : undefined;
    return Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined;
}

/** The outputs a mock returns for a resource: its inputs plus the attributes programs read. */
function mockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    account: string = MOCK_ACCOUNT_ID,
): Record<string, unknown> {
    const region = "eu-west-1";
    const id = `${name}-id`;
    const state: Record<string, unknown> = { ...inputs };
    const service = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const physical = (inputs.name as string | undefined) ?? name;
    switch (type) {
        case "aws:iam/role:Role":
            state.arn = `arn:aws:iam::${account}:role/${physical}`;
            state.name = physical;
            break;
        case "aws:iam/policy:Policy":
            state.arn = `arn:aws:iam::${account}:policy/${physical}`;
            state.name = physical;
            break;
        case "aws:dynamodb/table:Table":
            state.arn = `arn:aws:dynamodb:${region}:${account}:table/${physical}`;
            state.name = physical;
            break;
        case "aws:s3/bucket:Bucket": {
            const bucket =
                (inputs.bucket as string | undefined) ??
                `${(inputs.bucketPrefix as string | undefined) ?? ""}${name}`.slice(0, 63);
            state.bucket = bucket;
            state.arn = `arn:aws:s3:::${bucket}`;
            break;
        }
        case "aws:kms/key:Key":
            state.keyId = `${name}-key-id`;
            state.arn = `arn:aws:kms:${region}:${account}:key/${name}-key-id`;
            break;
        case "aws:lambda/function:Function": {
            const arn = `arn:aws:lambda:${region}:${account}:function:${physical}`;
            state.name = physical;
            state.arn = arn;
            state.invokeArn = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            break;
        }
        case "aws:apigateway/restApi:RestApi":
            state.rootResourceId = `${name}-root`;
            state.executionArn = `arn:aws:execute-api:${region}:${account}:${id}`;
            break;
        case "aws:apigateway/stage:Stage":
            state.arn = `arn:aws:apigateway:${region}::/restapis/${String(inputs.restApi)}/stages/${String(inputs.stageName)}`;
            state.invokeUrl = `https://${String(inputs.restApi)}.execute-api.${region}.amazonaws.com/${String(inputs.stageName)}`;
            break;
        case "aws:wafv2/webAcl:WebAcl":
            state.arn = `arn:aws:wafv2:${region}:${account}:regional/webacl/${physical}/${id}`;
            break;
        case "aws:sqs/queue:Queue":
            state.arn = `arn:aws:sqs:${region}:${account}:${physical}`;
            state.url = `https://sqs.${region}.amazonaws.com/${account}/${physical}`;
            break;
        case "aws:cloudwatch/logGroup:LogGroup":
            state.arn = `arn:aws:logs:${region}:${account}:log-group:${physical}`;
            break;
        case "aws:cognito/userPool:UserPool":
            state.arn = `arn:aws:cognito-idp:${region}:${account}:userpool/${region}_${name}`;
            break;
        default: {
            const awsx = awsxMockState(type, name, inputs, account, region);
            if (awsx !== undefined) return { ...state, ...awsx };
            // AWS names a resource by its physical name: the program's `name`, else the logical one.
            state.arn ??= `arn:aws:${service}:${region}:${account}:${physical}`;
        }
    }
    return state;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): {
        forEach(callback: (entry: { getUrnsList(): string[] }, key: string) => void): void;
    };
}

const nameOfUrn = (urn: string): string => urn.split("::").pop() ?? urn;

/** The dependencies of a request that no input carries: what `dependsOn` added. */
function explicitDependencies(req: RegisterRequest): string[] {
    const carried = new Set<string>();
    req.getPropertydependenciesMap().forEach((entry) => {
        for (const urn of entry.getUrnsList()) carried.add(urn);
    });
    return [
        ...new Set(
            req
                .getDependenciesList()
                .filter((urn) => !carried.has(urn))
                .map(nameOfUrn),
        ),
    ].sort();
}
interface RecordingMonitor {
    registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void>;
}

/**
 * Evaluates one stack under mocks and returns what it would deploy. Stacks are evaluated one at a
 * time: the mock runtime is process-global.
 */
export async function planStack(options: PlanStackOptions): Promise<PlannedStack> {
    const resources: PlannedResource[] = [];
    // Resources created with a provider pinned to another account (a silo) get ARNs in that account.
    const providerAccounts = new Map<string, string>();
    const requests = new Map<
        string,
        {
            parentUrn: string;
            protect: boolean;
            retainOnDelete: boolean;
            provider: string | undefined;
            dependsOn: string[];
        }
    >();

    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const meta = requests.get(`${args.type}::${args.name}`);
                const parentUrn = meta?.parentUrn ?? "";
                const parentName = parentUrn === "" ? null : (parentUrn.split("::").pop() ?? null);
                const planned: PlannedResource = {
                    type: args.type,
                    name: args.name,
                    parent: parentName?.startsWith(`${options.project}-${options.stack}`) ? null : parentName,
                    custom: args.custom ?? true,
                    inputs: sanitizeInputs(args.inputs) as Record<string, unknown>,
                    protect: meta?.protect ?? false,
                    retainOnDelete: meta?.retainOnDelete ?? false,
                    ...(meta?.provider === undefined ? {} : { provider: meta.provider }),
                    dependsOn: meta?.dependsOn ?? [],
                };
                resources.push(planned);
                if (args.type === "pulumi:pulumi:StackReference") {
                    const referenced = String((args.inputs as Record<string, unknown>).name);
                    const outputs = options.stackReferences?.[referenced];
                    if (outputs === undefined) {
                        throw new Error(
                            `the offline plan has no outputs for the referenced stack "${referenced}"`,
                        );
                    }
                    return { id: referenced, state: { name: referenced, outputs } };
                }
                const inputs = args.inputs as Record<string, unknown>;
                const pinned = args.type === "pulumi:providers:aws" ? providerAccount(inputs) : undefined;
                if (pinned !== undefined) providerAccounts.set(args.name, pinned);
                const account =
                    meta?.provider === undefined ? undefined : providerAccounts.get(meta.provider);
                const id = `${args.name}-id`;
                const state = mockState(args.type, args.name, inputs, account);
                if (args.custom ?? true) {
                    resources[resources.indexOf(planned)] = {
                        ...planned,
                        outputs: {
                            id,
                            ...Object.fromEntries(Object.entries(state).filter(([k]) => !(k in inputs))),
                        },
                    };
                }
                return { id, state };
            },
            call(args) {
                if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
                    return {
                        accountId: MOCK_ACCOUNT_ID,
                        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/planner`,
                        userId: "AIDAPLANNER",
                        id: MOCK_ACCOUNT_ID,
                    };
                }
                if (args.token === "aws:ec2/getRouteTables:getRouteTables") {
                    // The route tables associated with the subnets the program filters on.
                    const inputs = args.inputs as { vpcId: string; filters?: { values: string[] }[] };
                    const subnets = inputs.filters?.[0]?.values ?? [];
                    return {
                        id: inputs.vpcId,
                        vpcId: inputs.vpcId,
                        ids: subnets.map((subnet) => subnet.replace(/^subnet-/, "rtb-")),
                    };
                }
                throw new Error(`the offline plan has no mock for provider function ${args.token}`);
            },
        },
        options.project,
        options.stack,
        false,
    );
    pulumi.runtime.setAllConfig({ ...options.config });

    const monitor = pulumi.runtime.getMonitor() as unknown as RecordingMonitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const key = `${req.getType()}::${req.getName()}`;
        if (requests.has(key)) {
            callback(
                new Error(`two resources of type ${req.getType()} are named "${req.getName()}"`),
                undefined,
            );
            return Promise.resolve();
        }
        requests.set(key, {
            parentUrn: req.getParent(),
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
            // "<provider urn>::<id>"; empty for the default provider.
            provider: req.getProvider() === "" ? undefined : req.getProvider().split("::")[3],
            dependsOn: explicitDependencies(req),
        });
        return register(req, callback);
    };

    // A program that throws (bad config, invalid args) must fail the plan with its own error; letting
    // it escape into the stack resource would also surface as unhandled rejections inside Pulumi.
    let programError: unknown;
    // The SDK records `new Error().stack` on every promise it creates, and with source maps enabled
    // (tsx) formatting those traces cost about 80% of a tenant stack's evaluation. Nothing under
    // mocks reads them, so no frames are captured while the program runs.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let outputs: unknown;
    try {
        outputs =
            (await pulumi.runtime.runInPulumiStack(async () => {
                try {
                    return await options.program();
                } catch (err) {
                    programError = err;
                    return {};
                }
            })) ?? {};
        await waitForRegistrations();
    } finally {
        Error.stackTraceLimit = stackTraceLimit;
    }
    if (programError !== undefined) {
        throw programError instanceof Error ? programError : new Error(JSON.stringify(programError));
    }
    return {
        name: options.stack,
        kind: options.kind,
        resources: resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
        outputs: sanitizeInputs(outputs) as Record<string, unknown>,
    };
}

async function waitForRegistrations(): Promise<void> {
    const settings = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
    if (settings.waitForRPCs !== undefined) await settings.waitForRPCs();
}
