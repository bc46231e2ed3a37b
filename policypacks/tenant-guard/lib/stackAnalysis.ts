/**
 * What a stack's resources are, decided from what they do rather than from what they say about
 * themselves (tags): tenant data stores, tenant functions, tenant access roles, the stack's own
 * accounts and, in a tenant stack, its tenant. Pure: the stack policies share one analysis.
 */
import { accountOf, nameOf, parseArn, patternReaches } from "./arn";
import { ANY_STORE, type TenantStore } from "./storeReach";
import { globMatches, matchesAny } from "./glob";
import { parseJsonInput, recordOf } from "./json";
import {
    conditionValues,
    grants,
    isAllow,
    parsePolicyDocument,
    principalValues,
    type Statement,
} from "./policyDocument";
import type { StackAnalysisConfig } from "./stackConfig";
import {
    attachmentsOf,
    type IdentityDocument,
    identityDocuments,
    type PolicyAttachment,
    physicalName,
    refersTo,
    type StackResource,
    str,
    strs,
    T,
} from "./stackDocuments";
import { PLATFORM_TENANT_ID, tagMapOf } from "./tags";
import { tenantIdProblem } from "./tenantId";

export interface StackAnalysis {
    readonly resources: readonly StackResource[];
    readonly stores: readonly TenantStore[];
    readonly functions: ReadonlyMap<StackResource, string>;
    readonly accessRoles: readonly StackResource[];
    /** ARNs the tenant functions name as their tenant access role (it may live in another stack). */
    readonly accessRoleArns: readonly string[];
    readonly ownAccounts: ReadonlySet<string>;
    readonly stackName: string;
    readonly stackTenant: string | undefined;
    readonly documents: readonly IdentityDocument[];
    readonly attachments: readonly PolicyAttachment[];
}

const TENANT_KEY_ENV = "TENANT_KMS_KEY_ARN";

/** A nested object input (also given as a JSON string), or `undefined`. */
export function objectInput(value: unknown): Record<string, unknown> | undefined {
    const parsed = parseJsonInput(value);
    return parsed.ok ? recordOf(parsed.value) : undefined;
}

function envOf(fn: StackResource): Record<string, unknown> {
    return recordOf(objectInput(fn.props.environment)?.variables) ?? {};
}

export function tenantTagOf(resource: StackResource, key: string): string | undefined {
    const tags = { ...(tagMapOf(resource.props.tagsAll) ?? {}), ...(tagMapOf(resource.props.tags) ?? {}) };
    const value = tags[key];
    return typeof value === "string" ? value : undefined;
}

/** Whether a trust policy lets a session be tagged with the tenant key (`sts:TagSession` not limited to other keys). */
export function acceptsTenantSessionTags(trust: unknown, tagKey: string): boolean {
    const parsed = parsePolicyDocument(trust);
    if (!parsed.ok) return false;
    return parsed.document.statements.some((s) => {
        if (!isAllow(s) || !grants(s, "sts:TagSession")) return false;
        const keys = conditionValues(s, "ForAllValues:StringEquals", "aws:TagKeys");
        return keys === undefined || keys.some((k) => k.toLowerCase() === tagKey.toLowerCase());
    });
}

function statementsOf(policy: unknown): Statement[] {
    const parsed = parsePolicyDocument(policy);
    return parsed.ok ? parsed.document.statements.filter(isAllow) : [];
}

/** The stack name in a URN `urn:pulumi:<stack>::<project>::...`. */
export function stackNameOf(resources: readonly StackResource[]): string {
    const urn = resources[0]?.urn ?? "";
    return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
}

