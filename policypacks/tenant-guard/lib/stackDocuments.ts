/**
 * Where a stack's IAM documents are, and whom they apply to: inline and standalone identity
 * policies with the roles, users and groups they are attached to, managed-policy attachments, and
 * the resource policies of tables, buckets, keys and queues.
 */
import { parseJsonInput } from "./json";
import { nameOf } from "./arn";

/** A resource as a stack policy sees it (`PolicyResource` from `@pulumi/policy` fits). */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
}

/** An identity policy document and the principals (names or ARNs) it applies to. */
export interface IdentityDocument {
    readonly resource: StackResource;
    /** How a message names the document: `<type> "<name>"`, plus the inline policy's name. */
    readonly label: string;
    readonly policy: unknown;
    readonly principals: readonly string[];
}

/** An attachment of a policy (by ARN) to principals. */
export interface PolicyAttachment {
    readonly resource: StackResource;
    readonly policyArn: string;
    readonly principals: readonly string[];
}

export const T = Object.freeze({
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    table: "aws:dynamodb/table:Table",
    tableResourcePolicy: "aws:dynamodb/resourcePolicy:ResourcePolicy",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketEncryption:
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    key: "aws:kms/key:Key",
    keyGrant: "aws:kms/grant:Grant",
    bucketAcl: "aws:s3/bucketAclV2:BucketAclV2",
    eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaPermission: "aws:lambda/permission:Permission",
    functionUrl: "aws:lambda/functionUrl:FunctionUrl",
    restIntegration: "aws:apigateway/integration:Integration",
    httpIntegration: "aws:apigatewayv2/integration:Integration",
    bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    accessPoint: "aws:s3/accessPoint:AccessPoint",
    accessPointPolicy: "aws:s3control/accessPointPolicy:AccessPointPolicy",
    kinesisDestination: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
    tableExport: "aws:dynamodb/tableExport:TableExport",
    bucketInventory: "aws:s3/inventory:Inventory",
});

export function label(resource: Pick<StackResource, "type" | "name">): string {
    return `${resource.type} "${resource.name}"`;
}

/** A string input, or `undefined`. */
export function str(props: Record<string, unknown>, key: string): string | undefined {
    const value = props[key];
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** A list-of-strings input (also given as a JSON string), or `[]`. */
export function strs(props: Record<string, unknown>, key: string): string[] {
    const raw = props[key];
    const value =
        typeof raw === "string" && raw.startsWith("[") ? parseJsonInput(raw) : { ok: true, value: raw };
    const list: unknown = value.ok ? value.value : undefined;
    if (typeof list === "string") return list === "" ? [] : [list];
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
}

/** The physical name of a role, table, function or policy: its `name` output or input, else the resource name. */
export function physicalName(resource: StackResource): string {
    return str(resource.props, "name") ?? resource.name;
}

/** Whether a principal reference (name or ARN) names `resource` (a role, user or group). */
export function refersTo(reference: string, resource: StackResource): boolean {
    return reference === str(resource.props, "arn") || nameOf(reference) === physicalName(resource);
}

export function attachmentsOf(resources: readonly StackResource[]): PolicyAttachment[] {
    const list: PolicyAttachment[] = [];
    for (const r of resources) {
        const policyArn = str(r.props, "policyArn");
        if (r.type === T.role) {
            for (const arn of strs(r.props, "managedPolicyArns")) {
                list.push({ resource: r, policyArn: arn, principals: [physicalName(r)] });
            }
        }
        if (policyArn === undefined) continue;
        if (r.type === T.rolePolicyAttachment)
            list.push({ resource: r, policyArn, principals: strs(r.props, "role") });
        if (r.type === T.userPolicyAttachment)
            list.push({ resource: r, policyArn, principals: strs(r.props, "user") });
        if (r.type === T.groupPolicyAttachment)
            list.push({ resource: r, policyArn, principals: strs(r.props, "group") });
        if (r.type === T.policyAttachment) {
            list.push({
                resource: r,
                policyArn,
                principals: ["roles", "users", "groups"].flatMap((k) => strs(r.props, k)),
            });
        }
    }
    return list;
}

/** Whether an attachment's `policyArn` names the stack's `aws.iam.Policy` resource `policy`. */
export function attachesPolicy(attachment: PolicyAttachment, policy: StackResource): boolean {
    return (
        attachment.policyArn === str(policy.props, "arn") ||
        nameOf(attachment.policyArn) === physicalName(policy)
    );
}

/** Every identity policy document of the stack with the principals it applies to. */
export function identityDocuments(
    resources: readonly StackResource[],
    attachments: readonly PolicyAttachment[],
): IdentityDocument[] {
    const docs: IdentityDocument[] = [];
    for (const r of resources) {
        switch (r.type) {
            case T.role: {
                const inline = parseJsonInput(r.props.inlinePolicies);
                const list = inline.ok && Array.isArray(inline.value) ? (inline.value as unknown[]) : [];
                for (const entry of list) {
                    const e = (entry ?? {}) as { name?: unknown; policy?: unknown };
                    docs.push({
                        resource: r,
                        label: `${label(r)} inline policy ${JSON.stringify(typeof e.name === "string" ? e.name : "")}`,
                        policy: e.policy,
                        principals: [physicalName(r)],
                    });
                }
                break;
            }
            case T.rolePolicy:
                docs.push({
                    resource: r,
                    label: label(r),
                    policy: r.props.policy,
                    principals: strs(r.props, "role"),
                });
                break;
            case T.userPolicy:
                docs.push({
                    resource: r,
                    label: label(r),
                    policy: r.props.policy,
                    principals: strs(r.props, "user"),
                });
                break;
            case T.groupPolicy:
                docs.push({
                    resource: r,
                    label: label(r),
                    policy: r.props.policy,
                    principals: strs(r.props, "group"),
                });
                break;
            case T.policy:
                docs.push({
                    resource: r,
                    label: label(r),
                    policy: r.props.policy,
                    principals: attachments.filter((a) => attachesPolicy(a, r)).flatMap((a) => a.principals),
                });
                break;
            default:
        }
    }
    return docs;
}
