/**
 * The isolation proof of the offline plan: for the tenants in the planned stacks and adversarial
 * neighbours of their ids, asks the IAM simulator for every cross-tenant attempt the deployed
 * documents could allow, and for every same-tenant action that must work. The documents are the
 * ones IN THE PLAN (role trust and role policy inputs), not rebuilt from the pure functions, so the
 * proof covers what `pulumi up` would deploy.
 */
import { TENANT_ITEM_ACTIONS, TENANT_KEY_ACTIONS, TENANT_OBJECT_ACTIONS } from "../components/policies";
import type { PolicyDocument } from "../components/policies/document";
import { grants, parsePolicyDocument, type Statement } from "../policypacks/tenant-guard/lib/policyDocument";
import { type Decision, type SimulationContext, simulate } from "./iamSimulation";
import { MOCK_ACCOUNT_ID, MOCK_ORGANIZATION_ID, type PlannedResource, type PlannedStack } from "./planner";

/** Tenants the proof uses when no tenant stack is planned. */
export const SAMPLE_TENANTS: readonly string[] = Object.freeze(["acme", "globex"]);
export const TENANT_TAG_KEY = "TenantId";
const TENANT_VARIABLE = "${aws:PrincipalTag/TenantId}";
const VARIABLE_TOKEN = "\u0000";

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

