/**
 * What every lifecycle operation is given (the workspace factory, AWS clients, clock, retry
 * policy) and the run of one operation on one tenant stack: its progress record, its engine calls
 * with `ConcurrentUpdateError` retried, its events, and the error that says what is done and what
 * is not when a step fails.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";
import type { SiloBootstrapSettings } from "../bootstrap/args";
import type { TenantSpec } from "../../tiers/tenantSpec";
import type { QuotaGuard } from "../quotas/guard";
import { errorText } from "./engineError";
import { InvalidLifecycleInputError, LifecycleStepError } from "./errors";
import { fromEngineEvent, type LifecycleEvent } from "./events";
import {
    LIFECYCLE_CONFIG_KEY,
    type LifecycleOperation,
    type LifecycleRecord,
    OPERATION_STEPS,
    REGION_CONFIG_KEY,
    recordConfigValue,
    SPEC_CONFIG_KEY,
    specConfigValue,
} from "./record";
import type { SiloClientFactory } from "./siloClients";
import type { TenantUserDirectory } from "./tenantUsers";
import type { TombstoneStore } from "./tombstones";
import type { PreviewOutcome, ResourceChanges, TenantStackWorkspace, UpOutcome } from "./workspace";
import type { TenantWorkspaceFactory } from "./workspace";

/** How engine calls are retried while another update holds the stack (`ConcurrentUpdateError`). */
export interface LifecycleRetry {
    /** Attempts per engine call, the first included. */
    readonly attempts: number;
    /** Delay before the first retry; doubles on every further retry. */
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
}

export const DEFAULT_LIFECYCLE_RETRY: Readonly<LifecycleRetry> = Object.freeze({
    attempts: 5,
    baseDelayMs: 5_000,
    maxDelayMs: 60_000,
});

/** AWS clients for the steps that touch data or accounts directly (not through Pulumi). */
export interface LifecycleAws {
    /** Tier-change migration and offboarding backups, exports and purges. */
    readonly dynamodb?: DynamoDBClient;
    /** Offboarding exports and purges of a tenant's objects. */
    readonly s3?: S3Client;
    /** Silo accounts: vending (`--silo create`) and membership checks (`--silo-account`). */
    readonly organizations?: OrganizationsClient;
    /** Tier changes into or out of a silo account: clients through the tenant's role chain. */
    readonly silo?: SiloClientFactory;
    /** The platform's user pool: a tenant's users are disabled at offboarding, deleted by a purge. */
    readonly cognito?: CognitoIdentityProviderClient;
    /** Purges: a premium tenant's key is scheduled for deletion. */
    readonly kms?: KMSClient;
    /** Silo bootstrap: the caller's identity, the default deployer principal. */
    readonly sts?: STSClient;
}

