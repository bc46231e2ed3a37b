/**
 * The tenant lifecycle wired to the real `LocalWorkspace` and the fake Pulumi CLI: what an `up`
 * deploys follows the spec in the stack's config (the membership for pooled tenants, plus stores,
 * function and API for premium ones), like the real program would; outputs name the tables and
 * buckets the data steps use.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LifecycleAws, LifecycleDeps } from "../../automation/lifecycle/context";
import type { LifecycleEvent } from "../../automation/lifecycle/events";
import { BOOTSTRAP_ARGS_CONFIG_KEY, localWorkspaceFactory } from "../../automation/lifecycle/localWorkspace";
import type { SiloBootstrapArgs } from "../../automation/bootstrap/args";
import { parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import { MemoryTombstones, MemoryUsers } from "./memoryRecords";
import { type FakeResource, type FakeStack, FakePulumi } from "./fakePulumiCommand";

export const ORGANIZATION = "my-org";
export const REGION = "eu-west-1";
export const NOW = new Date("2026-03-01T09:30:00.000Z");
export const POOLED_TABLE = "tenant-tiers-dev-data-5f3a2c1";
export const SHARED_BUCKET = "tenant-tiers-dev-data-7c1d9e2";
export const PLATFORM_KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001";
/** The ARN of `tenantId`'s own key, as a premium stack outputs it. */
export const tenantKeyArn = (tenantId: string) => `arn:aws:kms:eu-west-1:123456789012:key/${tenantId}-key`;
export const PLATFORM_STACK = `${ORGANIZATION}/tenant-tiers/dev`;
export const SPEC_KEY = "tenant-tiers-tenants:spec";
export const RECORD_KEY = "tenant-tiers-tenants:lifecycle";

/** A pooled spec of `tenantId` in dev, signed up at {@link NOW}. */
export function specOf(tenantId: string, tier = "pooled", extra: Record<string, unknown> = {}): TenantSpec {
    return parseTenantSpec({
        tenantId,
        tier,
        environment: "dev",
        adminEmail: `ops@${tenantId}.example`,
        createdAt: "2026-03-01T09:30:00Z",
        ...extra,
    });
}

/** What a tenant stack holds for `spec` (names as the real components make them). */
export function tenantResources(spec: TenantSpec): FakeResource[] {
    const id = spec.tenantId;
    const membership: FakeResource[] = [
        { type: "aws:apigateway/apiKey:ApiKey", name: `${id}-membership-api-key` },
        { type: "aws:apigateway/usagePlanKey:UsagePlanKey", name: `${id}-membership-plan-key` },
        { type: "aws:cognito/userGroup:UserGroup", name: `${id}-membership-group` },
        { type: "aws:cognito/user:User", name: `${id}-membership-admin` },
        { type: "aws:cognito/userInGroup:UserInGroup", name: `${id}-membership-admin-group` },
        { type: "aws:dynamodb/tableItem:TableItem", name: `${id}-membership-registry-entry` },
    ];
    if (spec.tier === "pooled") return membership;
    return [
        ...membership,
        { type: "aws:kms/key:Key", name: `${id}-store-key` },
        { type: "aws:dynamodb/table:Table", name: `${id}-store-data` },
        { type: "aws:s3/bucket:Bucket", name: `${id}-store-bucket` },
        { type: "aws:lambda/function:Function", name: `${id}-function-function` },
    ];
}

/** The stack outputs of `spec`. */
export function tenantOutputs(spec: TenantSpec): Record<string, unknown> {
    const id = spec.tenantId;
    const premium = spec.tier === "premium";
    return {
        tenantId: id,
        tier: spec.tier,
        apiKeyId: `${id}-key-id`,
        apiUrl: premium
            ? `https://${id}.execute-api.eu-west-1.amazonaws.com/dev`
            : "https://platform.execute-api.eu-west-1.amazonaws.com/dev",
        functionName: premium ? `tenant-tiers-dev-premium-${id}` : "tenant-tiers-dev-pooled",
        tableName: premium ? `tenant-tiers-dev-premium-${id}` : POOLED_TABLE,
        bucketName: premium ? `tenant-tiers-dev-premium-${id}-bucket` : SHARED_BUCKET,
        ...(premium ? { kmsKeyArn: tenantKeyArn(id) } : {}),
        // A silo's stores (and the data role the runtime and tier changes chain into) are in its account.
        ...(premium && spec.silo !== undefined
            ? {
                  bucketName: `tenant-tiers-dev-premium-${id}-silo-bucket`,
                  kmsKeyArn: `arn:aws:kms:eu-west-1:${spec.silo.accountId}:key/${id}-key`,
                  siloAccountId: spec.silo.accountId,
                  siloDataRoleArn: `arn:aws:iam::${spec.silo.accountId}:role/tenant-tiers-dev-silo-${id}`,
              }
            : {}),
    };
}