export interface IsolationReport {
    readonly attempts: number;
    readonly denied: number;
    readonly allowed: number;
    readonly failures: IsolationFailure[];
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

function tagsOf(resource: PlannedResource): Record<string, unknown> {
    const tags = resource.inputs.tags;
    return tags !== null && typeof tags === "object" && !Array.isArray(tags)
        ? (tags as Record<string, unknown>)
        : {};
}

/** Tenant ids of the planned tenant stacks (their resources' `TenantId` tags), or the sample tenants. */
export function plannedTenants(stacks: readonly PlannedStack[]): string[] {
    const ids = stacks
        .filter((s) => s.kind === "tenant")
        .flatMap((s) => s.resources.map((r) => tagsOf(r)[TENANT_TAG_KEY]))
        .filter((v): v is string => typeof v === "string" && v !== "platform");
    const unique = [...new Set(ids)].sort();
    return unique.length > 0 ? unique : [...SAMPLE_TENANTS];
}

interface PlannedDocument {
    readonly json: PolicyDocument;
    readonly statements: readonly Statement[];
}

function documentOf(input: unknown): PlannedDocument | undefined {
    const parsed = parsePolicyDocument(input);
    if (!parsed.ok) return undefined;
    const json = (typeof input === "string" ? JSON.parse(input) : input) as PolicyDocument;
    return { json, statements: parsed.document.statements };
}

interface PlannedRole {
    readonly name: string;
    readonly arn: string;
    readonly trust: PlannedDocument | undefined;
    readonly policies: PlannedDocument[];
}

/** The roles of the plan with their trust and identity policies (role policies and inline policies). */
function plannedRoles(stacks: readonly PlannedStack[]): PlannedRole[] {
    const resources = stacks.flatMap((s) => s.resources);
    return resources
        .filter((r) => r.type === "aws:iam/role:Role")
        .map((role) => {
            const name = typeof role.inputs.name === "string" ? role.inputs.name : role.name;
            const inline = Array.isArray(role.inputs.inlinePolicies)
                ? (role.inputs.inlinePolicies as { policy?: unknown }[]).map((p) => documentOf(p.policy))
                : [];
            const attached = resources
                .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === name)
                .map((r) => documentOf(r.inputs.policy));
            const arn = findArn(resources, `:role/${name}`) ?? `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
            return {
                name,
                arn,
                trust: documentOf(role.inputs.assumeRolePolicy),
                policies: [...inline, ...attached].filter((d): d is PlannedDocument => d !== undefined),
            };
        });
}

/** An ARN ending in `suffix` mentioned in any planned document (a silo role's ARN names its account). */
function findArn(resources: readonly PlannedResource[], suffix: string): string | undefined {
    for (const r of resources) {
        for (const value of Object.values(r.inputs)) {
            if (typeof value !== "string" || !value.includes(suffix)) continue;
            const match = new RegExp(
                `arn:aws:iam::[0-9]{12}${suffix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?=["\\]])`,
            ).exec(value);
            if (match !== null) return match[0];
        }
    }
    return undefined;
}

function allowsWith(statements: readonly Statement[], action: string): Statement[] {
    return statements.filter((s) => s.effect === "Allow" && grants(s, action));
}

const ARN_PARTS = /^arn:aws:([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.*)$/;

function accountOf(arn: string): string {
    const account = ARN_PARTS.exec(arn)?.[3];
    return account === undefined || account === "" ? MOCK_ACCOUNT_ID : account;
}

/** A context as the SDK sends it: over TLS, and PutObject asking for SSE-KMS as the bucket policy demands. */
function objectContext(action: string, extra: SimulationContext = {}): SimulationContext {
    const encryption: SimulationContext =
        action === "s3:PutObject" ? { "s3:x-amz-server-side-encryption": "aws:kms" } : {};
    return { "aws:SecureTransport": "true", ...encryption, ...extra };
}

function attemptName(action: string, resource: string, context: SimulationContext): string {
    const shortResource = resource.replace(/^arn:aws:[a-z0-9]+:[a-z0-9-]*:[0-9]*:/, "");
    const request = Object.entries(context)
        .filter(([key]) => key !== "aws:SecureTransport" && key !== "s3:x-amz-server-side-encryption")
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    return [action, shortResource, ...request].join(" ");
}

interface AccessSetup {
    readonly role: PlannedRole;
    readonly tables: { arn: string; indexArn: string | undefined }[];
    /** Tables named after the session's tag (`...-${aws:PrincipalTag/TenantId}`): one per tenant. */
    readonly tenantTables: { pattern: string; indexed: boolean }[];
    readonly buckets: { arn: string; policy: PolicyDocument | undefined }[];
    /** Buckets named after the session's tag: one per tenant, each looked up in the plan for its policy. */
    readonly tenantBuckets: string[];
    /** Planned buckets that belong to one tenant (their TenantId tag), with their bucket policy. */
    readonly ownedBuckets: { arn: string; owner: string; policy: PolicyDocument | undefined }[];
    /** A key ARN under the tenant-key statement's resource pattern, and the key policy in front of it. */
    readonly key: { arn: string; policy: PolicyDocument | undefined } | undefined;
}

function bucketPolicyFor(stacks: readonly PlannedStack[], bucketArn: string): PolicyDocument | undefined {
    for (const r of stacks.flatMap((s) => s.resources)) {
        if (r.type !== "aws:s3/bucketPolicy:BucketPolicy") continue;
        const doc = documentOf(r.inputs.policy);
        if (
            doc?.statements.some((s) =>
                s.resources.some((res) => res === bucketArn || res.startsWith(`${bucketArn}/`)),
            )
        )
            return doc.json;
    }
    return undefined;
}

function keyPolicyFor(stacks: readonly PlannedStack[]): PolicyDocument | undefined {
    const key = stacks.flatMap((s) => s.resources).find((r) => r.type === "aws:kms/key:Key");
    return key === undefined ? undefined : documentOf(key.inputs.policy)?.json;
}

function indexNamesOf(stacks: readonly PlannedStack[], tableName: string): string[] {
    const table = stacks
        .flatMap((s) => s.resources)
        .find(
            (r) =>
                r.type === "aws:dynamodb/table:Table" &&
                (typeof r.inputs.name === "string" ? r.inputs.name : r.name) === tableName,
        );
    const indexes = table?.inputs.globalSecondaryIndexes;
    return Array.isArray(indexes) ? indexes.map((i) => String((i as { name?: unknown }).name)) : [];
}

/**
 * Tenant-owned buckets of the plan with their names as the mock runtime gives them (`bucket`, or
 * `bucketPrefix` + resource name, see planner.ts) and the tenant of their `TenantId` tag.
 */
function plannedBuckets(stacks: readonly PlannedStack[]): { name: string; owner: string }[] {
    return stacks
        .flatMap((s) => s.resources)
        .filter((r) => r.type === "aws:s3/bucket:Bucket")
        .map((r) => {
            const name =
                typeof r.inputs.bucket === "string"
                    ? r.inputs.bucket
                    : `${typeof r.inputs.bucketPrefix === "string" ? r.inputs.bucketPrefix : ""}${r.name}`.slice(
                          0,
                          63,
                      );
            return { name, owner: tagsOf(r)[TENANT_TAG_KEY] };
        })
        .filter(
            (b): b is { name: string; owner: string } =>
                typeof b.owner === "string" && b.owner !== "platform",
        );
}

/** The tenant access roles of the plan: roles whose identity policies are pinned to the principal's tenant tag. */
function accessSetups(stacks: readonly PlannedStack[], roles: readonly PlannedRole[]): AccessSetup[] {
    return roles
        .filter((role) => role.policies.some((p) => JSON.stringify(p.json).includes(TENANT_VARIABLE)))
        .map((role) => {
            const statements = role.policies.flatMap((p) => p.statements);
            const tableArns = [
                ...new Set(
                    allowsWith(statements, "dynamodb:GetItem")
                        .flatMap((s) => s.resources)
                        .filter((r) => /:table\/[^/*?]+$/.test(r)),
                ),
            ];
            const tables = tableArns.map((arn) => {
                const coversIndexes = allowsWith(statements, "dynamodb:Query").some((s) =>
                    s.resources.includes(`${arn}/index/*`),
                );
                const index = indexNamesOf(stacks, arn.split("/").pop() as string)[0] ?? "probe-index";
                return { arn, indexArn: coversIndexes ? `${arn}/index/${index}` : undefined };
            });
            // The tenant variable holds a "/" of its own: read it as one token.
            const objectBuckets = allowsWith(statements, "s3:GetObject")
                .flatMap((s) => s.resources)
                .map(
                    (r) => /^arn:aws:s3:::([^/]+)\//.exec(r.replaceAll(TENANT_VARIABLE, VARIABLE_TOKEN))?.[1],
                )
                .filter((b): b is string => b !== undefined);
            const bucketArns = [
                ...new Set(
                    objectBuckets
                        .filter((b) => !/[*?]/.test(b) && !b.includes(VARIABLE_TOKEN))
                        .map((b) => `arn:aws:s3:::${b}`),
                ),
            ];
            const tenantBuckets = [
                ...new Set(
                    objectBuckets
                        .filter((b) => b.includes(VARIABLE_TOKEN) && !/[*?]/.test(b))
                        .map((b) => `arn:aws:s3:::${b.replaceAll(VARIABLE_TOKEN, TENANT_VARIABLE)}`),
                ),
            ];
            const tenantTables = [
                ...new Set(
                    allowsWith(statements, "dynamodb:GetItem")
                        .flatMap((s) => s.resources)
                        .filter(
                            (r) => r.includes(":table/") && r.endsWith(TENANT_VARIABLE) && !/[*?]/.test(r),
                        ),
                ),
            ].map((pattern) => ({
                pattern,
                indexed: allowsWith(statements, "dynamodb:Query").some((s) =>
                    s.resources.includes(`${pattern}/index/*`),
                ),
            }));
            const ownedBuckets = plannedBuckets(stacks).map((b) => ({
                arn: `arn:aws:s3:::${b.name}`,
                owner: b.owner,
                policy: bucketPolicyFor(stacks, `arn:aws:s3:::${b.name}`),
            }));
            const keyPattern = allowsWith(statements, "kms:Decrypt")
                .filter((s) => JSON.stringify(s.conditions).includes("aws:ResourceTag/TenantId"))
                .flatMap((s) => s.resources)
                .find((r) => r.endsWith(":key/*"));
            return {
                role,
                tables,
                tenantTables,
                tenantBuckets,
                ownedBuckets,
                buckets: bucketArns.map((arn) => ({ arn, policy: bucketPolicyFor(stacks, arn) })),
                key:
                    keyPattern === undefined
                        ? undefined
                        : { arn: keyPattern.replace(/\*$/, "probe-key"), policy: keyPolicyFor(stacks) },
            };
        });
}

/** Principal ARNs named in a trust document's `Principal.AWS` (roles only: they are the callers we can simulate). */
function trustedRoles(trust: PlannedDocument | undefined): string[] {
    const principals = (trust?.statements ?? []).flatMap((s) => {
        const aws = (s.principal as { AWS?: unknown } | undefined)?.AWS;
        return Array.isArray(aws) ? aws.map(String) : typeof aws === "string" ? [aws] : [];
    });
    return [...new Set(principals.filter((p) => /^arn:aws:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/.test(p)))];
}

function sessionArn(roleArn: string, session: string): string {
    const [, account, path] = /^arn:aws:iam::([0-9]{12}):role\/(.+)$/.exec(roleArn) ?? [];
    const name = (path ?? "unknown").split("/").pop() as string;
    return `arn:aws:sts::${account ?? MOCK_ACCOUNT_ID}:assumed-role/${name}/${session}`;
}

/** Every attempt of the proof, in a stable order. */
export function isolationAttempts(stacks: readonly PlannedStack[]): Attempt[] {
    const tenants = plannedTenants(stacks);
    const roles = plannedRoles(stacks);
    const attempts: Attempt[] = [];
    for (const setup of accessSetups(stacks, roles)) {
        const identityPolicies = setup.role.policies.map((p) => p.json);
        const add = (
            tenant: string | undefined,
            action: string,
            resource: string,
            context: SimulationContext,
            expected: Expectation,
            resourcePolicy?: PolicyDocument,
        ) => {
            const tags: SimulationContext =
                tenant === undefined ? {} : { "aws:PrincipalTag/TenantId": tenant };
            attempts.push({
                tenant: tenant ?? "(none)",
                name: attemptName(action, resource, context),
                principal: sessionArn(setup.role.arn, tenant ?? "tagless"),
                identityPolicies,
                resourcePolicy,
                action,
                resource,
                resourceAccountId: accountOf(resource),
                context: { ...tags, ...context },
                expected,
            });
        };

        for (const tenant of tenants) {
            const foreign = [...new Set([...tenants.filter((t) => t !== tenant), ...neighboursOf(tenant)])];
            for (const table of setup.tables) {
                for (const action of TENANT_ITEM_ACTIONS) {
                    add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant] }, "allow");
                    for (const other of foreign) {
                        add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [other] }, "deny");
                        add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant, other] }, "deny");
                    }
                    add(tenant, action, table.arn, {}, "deny");
                    add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [] }, "deny");
                }
                const scanTargets = table.indexArn === undefined ? [table.arn] : [table.arn, table.indexArn];
                for (const target of scanTargets) {
                    add(tenant, "dynamodb:Scan", target, {}, "deny");
                    add(
                        tenant,
                        "dynamodb:PartiQLSelect",
                        target,
                        { "dynamodb:FullTableScan": "true" },
                        "deny",
                    );
                }
                if (table.indexArn !== undefined) {
                    add(
                        tenant,
                        "dynamodb:Query",
                        table.indexArn,
                        { "dynamodb:LeadingKeys": [tenant] },
                        "allow",
                    );
                    for (const other of foreign) {
                        add(
                            tenant,
                            "dynamodb:Query",
                            table.indexArn,
                            { "dynamodb:LeadingKeys": [other] },
                            "deny",
                        );
                        add(
                            tenant,
                            "dynamodb:Query",
                            table.indexArn,
                            { "dynamodb:LeadingKeys": [tenant, other] },
                            "deny",
                        );
                    }
                    add(tenant, "dynamodb:Query", table.indexArn, {}, "deny");
                }
            }
            for (const bucket of setup.buckets) {
                for (const action of TENANT_OBJECT_ACTIONS) {
                    const object = (prefix: string) => `${bucket.arn}/${prefix}probe.json`;
                    add(tenant, action, object(`${tenant}/`), objectContext(action), "allow", bucket.policy);
                    for (const other of foreign) {
                        add(
                            tenant,
                            action,
                            object(`${other}/`),
                            objectContext(action),
                            "deny",
                            bucket.policy,
                        );
                    }
                    add(tenant, action, object(""), objectContext(action), "deny", bucket.policy);
                }
                const list = (prefix: string | undefined, expected: Expectation) =>
                    add(
                        tenant,
                        "s3:ListBucket",
                        bucket.arn,
                        objectContext("s3:ListBucket", prefix === undefined ? {} : { "s3:prefix": prefix }),
                        expected,
                        bucket.policy,
                    );
                list(`${tenant}/`, "allow");
                for (const other of foreign) list(`${other}/`, "deny");
                list(tenant, "deny");
                list("", "deny");
                list(undefined, "deny");
            }
            for (const table of setup.tenantTables) {
                const tableOf = (id: string) => table.pattern.replace(TENANT_VARIABLE, id);
                for (const action of TENANT_ITEM_ACTIONS) {
                    add(tenant, action, tableOf(tenant), { "dynamodb:LeadingKeys": [tenant] }, "allow");
                    for (const other of foreign) {
                        add(tenant, action, tableOf(other), { "dynamodb:LeadingKeys": [other] }, "deny");
                        add(tenant, action, tableOf(other), { "dynamodb:LeadingKeys": [tenant] }, "deny");
                    }
                }
                if (table.indexed) {
                    add(
                        tenant,
                        "dynamodb:Query",
                        `${tableOf(tenant)}/index/probe-index`,
                        { "dynamodb:LeadingKeys": [tenant] },
                        "allow",
                    );
                    for (const other of foreign) {
                        add(
                            tenant,
                            "dynamodb:Query",
                            `${tableOf(other)}/index/probe-index`,
                            { "dynamodb:LeadingKeys": [other] },
                            "deny",
                        );
                    }
                }
            }
            for (const pattern of setup.tenantBuckets) {
                const bucketOf = (id: string) => pattern.replaceAll(TENANT_VARIABLE, id);
                const policyOf = (id: string) => bucketPolicyFor(stacks, bucketOf(id));
                for (const action of TENANT_OBJECT_ACTIONS) {
                    const context = objectContext(action);
                    add(
                        tenant,
                        action,
                        `${bucketOf(tenant)}/${tenant}/probe.json`,
                        context,
                        "allow",
                        policyOf(tenant),
                    );
                    for (const other of foreign) {
                        add(
                            tenant,
                            action,
                            `${bucketOf(other)}/${other}/probe.json`,
                            context,
                            "deny",
                            policyOf(other),
                        );
                        add(
                            tenant,
                            action,
                            `${bucketOf(other)}/${tenant}/probe.json`,
                            context,
                            "deny",
                            policyOf(other),
                        );
                    }
                }
                const list = (owner: string, prefix: string, expected: Expectation) =>
                    add(
                        tenant,
                        "s3:ListBucket",
                        bucketOf(owner),
                        objectContext("s3:ListBucket", { "s3:prefix": prefix }),
                        expected,
                        policyOf(owner),
                    );
                list(tenant, `${tenant}/`, "allow");
                for (const other of foreign) list(other, `${other}/`, "deny");
            }
            if (setup.key !== undefined) {
                for (const action of TENANT_KEY_ACTIONS) {
                    const key = setup.key;
                    add(tenant, action, key.arn, { "aws:ResourceTag/TenantId": tenant }, "allow", key.policy);
                    for (const other of foreign) {
                        add(
                            tenant,
                            action,
                            key.arn,
                            { "aws:ResourceTag/TenantId": other },
                            "deny",
                            key.policy,
                        );
                    }
                    add(tenant, action, key.arn, {}, "deny", key.policy);
                }
            }
            // A session without the tag reaches nothing, not even the data of the tenant it names.
            for (const table of setup.tables) {
                add(undefined, "dynamodb:GetItem", table.arn, { "dynamodb:LeadingKeys": [tenant] }, "deny");
            }
            for (const bucket of setup.buckets) {
                const action = "s3:GetObject";
                add(
                    undefined,
                    action,
                    `${bucket.arn}/${tenant}/probe.json`,
                    objectContext(action),
                    "deny",
                    bucket.policy,
                );
                add(
                    undefined,
                    "s3:ListBucket",
                    bucket.arn,
                    objectContext("s3:ListBucket", { "s3:prefix": `${tenant}/` }),
                    "deny",
                    bucket.policy,
                );
            }
            if (setup.key !== undefined) {
                add(
                    undefined,
                    "kms:Decrypt",
                    setup.key.arn,
                    { "aws:ResourceTag/TenantId": tenant },
                    "deny",
                    setup.key.policy,
                );
            }
        }