export interface LifecycleDeps {
    readonly workspaces: TenantWorkspaceFactory;
    /** `aws:region` of tenant stacks (the platform's region). */
    readonly region: string;
    readonly aws?: LifecycleAws;
    /** Silo bootstrap: the organization's access role and the deployer principal (defaults documented there). */
    readonly bootstrap?: SiloBootstrapSettings;
    /**
     * Where offboarded tenants' tombstones are kept.
     * @default the platform's registry table (`registryTableName`), through `aws.dynamodb`
     */
    readonly tombstones?: TombstoneStore;
    /**
     * The users of a tenant id.
     * @default the platform's user pool (`userPoolId`), through `aws.cognito`
     */
    readonly users?: TenantUserDirectory;
    /**
     * The quota pre-check of signups and tier changes (automation/quotas); the CLI and the control
     * plane always give one.
     * @default no pre-check
     */
    readonly quotas?: QuotaGuard;
    readonly onEvent?: (event: LifecycleEvent) => void;
    /** @default a `setTimeout` promise */
    readonly sleep?: (ms: number) => Promise<void>;
    /** @default () => new Date() */
    readonly now?: () => Date;
    readonly retry?: Partial<LifecycleRetry>;
    /**
     * How an operator re-runs the operation, named in failure messages.
     * @default "the same <operation> call"
     */
    readonly resumeCommand?: string;
    /**
     * The options every command the lifecycle suggests repeats after its own arguments (the
     * environment, and `--dry-run` in a dry run), so a copied suggestion does what this run did.
     * @default ["-e", <environment>]
     */
    readonly commandOptions?: readonly string[];
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** Checks the dependencies' plain values before anything runs. */
export function checkDeps(deps: LifecycleDeps): void {
    if (!REGION.test(deps.region)) {
        throw new InvalidLifecycleInputError(
            "region",
            deps.region,
            "expected an AWS region such as eu-west-1",
        );
    }
}

/** Human words for every step, used in "done" and "not done" lists. */
const STEP_WORDS: Readonly<Record<LifecycleOperation, Readonly<Record<string, string>>>> = {
    signup: { silo: "silo account (vend or check, bootstrap)", deploy: "deploy the tenant stack (up)" },
    "change-tier": {
        silo: "silo account (vend or check)",
        suspend: "suspend the tenant and deploy the premium stores (up)",
        migrate: "copy and verify the partition, switch the registry and reactivate (up), clean the source",
    },
    suspend: { deploy: "deploy status suspended (up)" },
    resume: { deploy: "deploy status active (up)" },
    offboard: {
        suspend: "mark the tenant offboarded (up)",
        backup: "back up the tenant's data",
        destroy: "destroy the tenant stack, data stores retained",
        purge: "delete the tenant's data, users and key, and verify (--purge)",
        tombstone: "disable the tenant's users (without --purge) and write its tombstone to the registry",
        remove: "remove the tenant stack",
    },
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isConcurrentUpdate = (error: unknown): boolean =>
    error instanceof Error && error.name === "ConcurrentUpdateError";

/** One operation on one opened tenant stack. */
export class OperationRun {
    readonly done: string[] = [];
    readonly changes: Record<string, number> = {};
    private readonly retry: LifecycleRetry;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly clock: () => Date;

    constructor(
        readonly operation: LifecycleOperation,
        readonly tenantId: string,
        readonly ws: TenantStackWorkspace,
        readonly deps: LifecycleDeps,
        public record: LifecycleRecord,
    ) {
        this.retry = { ...DEFAULT_LIFECYCLE_RETRY, ...definedOnly(deps.retry ?? {}) };
        this.sleep = deps.sleep ?? defaultSleep;
        this.clock = deps.now ?? (() => new Date());
    }

    /** A fresh record of `operation`, starting now. */
    static newRecord(operation: LifecycleOperation, step: string, now: () => Date): LifecycleRecord {
        const time = now().toISOString();
        return { operation, step, startedAt: time, updatedAt: time };
    }

    now(): Date {
        return this.clock();
    }

    emit(event: LifecycleEvent): void {
        this.deps.onEvent?.(event);
    }

    step(step: string, state: "started" | "done" | "skipped", detail?: string): void {
        this.emit({
            type: "step",
            operation: this.operation,
            tenantId: this.tenantId,
            step,
            state,
            ...(detail === undefined ? {} : { detail }),
        });
    }

    /**
     * Merges `patch` into the record, stamps it and writes it (with `spec` when given) in one config
     * call. The run's record advances only once the write succeeded: it is always what is recorded.
     */
    async save(patch: Partial<LifecycleRecord>, spec?: TenantSpec): Promise<void> {
        // A step that succeeds clears the previous failure note.
        const next: LifecycleRecord = { ...this.record, ...patch, updatedAt: this.clock().toISOString() };
        delete (next as { lastError?: string }).lastError;
        await this.ws.writeConfig({
            [LIFECYCLE_CONFIG_KEY]: recordConfigValue(next),
            ...(spec === undefined
                ? {}
                : { [SPEC_CONFIG_KEY]: specConfigValue(spec), [REGION_CONFIG_KEY]: this.deps.region }),
        });
        this.record = next;
    }

    /** `up` with retries; its resource changes are added to the run's. */
    async up(spec: TenantSpec): Promise<UpOutcome> {
        const outcome = await this.withRetry(() => this.ws.up(spec, { onEvent: (e) => this.engineEvent(e) }));
        this.addChanges(outcome.changes);
        return outcome;
    }

    async preview(spec: TenantSpec): Promise<PreviewOutcome> {
        return this.withRetry(() => this.ws.preview(spec, { onEvent: (e) => this.engineEvent(e) }));
    }

    async destroy(spec: TenantSpec, previewOnly = false): Promise<PreviewOutcome> {
        const outcome = await this.withRetry(() =>
            this.ws.destroy(spec, { previewOnly, onEvent: (e) => this.engineEvent(e) }),
        );
        if (!previewOnly) this.addChanges(outcome.changes);
        return outcome;
    }

    /** The error for a failed `step`; records the failure in the record (best effort). */
    async fail(step: string, cause: unknown): Promise<LifecycleStepError> {
        const steps: readonly string[] = OPERATION_STEPS[this.operation];
        const words = STEP_WORDS[this.operation];
        const remaining = steps
            .slice(Math.max(0, steps.indexOf(step)))
            .filter((s) => s !== "done" && (s !== "purge" || this.record.purge === true))
            .map((s) => words[s] ?? s);
        const message = errorText(cause).split("\n")[0];
        try {
            const noted = { ...this.record, lastError: `${step}: ${message}`.slice(0, 500) };
            await this.ws.writeConfig({ [LIFECYCLE_CONFIG_KEY]: recordConfigValue(noted) });
            this.record = noted;
        } catch {
            // The record of the step itself is what resumes; a lost error note only affects `status`.
        }
        return new LifecycleStepError(
            this.operation,
            this.tenantId,
            this.ws.stackName,
            step,
            this.done,
            remaining,
            this.deps.resumeCommand ?? `the same ${this.operation} call`,
            cause,
        );
    }

    private engineEvent(event: Parameters<typeof fromEngineEvent>[1]): void {
        const mapped = fromEngineEvent(this.tenantId, event);
        if (mapped !== undefined) this.emit(mapped);
    }

    private addChanges(changes: ResourceChanges): void {
        for (const [op, count] of Object.entries(changes)) this.changes[op] = (this.changes[op] ?? 0) + count;
    }

    private async withRetry<T>(action: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await action();
            } catch (error) {
                if (!isConcurrentUpdate(error) || attempt >= this.retry.attempts) throw error;
                const delayMs = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
                this.emit({
                    type: "retry",
                    tenantId: this.tenantId,
                    reason: "another update of the stack is in progress (ConcurrentUpdateError)",
                    attempt,
                    delayMs,
                });
                await this.sleep(delayMs);
            }
        }
    }
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