/** What a silo bootstrap stack holds for `args` (names as the bootstrap program makes them). */
export function bootstrapResources(): FakeResource[] {
    return [
        { type: "pulumi:providers:aws", name: "silo-access" },
        { type: "aws:iam/policy:Policy", name: "silo-boundary" },
        { type: "aws:iam/role:Role", name: "bootstrap-role" },
        { type: "aws:iam/rolePolicy:RolePolicy", name: "bootstrap-permissions" },
    ];
}

/** The bootstrap stack's outputs for `args`. */
export function bootstrapOutputs(args: SiloBootstrapArgs): Record<string, unknown> {
    return {
        accountId: args.accountId,
        roleArn: `arn:aws:iam::${args.accountId}:role/${args.bootstrapRoleName}`,
        boundaryArn: `arn:aws:iam::${args.accountId}:policy/tenant-tiers-silo-boundary`,
    };
}

/** The arguments a fake bootstrap stack was last given, or `undefined` for a tenant stack. */
export function bootstrapArgsOf(stack: FakeStack): SiloBootstrapArgs | undefined {
    const raw = stack.config[BOOTSTRAP_ARGS_CONFIG_KEY];
    return raw === undefined ? undefined : (JSON.parse(raw) as SiloBootstrapArgs);
}

/** The spec the fake stack was last given. */
export function deployedSpec(stack: FakeStack): TenantSpec {
    return parseTenantSpec(JSON.parse(stack.config[SPEC_KEY] ?? "null"));
}

export interface Harness {
    readonly fake: FakePulumi;
    readonly tombstones: MemoryTombstones;
    readonly users: MemoryUsers;
    readonly workDir: string;
    readonly events: LifecycleEvent[];
    readonly sleeps: number[];
    /** Lifecycle dependencies; `overrides` replace fields. */
    deps(overrides?: Partial<LifecycleDeps>): LifecycleDeps;
}

/** A fresh fake backend and workspace directory; `onUp` runs after the fake decided what an `up` deploys. */
export function lifecycleHarness(
    options: {
        aws?: LifecycleAws;
        onUp?: (spec: TenantSpec) => void | Promise<void>;
        onDestroy?: (spec: TenantSpec) => void | Promise<void>;
    } = {},
): Harness {
    const fake = new FakePulumi(async (_name, stack) => {
        const bootstrap = bootstrapArgsOf(stack);
        if (bootstrap !== undefined) {
            stack.resources = bootstrapResources();
            stack.outputs = bootstrapOutputs(bootstrap);
            return;
        }
        const spec = deployedSpec(stack);
        stack.resources = tenantResources(spec);
        stack.outputs = tenantOutputs(spec);
        await options.onUp?.(spec);
    });
    fake.onDestroy = async (_name, stack) => {
        await options.onDestroy?.(deployedSpec(stack));
    };
    fake.platformOutputs.set(PLATFORM_STACK, {
        environment: "dev",
        dataTableName: POOLED_TABLE,
        bucketName: SHARED_BUCKET,
        platformKeyArn: PLATFORM_KEY_ARN,
    });
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-stacks-"));
    const events: LifecycleEvent[] = [];
    const sleeps: number[] = [];
    const tombstones = new MemoryTombstones();
    const users = new MemoryUsers();
    return {
        fake,
        tombstones,
        users,
        workDir,
        events,
        sleeps,
        deps: (overrides = {}) => ({
            workspaces: localWorkspaceFactory({
                organization: ORGANIZATION,
                workDir,
                pulumiCommand: fake.command,
            }),
            region: REGION,
            ...(options.aws === undefined ? {} : { aws: options.aws }),
            tombstones,
            users,
            onEvent: (event) => events.push(event),
            sleep: async (ms) => {
                sleeps.push(ms);
            },
            now: () => NOW,
            resumeCommand: "RESUME",
            ...overrides,
        }),
    };
}
