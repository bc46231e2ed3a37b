/**
 * Whether one Allow statement that reaches tenant stores does so only through the platform's ABAC
 * pattern (`components/policies/tenantAccessPolicy.ts`, `partitionGuard.ts`): DynamoDB item actions
 * pinned to one tenant's partition with the `Null` guard, S3 objects under one tenant's prefix, KMS
 * keys by the tenant tag or through DynamoDB and S3. Every other grant on tenant data is a problem.
 */
import { globMatches } from "./glob";
import {
    conditionEntries,
    conditionValues,
    grantingPatterns,
    grants,
    type Statement,
} from "./policyDocument";
import { reachesStore, type TenantStore } from "./storeReach";

/** How a tenant may be named in a grant: the principal-tag variable, or the tenant stack's own id. */
export interface TenantPins {
    readonly tagKey: string;
    /** `${aws:PrincipalTag/<tagKey>}` and, in a tenant stack, the stack's tenant. */
    readonly values: readonly string[];
}

export function tenantPins(tagKey: string, stackTenant: string | undefined): TenantPins {
    const variable = `\${aws:PrincipalTag/${tagKey}}`;
    return { tagKey, values: stackTenant === undefined ? [variable] : [variable, stackTenant] };
}

const dynamo = (names: string[]) => names.map((a) => `dynamodb:${a}`);
/** Actions on items that name partition keys (`dynamodb:LeadingKeys`). */
export const KEYED_ACTIONS = dynamo([
    "GetItem",
    "BatchGetItem",
    "Query",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "ConditionCheckItem",
    "PartiQLSelect",
    "PartiQLInsert",
    "PartiQLUpdate",
    "PartiQLDelete",
]);
/** Actions that read, copy, expose or destroy every tenant's items at once. */
export const WHOLE_TABLE_ACTIONS = dynamo([
    "Scan",
    "ExportTableToPointInTime",
    "RestoreTableToPointInTime",
    "RestoreTableFromBackup",
    "CreateBackup",
    "GetRecords",
    "GetShardIterator",
    "DeleteTable",
    "UpdateTable",
    "PutResourcePolicy",
    "DeleteResourcePolicy",
]);
export const OBJECT_ACTIONS = [
    "GetObject",
    "GetObjectVersion",
    "PutObject",
    "DeleteObject",
    "DeleteObjectVersion",
    "RestoreObject",
    "GetObjectAcl",
    "PutObjectAcl",
    "GetObjectAttributes",
].map((a) => `s3:${a}`);
export const LIST_ACTIONS = ["s3:ListBucket", "s3:ListBucketVersions"];
export const BUCKET_ADMIN_ACTIONS = [
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketAcl",
    "PutBucketPublicAccessBlock",
    "DeleteBucket",
    "PutBucketOwnershipControls",
    "PutEncryptionConfiguration",
    "PutReplicationConfiguration",
].map((a) => `s3:${a}`);
export const KEY_DATA_ACTIONS = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
].map((a) => `kms:${a}`);
export const KEY_ADMIN_ACTIONS = [
    "PutKeyPolicy",
    "CreateGrant",
    "ScheduleKeyDeletion",
    "DisableKey",
    "TagResource",
    "UntagResource",
].map((a) => `kms:${a}`);
const DATA_SERVICE = /^(dynamodb|s3)\.[a-z0-9-]+\.amazonaws\.com$/;

function granted(statement: Statement, actions: readonly string[]): string[] {
    return actions.filter((a) => grants(statement, a));
}

function through(statement: Statement, actions: readonly string[]): string {
    const patterns = [...new Set(actions.flatMap((a) => grantingPatterns(statement, a)))];
    const same = patterns.length === actions.length && patterns.every((p) => actions.includes(p));
    return same ? actions.join(", ") : `${actions.join(", ")} (through ${patterns.join(", ")})`;
}

function exactly(values: readonly string[] | undefined, allowed: readonly string[]): boolean {
    return values !== undefined && values.length === 1 && allowed.includes(values[0] as string);
}

function tableProblems(
    statement: Statement,
    others: readonly Statement[],
    table: TenantStore,
    pins: TenantPins,
): string[] {
    const what = `tenant table "${table.name}"`;
    const problems: string[] = [];
    const whole = granted(statement, WHOLE_TABLE_ACTIONS);
    if (whole.length > 0)
        problems.push(`allows ${through(statement, whole)} on ${what}, which reaches every tenant's items`);
    const keyed = granted(statement, KEYED_ACTIONS);
    if (keyed.length === 0) return problems;
    const pinned = conditionValues(statement, "ForAllValues:StringEquals", "dynamodb:LeadingKeys");
    const guard = conditionValues(statement, "Null", "dynamodb:LeadingKeys");
    if (!exactly(pinned, pins.values) || !exactly(guard, ["false"])) {
        problems.push(
            `grants ${through(statement, keyed)} on ${what} with dynamodb:LeadingKeys ${JSON.stringify(pinned ?? "unpinned")} and Null guard ${JSON.stringify(guard ?? "unset")}, but only ForAllValues:StringEquals ${JSON.stringify(pins.values[0])} with Null "false" keeps a tenant in its partition`,
        );
    }
    if (grants(statement, "dynamodb:PartiQLSelect")) {
        const keyedOnly = exactly(conditionValues(statement, "Bool", "dynamodb:FullTableScan"), ["false"]);
        const denied = others.some(
            (s) =>
                s.effect === "Deny" &&
                grants(s, "dynamodb:PartiQLSelect") &&
                s.resources.some((r) => reachesStore(r, table)) &&
                exactly(conditionValues(s, "Bool", "dynamodb:FullTableScan"), ["true"]),
        );
        if (!keyedOnly && !denied) problems.push(`allows full-table-scan dynamodb:PartiQLSelect on ${what}`);
    }
    return problems;
}

