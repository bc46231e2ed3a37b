import type { StackValidationPolicy } from "@pulumi/policy";
import { grantProblems } from "../lib/abacPattern";
import { type DataExport, dataExports, namedStore } from "../lib/dataExports";
import { accountOf, nameOf } from "../lib/arn";
import {
    conditionEntries,
    isAllow,
    parsePolicyDocument,
    type Statement,
    statementLabel,
} from "../lib/policyDocument";
import { isNamedPrincipal, isOwnAccount, isOwnAccountRoot, isServicePrincipal } from "../lib/principals";
import {
    objectInput,
    principalValues,
    reachesStore,
    storesReached,
    type StackAnalysis,
    type TenantStore,
} from "../lib/stackAnalysis";
import { STACK_ANALYSIS_DEFAULTS, type StackAnalysisConfig, stackAnalysisSchema } from "../lib/stackConfig";
import { label, physicalName, type StackResource, str, strs, T } from "../lib/stackDocuments";
import { type StackContext, stackContext } from "../lib/stackPolicy";

/** A resource policy and the tenant stores it governs (`undefined`: judge by the statements' resources). */
interface ResourcePolicy {
    readonly resource: StackResource;
    readonly policy: unknown;
    readonly stores: readonly TenantStore[] | undefined;
    /**
     * Queue policies carry tenant messages, not partitioned data, and access point policies name the
     * access point, not the bucket: only who is allowed counts.
     */
    readonly principalsOnly: boolean;
}

function storeOf(
    analysis: StackAnalysis,
    kind: TenantStore["kind"],
    match: (s: TenantStore) => boolean,
): TenantStore[] {
    return analysis.stores.filter((s) => s.kind === kind && match(s));
}

function resourcePolicies(analysis: StackAnalysis): ResourcePolicy[] {
    const list: ResourcePolicy[] = [];
    const hasTenantData = analysis.stores.length > 0 || analysis.functions.size > 0;
    for (const r of analysis.resources) {
        switch (r.type) {
            case T.bucketPolicy:
            case T.bucket:
                if (r.props.policy !== undefined)
                    list.push({
                        resource: r,
                        policy: r.props.policy,
                        stores: undefined,
                        principalsOnly: false,
                    });
                break;
            case T.key: {
                const stores = storeOf(analysis, "key", (s) => s.resource === r);
                if (stores.length > 0)
                    list.push({ resource: r, policy: r.props.policy, stores, principalsOnly: false });
                break;
            }
            case T.tableResourcePolicy: {
                const arn = str(r.props, "resourceArn") ?? "";
                const stores = storeOf(analysis, "table", (s) => reachesStore(arn, s));
                if (stores.length > 0)
                    list.push({ resource: r, policy: r.props.policy, stores, principalsOnly: false });
                break;
            }
            case T.accessPoint:
            case T.accessPointPolicy: {
                const point = accessPointOf(r, analysis);
                const store = namedStore(analysis, "bucket", str(point?.props ?? {}, "bucket") ?? "");
                if (store !== undefined && r.props.policy !== undefined)
                    list.push({ resource: r, policy: r.props.policy, stores: [store], principalsOnly: true });
                break;
            }
            case T.queuePolicy:
            case T.queue:
                if (hasTenantData && r.props.policy !== undefined) {
                    list.push({ resource: r, policy: r.props.policy, stores: [], principalsOnly: true });
                }
                break;
            default:
        }
    }
    return list;
}

/** The access point a resource is or names (`accessPointArn` of an AccessPointPolicy). */
function accessPointOf(r: StackResource, analysis: StackAnalysis): StackResource | undefined {
    if (r.type === T.accessPoint) return r;
    const arn = str(r.props, "accessPointArn") ?? "";
    return analysis.resources.find(
        (p) => p.type === T.accessPoint && (str(p.props, "arn") === arn || physicalName(p) === nameOf(arn)),
    );
}

const PUBLIC_ACCESS_BLOCKS = [
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
] as const;

/** Access points on tenant buckets whose public access block has a setting turned off (unset means on). */
function accessPointBlockProblems(analysis: StackAnalysis): { resource: StackResource; message: string }[] {
    return analysis.resources.flatMap((r) => {
        if (r.type !== T.accessPoint) return [];
        const store = namedStore(analysis, "bucket", str(r.props, "bucket") ?? "");
        const block = objectInput(r.props.publicAccessBlockConfiguration) ?? {};
        const off = PUBLIC_ACCESS_BLOCKS.filter((k) => block[k] === false);
        if (store === undefined || off.length === 0) return [];
        return [
            {
                resource: r,
                message: `${label(r)} on tenant bucket "${store.name}" turns off ${off.join(", ")} in its publicAccessBlockConfiguration, so a policy or ACL could open tenant objects to the public through it.`,
            },
        ];
    });
}

/** Copies of tenant data (replication, streaming, export) whose destination is not in an own account. */
function exportProblem(e: DataExport, analysis: StackAnalysis): string | undefined {
    const own = JSON.stringify([...analysis.ownAccounts]);
    if (e.destination === "") return undefined;
    if (e.account !== undefined) {
        return analysis.ownAccounts.has(e.account)
            ? undefined
            : `${e.verb} ${JSON.stringify(e.destination)} in account ${e.account}, which is outside the stack's accounts ${own}`;
    }
    return e.created
        ? undefined
        : `${e.verb} ${JSON.stringify(e.destination)}, which the stack does not create and whose account is not given, so it may be outside the stack's accounts ${own}`;
}

/** A service principal confined to calls on behalf of an own account's resources. */
function hasSourceCondition(statement: Statement, ctx: StackContext<StackAnalysisConfig>): boolean {
    return conditionEntries(statement).some(
        (c) =>
            /^aws:Source(Account|Arn|Owner)$/i.test(c.key) &&
            c.values.length > 0 &&
            c.values.every((v) => isOwnAccount(v, ctx.analysis)),
    );
}