        // A bucket that belongs to one tenant (its TenantId tag), however it is granted (a wildcard or
        // tag-named identity grant, its own bucket policy): no other tenant's session reaches it.
        for (const bucket of setup.ownedBuckets) {
            const callers = [...new Set([...tenants, ...neighboursOf(bucket.owner)])].filter(
                (t) => t !== bucket.owner,
            );
            for (const caller of callers) {
                for (const key of [
                    `${bucket.owner}/probe.json`,
                    `${caller}/probe.json`,
                    `${bucket.owner}/${caller}/probe.json`,
                ]) {
                    for (const action of TENANT_OBJECT_ACTIONS) {
                        add(
                            caller,
                            action,
                            `${bucket.arn}/${key}`,
                            objectContext(action),
                            "deny",
                            bucket.policy,
                        );
                    }
                }
                for (const prefix of [`${bucket.owner}/`, `${caller}/`]) {
                    add(
                        caller,
                        "s3:ListBucket",
                        bucket.arn,
                        objectContext("s3:ListBucket", { "s3:prefix": prefix }),
                        "deny",
                        bucket.policy,
                    );
                }
            }
        }

        attempts.push(...trustAttempts(setup.role, roles, tenants));
    }
    attempts.push(...siloAttempts(stacks, roles, tenants));
    return attempts;
}

