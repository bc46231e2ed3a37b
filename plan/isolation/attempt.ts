/** The vocabulary of the isolation proof: attempts, their expected outcome, and how they are named. */
import type { PolicyDocument } from "../../components/policies/document";
import { MOCK_ACCOUNT_ID } from "../mockRuntime";
import type { Decision, SimulationContext } from "./simulation";

/** Tenants the proof uses when no tenant stack is planned. */
export const SAMPLE_TENANTS: readonly string[] = Object.freeze(["acme", "globex"]);
export const TENANT_TAG_KEY = "TenantId";
export const TENANT_VARIABLE = "${aws:PrincipalTag/TenantId}";
export const VARIABLE_TOKEN = "\u0000";

export type Expectation = "allow" | "deny";

export interface IsolationFailure {
    /** The tenant whose session made the attempt (`(none)` for a tagless session). */
    readonly tenant: string;
    readonly attempt: string;
    readonly action: string;
    readonly resource: string;
    readonly expected: Expectation;
    readonly result: Decision | "error";
    readonly detail?: string;
}

/**
 * What the proof covered. A pair is an ordered pair of ids (session, other): a planned tenant's
 * session and another planned tenant or one of its own neighbours ({@link neighboursOf}), or an
 * unplanned neighbour's session and a planned tenant (or an owner of planned resources that is no
 * planned tenant) whose resources it goes after. With `n` planned tenants whose neighbours are
 * not planned tenants themselves, `pairs = n·(n-1) + 2·4·n`.
 */
export interface IsolationCoverage {
    /** Every pair the proof is about. */
    readonly pairs: number;
    /** Pairs all of whose attempts were decided (no simulation error), for every tenant access role. */
    readonly pairsCovered: number;
    /** Requests sent to the IAM simulator. */
    readonly simulatedRequests: number;
    /** Classes of tenants and pairs that share their canonical requests (see ./classes.ts). */
    readonly documentClasses: number;
}

export interface IsolationReport {
    /** Attempts covered: every attempt of every tenant and pair, decided by simulating its class's. */
    readonly attempts: number;
    /** Covered attempts the simulator denied. */
    readonly denied: number;
    /** Covered attempts the simulator allowed. */
    readonly allowed: number;
    /** Every covered attempt whose decision was not the expected one, one per tenant and attempt. */
    readonly failures: IsolationFailure[];
    readonly coverage: IsolationCoverage;
    /** Failures beyond the listed ones (set only when the list was cut at its limit). */
    readonly unlistedFailures?: number;
}

/** One request to simulate, and what it must yield. */
export interface Attempt {
    readonly tenant: string;
    readonly name: string;
    readonly principal: string;
    readonly identityPolicies: readonly PolicyDocument[];
    readonly resourcePolicy: PolicyDocument | undefined;
    readonly action: string;
    readonly resource: string;
    readonly resourceAccountId: string;
    readonly context: SimulationContext;
    readonly expected: Expectation;
}

/** Ids an attacker would pick next to `tenant`: prefix, suffixes and a hyphen variant. */
export function neighboursOf(tenant: string): string[] {
    const candidates = [tenant.slice(0, -1), `${tenant}2`, `${tenant}-2`, `${tenant}a`];
    return [...new Set(candidates)].filter((n) => n !== "" && n !== tenant);
}

export const ARN_PARTS = /^arn:aws:([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.*)$/;

export function accountOf(arn: string): string {
    const account = ARN_PARTS.exec(arn)?.[3];
    return account === undefined || account === "" ? MOCK_ACCOUNT_ID : account;
}

/** A context as the SDK sends it: over TLS, and PutObject asking for SSE-KMS as the bucket policy demands. */
export function objectContext(action: string, extra: SimulationContext = {}): SimulationContext {
    const encryption: SimulationContext =
        action === "s3:PutObject" ? { "s3:x-amz-server-side-encryption": "aws:kms" } : {};
    return { "aws:SecureTransport": "true", ...encryption, ...extra };
}

export function attemptName(action: string, resource: string, context: SimulationContext): string {
    const shortResource = resource.replace(/^arn:aws:[a-z0-9]+:[a-z0-9-]*:[0-9]*:/, "");
    const request = Object.entries(context)
        .filter(([key]) => key !== "aws:SecureTransport" && key !== "s3:x-amz-server-side-encryption")
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    return [action, shortResource, ...request].join(" ");
}

export function sessionArn(roleArn: string, session: string): string {
    const [, account, path] = /^arn:aws:iam::([0-9]{12}):role\/(.+)$/.exec(roleArn) ?? [];
    const name = (path ?? "unknown").split("/").pop() as string;
    return `arn:aws:sts::${account ?? MOCK_ACCOUNT_ID}:assumed-role/${name}/${session}`;
}

/**
 * Adds one attempt of a tenant's session (`undefined`: a session without the tag) to the proof:
 * the session's identity policies are those of the access role being proven.
 */
export type AddAttempt = (
    tenant: string | undefined,
    action: string,
    resource: string,
    context: SimulationContext,
    expected: Expectation,
    resourcePolicy?: PolicyDocument,
) => void;