function objectPatternProblem(pattern: string, bucket: string, pins: TenantPins): boolean {
    if (pattern === "*") return true;
    const match = /^arn:aws[a-z-]*:s3:::([^/]*)\/(.*)$/.exec(pattern);
    if (match === null) return false; // a bucket ARN: object actions do not apply to it
    const [, name, key] = match as unknown as [string, string, string];
    const exactBucket =
        !/[*?]/.test(name.replace(/\$\{[^}]*\}/g, "")) &&
        globMatches(name.replace(/\$\{[^}]*\}/g, "*"), bucket.replace(/\*$/, "zz"));
    return !exactBucket || !pins.values.some((p) => key.startsWith(`${p}/`));
}

function bucketProblems(statement: Statement, bucket: TenantStore, pins: TenantPins): string[] {
    const what = `tenant bucket "${bucket.name}"`;
    const problems: string[] = [];
    const reaching = statement.resources.filter((p) => reachesStore(p, bucket));
    const objects = granted(statement, OBJECT_ACTIONS);
    const loose = reaching.filter((p) => objectPatternProblem(p, bucket.name, pins));
    if (objects.length > 0 && loose.length > 0) {
        problems.push(
            `grants ${through(statement, objects)} on ${JSON.stringify(loose)} in ${what}, but objects are reachable only under <bucket>/${pins.values[0]}/ with the bucket named exactly`,
        );
    }
    const onBucket = reaching.some((p) => p === "*" || !p.includes("/"));
    const lists = granted(statement, LIST_ACTIONS);
    if (lists.length > 0 && onBucket) {
        const prefixes = [
            ...(conditionValues(statement, "StringLike", "s3:prefix") ?? []),
            ...(conditionValues(statement, "StringEquals", "s3:prefix") ?? []),
        ];
        if (prefixes.length === 0 || !prefixes.every((x) => pins.values.some((p) => x.startsWith(`${p}/`)))) {
            problems.push(
                `grants ${through(statement, lists)} on ${what} with s3:prefix ${JSON.stringify(prefixes)}, but listing must stay under "${pins.values[0]}/"`,
            );
        }
    }
    const admin = granted(statement, BUCKET_ADMIN_ACTIONS);
    if (admin.length > 0 && onBucket)
        problems.push(`allows ${through(statement, admin)} on ${what}, which opens every tenant's objects`);
    return problems;
}

function keyProblems(
    statement: Statement,
    key: TenantStore,
    pins: TenantPins,
    keyTenant: string | undefined,
): string[] {
    const what = `tenant key "${key.name}"`;
    const problems: string[] = [];
    const admin = granted(statement, KEY_ADMIN_ACTIONS);
    if (admin.length > 0)
        problems.push(`allows ${through(statement, admin)} on ${what}, which can hand the key to anyone`);
    const data = granted(statement, KEY_DATA_ACTIONS);
    if (data.length === 0) return problems;
    const byTag = exactly(
        conditionValues(statement, "StringEquals", `aws:ResourceTag/${pins.tagKey}`),
        pins.values,
    );
    const viaServices = conditionValues(statement, "StringEquals", "kms:ViaService");
    const viaData =
        viaServices !== undefined && viaServices.length > 0 && viaServices.every((v) => DATA_SERVICE.test(v));
    const ownTenantKey = keyTenant !== undefined && pins.values.includes(keyTenant);
    if (!byTag && !viaData && !ownTenantKey) {
        problems.push(
            `grants ${through(statement, data)} on ${what} without StringEquals aws:ResourceTag/${pins.tagKey} = ${JSON.stringify(pins.values[0])} or kms:ViaService DynamoDB/S3`,
        );
    }
    return problems;
}

/** `StringLike` on a tenant key lets tenant `acme` match `acme2`. */
function likeProblems(statement: Statement, tagKey: string): string[] {
    const tag = tagKey.toLowerCase();
    const keys = [
        "dynamodb:leadingkeys",
        `aws:principaltag/${tag}`,
        `aws:resourcetag/${tag}`,
        `aws:requesttag/${tag}`,
    ];
    return conditionEntries(statement)
        .filter((c) => /(^|:)StringLike(IfExists)?$/.test(c.operator) && keys.includes(c.key.toLowerCase()))
        .map(
            (c) =>
                `uses ${c.operator} on ${c.key} (${JSON.stringify(c.values)}), which lets one tenant match another's id`,
        );
}

/**
 * The problems of an Allow statement with the tenant stores it reaches; `[]` when it follows the
 * ABAC pattern. `others` are the statements of the same document (for a Deny of full-table-scan
 * PartiQL); `keyTenant` gives the tenant tag of a key in the stack.
 */
export function grantProblems(
    statement: Statement,
    others: readonly Statement[],
    reached: readonly TenantStore[],
    pins: TenantPins,
    keyTenant: (key: TenantStore) => string | undefined,
): string[] {
    if (reached.length === 0) return [];
    const problems = likeProblems(statement, pins.tagKey);
    for (const store of reached) {
        if (store.kind === "table") problems.push(...tableProblems(statement, others, store, pins));
        if (store.kind === "bucket") problems.push(...bucketProblems(statement, store, pins));
        if (store.kind === "key") problems.push(...keyProblems(statement, store, pins, keyTenant(store)));
    }
    return [...new Set(problems)];
}