/** Assuming the tenant access role: its trusted callers only with a TenantId tag. */
function trustAttempts(
    role: PlannedRole,
    roles: readonly PlannedRole[],
    tenants: readonly string[],
): Attempt[] {
    const attempts: Attempt[] = [];
    for (const callerArn of trustedRoles(role.trust)) {
        const caller = roles.find((r) => r.arn === callerArn);
        const base = {
            principal: sessionArn(callerArn, "tenant-function"),
            identityPolicies: (caller?.policies ?? []).map((p) => p.json),
            resourcePolicy: role.trust?.json,
            resource: role.arn,
            resourceAccountId: accountOf(role.arn),
        };
        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
            for (const tenant of tenants) {
                const context: SimulationContext = {
                    "aws:RequestTag/TenantId": tenant,
                    "aws:TagKeys": ["TenantId"],
                    "sts:TransitiveTagKeys": ["TenantId"],
                };
                attempts.push({
                    ...base,
                    tenant,
                    name: attemptName(action, role.arn, context),
                    action,
                    context,
                    expected: "allow",
                });
            }
            attempts.push({
                ...base,
                tenant: "(none)",
                name: attemptName(action, role.arn, {}),
                action,
                context: {},
                expected: "deny",
            });
        }
    }
    return attempts;
}