/**
 * What a resource policy's principal means for tenant data: a problem (everyone, an outside
 * account, an unconfined service), an own account's delegation to IAM (judged on the identity
 * side), a platform principal, or an own principal whose grant must follow the ABAC pattern.
 */
type PrincipalVerdict =
    | { readonly kind: "problem"; readonly message: string }
    | { readonly kind: "delegated" | "platform" | "judge" };

function principalVerdict(
    value: string,
    statement: Statement,
    ctx: StackContext<StackAnalysisConfig>,
): PrincipalVerdict {
    const problem = (message: string): PrincipalVerdict => ({ kind: "problem", message });
    if (value === "*") return problem(`allows Principal "*"`);
    if (isServicePrincipal(value)) {
        return hasSourceCondition(statement, ctx)
            ? { kind: "delegated" }
            : problem(
                  `allows service ${value} without an aws:SourceAccount or aws:SourceArn condition naming an own account`,
              );
    }
    const account = accountOf(value);
    if (account === undefined || !ctx.analysis.ownAccounts.has(account)) {
        return problem(
            `allows ${JSON.stringify(value)}, which is outside the stack's accounts ${JSON.stringify([...ctx.analysis.ownAccounts])}`,
        );
    }
    if (isOwnAccountRoot(value, ctx.analysis)) return { kind: "delegated" };
    if (isNamedPrincipal(value, ctx.config.platformPrincipals, ctx.analysis)) return { kind: "platform" };
    return { kind: "judge" };
}

export const TENANT_DATA_RESOURCE_POLICIES_DEFAULTS: StackAnalysisConfig = STACK_ANALYSIS_DEFAULTS;

export const tenantDataResourcePolicies: StackValidationPolicy = {
    name: "tenant-data-resource-policies",
    description:
        'Bucket policies, key policies, DynamoDB resource policies, queue policies and S3 access point policies that govern tenant data allow only the stack\'s own accounts (account delegation, platform principals, or own principals under the ABAC pattern), never Principal "*" or an outside account; access points on tenant buckets keep every public access block on; tenant buckets replicate or deliver inventories, and tenant tables stream or export, only to destinations in own accounts.',
    remediationSteps:
        'Delegate keys to the account ("Principal": {"AWS": "arn:aws:iam::<own account>:root"}) and grant through IAM; in bucket and table policies allow only own roles with StringEquals aws:PrincipalTag/TenantId and the tenant\'s prefix or partition; give service principals an aws:SourceAccount or aws:SourceArn condition; list other own accounts in trustedAccountIds and migration or backup roles in platformPrincipals; leave an access point\'s publicAccessBlockConfiguration unset or all true; replicate tenant buckets to a bucket the stack creates or set destination.account to an own account, and stream or export tenant tables only to Kinesis streams and buckets (s3BucketOwner) of own accounts.',
    configSchema: { properties: { ...stackAnalysisSchema() } },
    validateStack: (args, reportViolation) => {
        const ctx = stackContext(args, TENANT_DATA_RESOURCE_POLICIES_DEFAULTS);
        for (const grant of ctx.analysis.resources.filter((r) => r.type === T.keyGrant)) {
            const keyId = nameOf(str(grant.props, "keyId") ?? "");
            const key = ctx.analysis.stores.find((s) => s.kind === "key" && s.name === keyId);
            const grantee = str(grant.props, "granteePrincipal") ?? "";
            if (key === undefined || isNamedPrincipal(grantee, ctx.config.platformPrincipals, ctx.analysis))
                continue;
            reportViolation(
                `tenant-data-resource-policies: ${label(grant)} gives ${JSON.stringify(grantee)} ${JSON.stringify(strs(grant.props, "operations"))} on tenant key "${key.name}", and a grant bypasses the TenantId conditions of IAM; only platformPrincipals may hold grants on tenant keys.`,
                grant.urn,
            );
        }
        for (const e of dataExports(ctx.analysis)) {
            const problem = exportProblem(e, ctx.analysis);
            if (problem !== undefined)
                reportViolation(
                    `tenant-data-resource-policies: ${label(e.resource)} ${problem}.`,
                    e.resource.urn,
                );
        }
        for (const { resource, message } of accessPointBlockProblems(ctx.analysis))
            reportViolation(`tenant-data-resource-policies: ${message}`, resource.urn);
        for (const rp of resourcePolicies(ctx.analysis)) {
            const parsed = parsePolicyDocument(rp.policy);
            if (!parsed.ok) continue;
            const statements = parsed.document.statements;
            for (const statement of statements.filter(isAllow)) {
                const reached = rp.stores ?? storesReached(statement, ctx.analysis.stores);
                if (!rp.principalsOnly && reached.length === 0) continue;
                const where = `tenant-data-resource-policies: ${label(rp.resource)} ${statementLabel(statement)}`;
                if (statement.hasNotPrincipal)
                    reportViolation(
                        `${where} uses NotPrincipal, which allows everyone else.`,
                        rp.resource.urn,
                    );
                let judge = false;
                for (const value of principalValues(statement.principal)) {
                    const verdict = principalVerdict(value, statement, ctx);
                    if (verdict.kind === "judge") judge = true;
                    if (verdict.kind === "problem")
                        reportViolation(`${where} ${verdict.message}.`, rp.resource.urn);
                }
                if (!judge || rp.principalsOnly) continue;
                for (const problem of grantProblems(
                    statement,
                    statements,
                    reached,
                    ctx.pins,
                    ctx.keyTenant,
                )) {
                    reportViolation(`${where} ${problem}.`, rp.resource.urn);
                }
            }
        }
    },
};