function deriveStackTenant(
    resources: readonly StackResource[],
    stackName: string,
    tagKey: string,
): string | undefined {
    const counts = new Map<string, number>();
    let platformTagged = 0;
    for (const r of resources) {
        const tenant = tenantTagOf(r, tagKey);
        if (tenant === undefined) continue;
        if (tenant === PLATFORM_TENANT_ID) platformTagged++;
        else counts.set(tenant, (counts.get(tenant) ?? 0) + 1);
    }
    const named = [...counts.keys()].find((t) => stackName === t || stackName.endsWith(`-${t}`));
    if (named !== undefined) return named;
    if (platformTagged > 0 || counts.size === 0) return undefined;
    // Every resource names a tenant, none the one the stack is named after: the name wins.
    const suffix = /-([a-z][a-z0-9-]*)$/.exec(stackName)?.[1];
    if (suffix !== undefined && tenantIdProblem(suffix) === undefined) return suffix;
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function ownAccountsOf(resources: readonly StackResource[], config: StackAnalysisConfig): Set<string> {
    if (config.trustedAccountIds.length > 0) return new Set(config.trustedAccountIds);
    const accounts = new Set<string>();
    const add = (value: string | undefined) => {
        const account = value === undefined ? undefined : accountOf(value);
        if (account !== undefined) accounts.add(account);
    };
    for (const r of resources) {
        if (r.type.startsWith("pulumi:providers:aws")) {
            strs(r.props, "allowedAccountIds").forEach(add);
            continue;
        }
        // Outputs: the ARN of a resource the stack creates names an account it lives in.
        add(str(r.props, "arn"));
        // A function's execution role is always in the function's account.
        if (r.type === T.lambdaFunction) add(str(r.props, "role"));
    }
    return accounts;
}

function bucketNamesOf(resource: StackResource, known: readonly string[]): string[] {
    const bucket = str(resource.props, "bucket");
    if (bucket !== undefined) return [bucket];
    const prefix = str(resource.props, "bucketPrefix");
    if (prefix === undefined) return [resource.name];
    const matching = known.filter((n) => n.startsWith(prefix));
    return matching.length > 0 ? matching : [`${prefix}*`];
}

function keyIdsOf(resource: StackResource): string[] {
    return [str(resource.props, "keyId"), str(resource.props, "id"), str(resource.props, "arn")]
        .filter((v): v is string => v !== undefined)
        .map(nameOf);
}

/** Store names an ARN pattern list names literally (no wildcard in the resource part). */
function literalNames(patterns: readonly string[], service: string, prefix: string): string[] {
    return patterns.flatMap((p) => {
        const arn = parseArn(p);
        if (arn === undefined || arn.service !== service || !arn.resource.startsWith(prefix)) return [];
        const name = arn.resource.slice(prefix.length).split("/")[0] ?? "";
        return name === "" || /[*?$]/.test(name) ? [] : [name];
    });
}

const cache = new WeakMap<readonly StackResource[], Map<string, StackAnalysis>>();

/** The analysis of `resources` under `config`, computed once per resource list and config. */
export function analyzeStack(
    resources: readonly StackResource[],
    config: StackAnalysisConfig,
): StackAnalysis {
    const key = JSON.stringify(config);
    const byConfig = cache.get(resources) ?? new Map<string, StackAnalysis>();
    cache.set(resources, byConfig);
    const cached = byConfig.get(key);
    if (cached !== undefined) return cached;
    const analysis = analyze(resources, config);
    byConfig.set(key, analysis);
    return analysis;
}

function analyze(resources: readonly StackResource[], config: StackAnalysisConfig): StackAnalysis {
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const attachments = attachmentsOf(resources);
    const documents = identityDocuments(resources, attachments);
    const stackName = stackNameOf(resources);
    const ownAccounts = ownAccountsOf(resources, config);
    const stackTenant =
        config.stackTenant !== ""
            ? config.stackTenant
            : deriveStackTenant(resources, stackName, config.tenantTagKey);

    const functionsWithEnv = ofType(T.lambdaFunction).map((fn) => ({ fn, env: envOf(fn) }));
    const envValues = (name: string) =>
        functionsWithEnv
            .filter(({ fn, env }) => env[name] !== undefined && isContractFunction(fn, env, config))
            .map(({ env }) => String(env[name]));
    const accessRoleArns = [...new Set(envValues("TENANT_ACCESS_ROLE_ARN"))];
    const accessRoles = ofType(T.role).filter(
        (r) =>
            acceptsTenantSessionTags(r.props.assumeRolePolicy, config.tenantTagKey) ||
            accessRoleArns.some((arn) => refersTo(arn, r)),
    );
    const accessStatements = documents
        .filter((d) => d.principals.some((p) => accessRoles.some((r) => refersTo(p, r))))
        .flatMap((d) => statementsOf(d.policy));
    const accessResources = accessStatements.flatMap((s) => s.resources);
    const reachedByAccess = (service: string, candidates: string[]) =>
        accessStatements.some((s) =>
            s.resources.some((p) => p !== "*" && patternReaches(p, service, candidates)),
        );

    const stores: TenantStore[] = [];
    const addStore = (store: TenantStore) => {
        if (!stores.some((s) => s.kind === store.kind && s.name === store.name)) stores.push(store);
    };

    const tableEnv = envValues("TENANT_DATA_TABLE");
    for (const table of ofType(T.table)) {
        const name = physicalName(table);
        const reason =
            str(table.props, "hashKey") === config.tenantAttribute
                ? `its partition key is "${config.tenantAttribute}"`
                : tableEnv.includes(name)
                  ? "a tenant function's TENANT_DATA_TABLE names it"
                  : reachedByAccess("dynamodb", [`table/${name}`])
                    ? "the tenant access role's policy grants it"
                    : undefined;
        if (reason !== undefined) addStore({ kind: "table", name, resource: table, reason });
    }
    for (const name of [...literalNames(accessResources, "dynamodb", "table/"), ...tableEnv]) {
        addStore({
            kind: "table",
            name,
            resource: undefined,
            reason: "the tenant access role or a tenant function names it",
        });
    }

    const bucketEnv = envValues("TENANT_BUCKET");
    const namedBuckets = [
        ...literalNames(
            accessResources.map((r) => r.replace(/^(arn:[^:]*:s3:::)/, "$1b/")),
            "s3",
            "b/",
        ),
        ...bucketEnv,
    ];
    for (const bucket of [...ofType(T.bucket), ...ofType(T.bucketV2)]) {
        const tag = tenantTagOf(bucket, config.tenantTagKey);
        for (const name of bucketNamesOf(bucket, namedBuckets)) {
            const reason =
                tag !== undefined && tag !== PLATFORM_TENANT_ID
                    ? `it is tagged ${config.tenantTagKey} "${tag}"`
                    : namedBuckets.some((n) => globMatches(name, n))
                      ? "the tenant access role or a tenant function names it"
                      : matchesAny(config.tenantBucketPatterns, name)
                        ? "it matches tenantBucketPatterns"
                        : undefined;
            if (reason !== undefined) addStore({ kind: "bucket", name, resource: bucket, reason });
        }
    }
    for (const name of namedBuckets) {
        if (!stores.some((s) => s.kind === "bucket" && globMatches(s.name, name))) {
            addStore({
                kind: "bucket",
                name,
                resource: undefined,
                reason: "the tenant access role or a tenant function names it",
            });
        }
    }

    const tenantTableKeys = stores
        .filter((s) => s.kind === "table" && s.resource !== undefined)
        .map((s) => objectInput(s.resource?.props.serverSideEncryption)?.kmsKeyArn)
        .filter((v): v is string => typeof v === "string");
    const bucketKeys = ofType(T.bucketEncryption).flatMap(
        (e) => JSON.stringify(e.props.rules ?? "").match(/arn:[^"\\]*:kms:[^"\\]*/g) ?? [],
    );
    const keyRefs = [
        ...literalNames(accessResources, "kms", "key/"),
        ...[...tenantTableKeys, ...bucketKeys, ...envValues(TENANT_KEY_ENV)].map(nameOf),
    ];
    for (const key of ofType(T.key)) {
        const ids = keyIdsOf(key);
        const tag = tenantTagOf(key, config.tenantTagKey);
        const reason =
            tag !== undefined && tag !== PLATFORM_TENANT_ID
                ? `it is tagged ${config.tenantTagKey} "${tag}"`
                : ids.some((id) => keyRefs.includes(id))
                  ? "it encrypts tenant data or the tenant access role names it"
                  : [...ids, str(key.props, "arn") ?? ""].some((id) =>
                          matchesAny(config.tenantKeyPatterns, id),
                      )
                    ? "it matches tenantKeyPatterns"
                    : undefined;
        if (reason !== undefined) addStore({ kind: "key", name: ids[0] ?? key.name, resource: key, reason });
    }
    // A pattern covering every table, bucket or key of the account also covers tenant stores that
    // live in another stack (the platform's, seen from a tenant stack): one "*" store per kind.
    for (const kind of ["table", "bucket", "key"] as const) {
        addStore({ kind, name: ANY_STORE, resource: undefined, reason: `every ${kind} of the account` });
    }
    for (const id of keyRefs)
        addStore({ kind: "key", name: id, resource: undefined, reason: "tenant data is encrypted with it" });

    const functions = new Map<StackResource, string>();
    for (const { fn, env } of functionsWithEnv) {
        const reason = tenantFunctionReason(fn, env, config, accessRoles, documents);
        if (reason !== undefined) functions.set(fn, reason);
    }

    return {
        resources,
        stores,
        functions,
        accessRoles,
        accessRoleArns,
        ownAccounts,
        stackName,
        stackTenant,
        documents,
        attachments,
    };
}

function isContractFunction(
    fn: StackResource,
    env: Record<string, unknown>,
    config: StackAnalysisConfig,
): boolean {
    return isPerTenant(fn) || config.tenantEnvKeys.some((k) => env[k] !== undefined);
}

export function isPerTenant(fn: StackResource): boolean {
    return objectInput(fn.props.tenancyConfig)?.tenantIsolationMode === "PER_TENANT";
}

function tenantFunctionReason(
    fn: StackResource,
    env: Record<string, unknown>,
    config: StackAnalysisConfig,
    accessRoles: readonly StackResource[],
    documents: readonly IdentityDocument[],
): string | undefined {
    if (isPerTenant(fn)) return "it runs in PER_TENANT isolation mode";
    const contract = config.tenantEnvKeys.filter((k) => env[k] !== undefined);
    if (contract.length > 0) return `it carries the tenant runtime's ${contract.join(", ")}`;
    const role = str(fn.props, "role");
    if (role === undefined) return undefined;
    const trusted = accessRoles.find((r) =>
        statementsOf(r.props.assumeRolePolicy).some((s) =>
            principalValues(s.principal).some((p) => p === role || nameOf(p) === nameOf(role)),
        ),
    );
    if (trusted !== undefined) return `its role may assume tenant access role "${physicalName(trusted)}"`;
    const assumes = documents
        .filter((d) => d.principals.some((p) => nameOf(p) === nameOf(role)))
        .flatMap((d) => statementsOf(d.policy))
        .find(
            (s) =>
                grants(s, "sts:AssumeRole") &&
                accessRoles.some((r) =>
                    s.resources.some((p) => patternReaches(p, "iam", [`role/${physicalName(r)}`])),
                ),
        );
    return assumes === undefined ? undefined : "its role may assume a tenant access role";
}

export { ANY_STORE, reachesStore, storesReached, type TenantStore } from "./storeReach";
export { principalValues } from "./policyDocument";
