import { type ResourceValidationPolicy, type ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { IamGroupPolicy, IamPolicy, IamRole, IamRolePolicy, IamUserPolicy } from "../lib/awsTypes";
import { configOf, stringList } from "../lib/config";
import { globMatches, matchesAny } from "../lib/glob";
import {
    conditionEntries,
    conditionValues,
    grantingPatterns,
    grants,
    isAllow,
    type ParsedDocument,
    parsePolicyDocument,
    type Statement,
    statementLabel,
} from "../lib/policyDocument";
import { resourceLabel } from "../lib/resource";

export interface TenantDataAbacConfig {
    /** The principal tag that names the tenant. */
    readonly tenantTagKey: string;
    /** ARN globs of tenant tables and buckets: every grant on them is checked, tag or no tag. */
    readonly tenantResourcePatterns: string[];
    /** ARN globs of resources that never hold tenant data (shared assets, the registry, ...). */
    readonly exemptResourcePatterns: string[];
}

export const TENANT_DATA_ABAC_DEFAULTS: TenantDataAbacConfig = Object.freeze({
    tenantTagKey: "TenantId",
    tenantResourcePatterns: [],
    exemptResourcePatterns: [],
});

/** DynamoDB actions whose requests name partition keys (`dynamodb:LeadingKeys`). */
export const ITEM_ACTIONS: readonly string[] = Object.freeze(
    [
        "GetItem",
        "BatchGetItem",
        "Query",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "ConditionCheckItem",
    ].map((a) => `dynamodb:${a}`),
);
export const PARTIQL_ACTIONS: readonly string[] = Object.freeze(
    ["PartiQLSelect", "PartiQLInsert", "PartiQLUpdate", "PartiQLDelete"].map((a) => `dynamodb:${a}`),
);
export const OBJECT_ACTIONS: readonly string[] = Object.freeze(
    [
        "GetObject",
        "GetObjectVersion",
        "PutObject",
        "DeleteObject",
        "DeleteObjectVersion",
        "AbortMultipartUpload",
        "ListMultipartUploadParts",
        "GetObjectTagging",
        "PutObjectTagging",
        "GetObjectAcl",
        "PutObjectAcl",
        "RestoreObject",
    ].map((a) => `s3:${a}`),
);
export const LIST_ACTIONS: readonly string[] = Object.freeze(["s3:ListBucket", "s3:ListBucketVersions"]);

const PROBE_TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/zz-any-table";
const PROBE_OBJECT = "arn:aws:s3:::zz-any-bucket/zz-any-key";

interface Context {
    readonly config: TenantDataAbacConfig;
    readonly tenantVariable: string;
    readonly document: ParsedDocument;
    /** The document mentions the principal's tenant tag: it is meant as ABAC, so every data grant in it is tenant data. */
    readonly tenantScoped: boolean;
    readonly where: (statement: Statement) => string;
    readonly report: ReportViolation;
}

function uniq(values: readonly string[]): string[] {
    return [...new Set(values)];
}

/** Patterns of `statement` that grant any of `actions`. */
function patternsFor(statement: Statement, actions: readonly string[]): string[] {
    return uniq(actions.flatMap((a) => grantingPatterns(statement, a)));
}

/**
 * Whether a statement's grant touches tenant data. Decided, in order: resources matching
 * `exemptResourcePatterns` never count; the statement is tenant data when its document mentions the
 * principal's tenant tag (it is an ABAC policy), when a resource matches `tenantResourcePatterns`, or
 * when a resource covers every table or bucket (a wildcard covers the tenant ones too).
 */
function touchesTenantData(ctx: Context, statement: Statement, probe: string): boolean {
    const resources = statement.resources.filter((r) => !matchesAny(ctx.config.exemptResourcePatterns, r));
    if (resources.length === 0) return false;
    return (
        ctx.tenantScoped ||
        resources.some((r) => matchesAny(ctx.config.tenantResourcePatterns, r) || globMatches(r, probe))
    );
}

function sameValues(values: readonly string[] | undefined, expected: readonly string[]): boolean {
    return (
        values !== undefined && values.length === expected.length && values.every((v, i) => v === expected[i])
    );
}

function checkDynamoDb(ctx: Context, statement: Statement): void {
    if (!touchesTenantData(ctx, statement, PROBE_TABLE)) return;
    const where = ctx.where(statement);
    const scan = grantingPatterns(statement, "dynamodb:Scan");
    if (scan.length > 0) {
        ctx.report(
            `${where} allows dynamodb:Scan (through ${scan.join(", ")}), which reads every tenant's items.`,
        );
    }
    if (grants(statement, "dynamodb:PartiQLSelect")) {
        const keyedOnly = sameValues(conditionValues(statement, "Bool", "dynamodb:FullTableScan"), ["false"]);
        const scansDenied = ctx.document.statements.some(
            (s) =>
                s.effect === "Deny" &&
                grants(s, "dynamodb:PartiQLSelect") &&
                s.resources.some((r) => r === "*" || statement.resources.includes(r)) &&
                sameValues(conditionValues(s, "Bool", "dynamodb:FullTableScan"), ["true"]),
        );
        if (!keyedOnly && !scansDenied) {
            ctx.report(
                `${where} allows dynamodb:PartiQLSelect (through ${patternsFor(statement, ["dynamodb:PartiQLSelect"]).join(", ")}) without refusing full table scans (no Bool dynamodb:FullTableScan "false" condition and no Deny of full-table-scan PartiQL).`,
            );
        }
    }
    const keyed = patternsFor(statement, [...ITEM_ACTIONS, ...PARTIQL_ACTIONS]);
    if (keyed.length === 0) return;
    const expected = [ctx.tenantVariable];
    const pinned = conditionValues(statement, "ForAllValues:StringEquals", "dynamodb:LeadingKeys");
    if (pinned === undefined) {
        ctx.report(
            `${where} grants ${keyed.join(", ")} without ForAllValues:StringEquals dynamodb:LeadingKeys = "${ctx.tenantVariable}".`,
        );
    } else if (!sameValues(pinned, expected)) {
        ctx.report(
            `${where} pins dynamodb:LeadingKeys to ${JSON.stringify(pinned)}, but it must be exactly ["${ctx.tenantVariable}"].`,
        );
    }
    const guard = conditionValues(statement, "Null", "dynamodb:LeadingKeys");
    if (!sameValues(guard, ["false"])) {
        ctx.report(
            `${where} grants ${keyed.join(", ")} with Null dynamodb:LeadingKeys ${guard === undefined ? "unset" : JSON.stringify(guard)}, but it needs the Null guard "false" because ForAllValues is true for a request without keys.`,
        );
    }
}

/**
 * Why an object ARN is not confined to the principal's own prefix, or `undefined` when it is:
 * `arn:aws:s3:::<bucket>/${aws:PrincipalTag/TenantId}/...` with a bucket named exactly. A wildcard in
 * the bucket name also matches `/`, so `<bucket-*>/${tag}/*` matches `<bucket-x>/<other>/<tag>/...`.
 */
function objectResourceProblem(resource: string, tenantVariable: string): string | undefined {
    // The variable contains a "/" of its own: read it as one token.
    const TOKEN = "\u0000";
    const match = /^arn:aws[a-z-]*:s3:::([^/]*)\/(.*)$/.exec(resource.replaceAll(tenantVariable, TOKEN));
    if (match === null || !(match[2] as string).startsWith(`${TOKEN}/`)) {
        return `which is not under the principal's own prefix <bucket>/${tenantVariable}/`;
    }
    if (/[*?]/.test(match[1] as string)) {
        return `whose bucket name has a wildcard, and a wildcard also matches "/", so it reaches other tenants' objects whose keys contain "/${tenantVariable}/"; name the bucket exactly`;
    }
    return undefined;
}

function checkS3(ctx: Context, statement: Statement): void {
    if (!touchesTenantData(ctx, statement, PROBE_OBJECT)) return;
    const where = ctx.where(statement);
    const objectPatterns = patternsFor(statement, OBJECT_ACTIONS);
    if (objectPatterns.length > 0) {
        const objectResources = statement.resources.filter(
            (r) =>
                !matchesAny(ctx.config.exemptResourcePatterns, r) &&
                (r === "*" || (/^arn:aws[a-z-]*:s3:::/.test(r) && /[/*?]/.test(r))),
        );
        for (const resource of objectResources) {
            const problem = objectResourceProblem(resource, ctx.tenantVariable);
            if (problem !== undefined) {
                ctx.report(`${where} grants ${objectPatterns.join(", ")} on "${resource}", ${problem}.`);
            }
        }
    }
    const listPatterns = patternsFor(statement, LIST_ACTIONS);
    if (listPatterns.length > 0) {
        const prefixes = [
            ...(conditionValues(statement, "StringLike", "s3:prefix") ?? []),
            ...(conditionValues(statement, "StringEquals", "s3:prefix") ?? []),
        ];
        if (prefixes.length === 0 || !prefixes.every((p) => p.startsWith(`${ctx.tenantVariable}/`))) {
            ctx.report(
                `${where} grants ${listPatterns.join(", ")} with s3:prefix ${prefixes.length === 0 ? "unset" : JSON.stringify(prefixes)}, but listing must be limited to "${ctx.tenantVariable}/*".`,
            );
        }
    }
}

/** `StringLike` on a tenant key matches every tenant whose id starts like the caller's. */
function checkNoLikeOnTenantKeys(ctx: Context, statement: Statement): void {
    const tag = ctx.config.tenantTagKey.toLowerCase();
    const tenantKeys = [
        "dynamodb:leadingkeys",
        `aws:principaltag/${tag}`,
        `aws:resourcetag/${tag}`,
        `aws:requesttag/${tag}`,
    ];
    for (const c of conditionEntries(statement)) {
        if (/(^|:)StringLike(IfExists)?$/.test(c.operator) && tenantKeys.includes(c.key.toLowerCase())) {
            ctx.report(
                `${ctx.where(statement)} uses ${c.operator} on ${c.key} (${JSON.stringify(c.values)}), which lets a tenant match other tenants' ids; use StringEquals.`,
            );
        }
    }
}

function checkDocument(
    label: string,
    input: unknown,
    config: TenantDataAbacConfig,
    report: ReportViolation,
): void {
    const parsed = parsePolicyDocument(input);
    if (!parsed.ok) {
        report(`${label} has a policy document that cannot be checked: ${parsed.error}.`);
        return;
    }
    const tenantTag = `aws:PrincipalTag/${config.tenantTagKey}`;
    const ctx: Context = {
        config,
        tenantVariable: `\${${tenantTag}}`,
        document: parsed.document,
        tenantScoped: parsed.document.text.toLowerCase().includes(tenantTag.toLowerCase()),
        where: (statement) => `${label} ${statementLabel(statement)}`,
        report,
    };
    for (const statement of parsed.document.statements.filter(isAllow)) {
        checkNoLikeOnTenantKeys(ctx, statement);
        checkDynamoDb(ctx, statement);
        checkS3(ctx, statement);
    }
}

export const tenantDataAbac: ResourceValidationPolicy = {
    name: "tenant-data-abac",
    description:
        "IAM policies that grant tenant data pin it to the principal's TenantId tag: DynamoDB item actions with ForAllValues:StringEquals dynamodb:LeadingKeys and the Null guard, no Scan or full-table-scan PartiQL, no StringLike on tenant keys, S3 objects under <bucket>/${aws:PrincipalTag/TenantId}/.",
    remediationSteps:
        'Build the statement like components/policies/tenantAccessPolicy.ts: Condition { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${aws:PrincipalTag/TenantId}"] }, Null: { "dynamodb:LeadingKeys": "false" } }; never grant dynamodb:Scan; deny dynamodb:PartiQLSelect when dynamodb:FullTableScan is true; S3 object ARNs <bucket>/${aws:PrincipalTag/TenantId}/*, s3:ListBucket with s3:prefix "${aws:PrincipalTag/TenantId}/*". Grants on shared non-tenant resources go in exemptResourcePatterns.',
    configSchema: {
        properties: {
            tenantTagKey: {
                type: "string",
                default: TENANT_DATA_ABAC_DEFAULTS.tenantTagKey,
                description: "The principal tag that names the tenant",
            },
            tenantResourcePatterns: stringList(
                "ARN globs of tenant tables and buckets, checked even in policies that do not mention the tenant tag",
                TENANT_DATA_ABAC_DEFAULTS.tenantResourcePatterns,
            ),
            exemptResourcePatterns: stringList(
                "ARN globs of resources that never hold tenant data",
                TENANT_DATA_ABAC_DEFAULTS.exemptResourcePatterns,
            ),
        },
    },
    validateResource: [
        validateResourceOfType(IamRolePolicy, (props, args, reportViolation) => {
            checkDocument(
                resourceLabel(args),
                props.policy,
                configOf(args, TENANT_DATA_ABAC_DEFAULTS),
                reportViolation,
            );
        }),
        validateResourceOfType(IamPolicy, (props, args, reportViolation) => {
            checkDocument(
                resourceLabel(args),
                props.policy,
                configOf(args, TENANT_DATA_ABAC_DEFAULTS),
                reportViolation,
            );
        }),
        validateResourceOfType(IamUserPolicy, (props, args, reportViolation) => {
            checkDocument(
                resourceLabel(args),
                props.policy,
                configOf(args, TENANT_DATA_ABAC_DEFAULTS),
                reportViolation,
            );
        }),
        validateResourceOfType(IamGroupPolicy, (props, args, reportViolation) => {
            checkDocument(
                resourceLabel(args),
                props.policy,
                configOf(args, TENANT_DATA_ABAC_DEFAULTS),
                reportViolation,
            );
        }),
        validateResourceOfType(IamRole, (role, args, reportViolation) => {
            const config = configOf(args, TENANT_DATA_ABAC_DEFAULTS);
            for (const inline of role.inlinePolicies ?? []) {
                checkDocument(
                    `${resourceLabel(args)} inline policy ${JSON.stringify(inline.name ?? "")}`,
                    inline.policy,
                    config,
                    reportViolation,
                );
            }
        }),
    ],
};