/** The tenant a silo role's trust is pinned to (`aws:PrincipalTag/TenantId` = one tenant), if any. */
function siloTenantOf(role: PlannedRole): string | undefined {
    for (const statement of role.trust?.statements ?? []) {
        const block = statement.conditions.StringEquals ?? {};
        const key = Object.keys(block).find((k) => k.toLowerCase() === "aws:principaltag/tenantid");
        const values = key === undefined ? undefined : block[key];
        if (values?.length === 1 && values[0] !== TENANT_VARIABLE) return values[0];
    }
    return undefined;
}

/** Assuming a silo data role: only the tenant access session of that silo's tenant. */
function siloAttempts(
    stacks: readonly PlannedStack[],
    roles: readonly PlannedRole[],
    tenants: readonly string[],
): Attempt[] {
    const attempts: Attempt[] = [];
    const setups = accessSetups(stacks, roles);
    for (const silo of roles) {
        const owner = siloTenantOf(silo);
        if (owner === undefined) continue;
        for (const setup of setups) {
            const identityPolicies = setup.role.policies.map((p) => p.json);
            const callers = [
                owner,
                ...new Set([...tenants.filter((t) => t !== owner), ...neighboursOf(owner)]),
            ];
            for (const caller of callers) {
                // The silo role is tagged with its tenant and lives in the caller's organization.
                const context: SimulationContext = {
                    "aws:PrincipalTag/TenantId": caller,
                    "aws:PrincipalOrgID": MOCK_ORGANIZATION_ID,
                    "aws:ResourceTag/TenantId": owner,
                    "aws:ResourceOrgID": MOCK_ORGANIZATION_ID,
                };
                attempts.push({
                    tenant: caller,
                    name: attemptName("sts:AssumeRole", silo.arn, context),
                    principal: sessionArn(setup.role.arn, caller),
                    identityPolicies,
                    resourcePolicy: silo.trust?.json,
                    action: "sts:AssumeRole",
                    resource: silo.arn,
                    resourceAccountId: accountOf(silo.arn),
                    context,
                    expected: caller === owner ? "allow" : "deny",
                });
            }
        }
    }
    return attempts;
}

