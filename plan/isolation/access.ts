/**
 * What the plan grants, read from the planned documents: the roles with their trust and identity
 * policies, and for every tenant access role the tables, buckets and keys its statements reach.
 */
import type { PolicyDocument } from "../../components/policies/document";
import {
    grants,
    parsePolicyDocument,
    type Statement,
} from "../../policypacks/tenant-guard/lib/policyDocument";
import { MOCK_ACCOUNT_ID, type PlannedResource, type PlannedStack } from "../mockRuntime";
import { SAMPLE_TENANTS, TENANT_TAG_KEY, TENANT_VARIABLE, VARIABLE_TOKEN } from "./attempt";
import { planIndex } from "./planIndex";

export function tagsOf(resource: PlannedResource): Record<string, unknown> {
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

export interface PlannedDocument {
    readonly json: PolicyDocument;
    readonly statements: readonly Statement[];
}

export function documentOf(input: unknown): PlannedDocument | undefined {
    const parsed = parsePolicyDocument(input);
    if (!parsed.ok) return undefined;
    const json = (typeof input === "string" ? JSON.parse(input) : input) as PolicyDocument;
    return { json, statements: parsed.document.statements };
}

export interface PlannedRole {
    readonly name: string;
    readonly arn: string;
    readonly trust: PlannedDocument | undefined;
    readonly policies: PlannedDocument[];
}

/** The roles of the plan with their trust and identity policies (role policies and inline policies). */
export function plannedRoles(stacks: readonly PlannedStack[]): PlannedRole[] {
    const index = planIndex(stacks);
    return index.resources
        .filter((r) => r.type === "aws:iam/role:Role")
        .map((role) => {
            const name = typeof role.inputs.name === "string" ? role.inputs.name : role.name;
            const inline = Array.isArray(role.inputs.inlinePolicies)
                ? (role.inputs.inlinePolicies as { policy?: unknown }[]).map((p) => documentOf(p.policy))
                : [];
            const attached = (index.rolePolicies.get(name) ?? []).map((r) => documentOf(r.inputs.policy));
            const arn = index.roleArns.get(name) ?? `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
            return {
                name,
                arn,
                trust: documentOf(role.inputs.assumeRolePolicy),
                policies: [...inline, ...attached].filter((d): d is PlannedDocument => d !== undefined),
            };
        });
}

export function allowsWith(statements: readonly Statement[], action: string): Statement[] {
    return statements.filter((s) => s.effect === "Allow" && grants(s, action));
}

export interface AccessSetup {
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

/** The first planned bucket policy with a statement on `bucketArn` or its objects. */
export function bucketPolicyFor(
    stacks: readonly PlannedStack[],
    bucketArn: string,
): PolicyDocument | undefined {
    return planIndex(stacks).bucketPolicies.get(bucketArn);
}

export function keyPolicyFor(stacks: readonly PlannedStack[]): PolicyDocument | undefined {
    const key = stacks.flatMap((s) => s.resources).find((r) => r.type === "aws:kms/key:Key");
    return key === undefined ? undefined : documentOf(key.inputs.policy)?.json;
}

export function indexNamesOf(stacks: readonly PlannedStack[], tableName: string): string[] {
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
 * `bucketPrefix` + resource name, see ../mockRuntime.ts) and the tenant of their `TenantId` tag.
 */
export function plannedBuckets(stacks: readonly PlannedStack[]): { name: string; owner: string }[] {
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
export function accessSetups(stacks: readonly PlannedStack[], roles: readonly PlannedRole[]): AccessSetup[] {
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
export function trustedRoles(trust: PlannedDocument | undefined): string[] {
    const principals = (trust?.statements ?? []).flatMap((s) => {
        const aws = (s.principal as { AWS?: unknown } | undefined)?.AWS;
        return Array.isArray(aws) ? aws.map(String) : typeof aws === "string" ? [aws] : [];
    });
    return [...new Set(principals.filter((p) => /^arn:aws:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/.test(p)))];
}