/** Runs the proof over the planned stacks. */
export async function proveIsolation(stacks: readonly PlannedStack[]): Promise<IsolationReport> {
    const attempts = isolationAttempts(stacks);
    const failures: IsolationFailure[] = [];
    let denied = 0;
    let allowed = 0;
    if (attempts.length === 0) {
        failures.push({
            tenant: "(none)",
            attempt:
                "find a tenant access role (a role policy pinned to ${aws:PrincipalTag/TenantId}) in the plan",
            action: "",
            resource: "",
            expected: "deny",
            result: "error",
            detail: "the plan has no tenant access role, so there is nothing to prove",
        });
    }
    for (const attempt of attempts) {
        const base = {
            tenant: attempt.tenant,
            attempt: attempt.name,
            action: attempt.action,
            resource: attempt.resource,
            expected: attempt.expected,
        };
        try {
            const outcome = await simulate({
                identityPolicies: attempt.identityPolicies,
                resourcePolicy: attempt.resourcePolicy,
                action: attempt.action,
                resource: attempt.resource,
                principal: attempt.principal,
                context: attempt.context,
                resourceAccountId: attempt.resourceAccountId,
            });
            const isAllowed = outcome.result === "Allowed";
            if (isAllowed) allowed++;
            else denied++;
            if (outcome.ignoredContextKeys.length > 0) {
                failures.push({
                    ...base,
                    result: outcome.result,
                    detail: `the simulator ignored ${outcome.ignoredContextKeys.join(", ")}, so the request was not the one described`,
                });
            } else if (isAllowed !== (attempt.expected === "allow")) {
                failures.push({ ...base, result: outcome.result });
            }
        } catch (err) {
            failures.push({
                ...base,
                result: "error",
                detail: err instanceof Error ? err.message : String(err),
            });
        }
    }
    return { attempts: attempts.length, denied, allowed, failures };
}
