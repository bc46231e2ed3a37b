/**
 * Lookups over the planned stacks, built once per plan: the proof asks for a bucket's policy or a
 * role's ARN once per tenant, and scanning every planned resource each time made those questions
 * quadratic in the number of tenant stacks.
 */
import type { PolicyDocument } from "../../components/policies/document";
import { parsePolicyDocument } from "../../policypacks/tenant-guard/lib/policyDocument";
import type { PlannedResource, PlannedStack } from "../mockRuntime";

export interface PlanIndex {
    /** Every planned resource, in plan order. */
    readonly resources: readonly PlannedResource[];
    /** Role policies (`aws:iam/rolePolicy:RolePolicy`) by the name of the role they attach to. */
    readonly rolePolicies: ReadonlyMap<string, readonly PlannedResource[]>;
    /** The first role ARN (`arn:aws:iam::<account>:role/<name>`) a planned input mentions, by role name. */
    readonly roleArns: ReadonlyMap<string, string>;
    /** For each bucket ARN, the first planned bucket policy with a statement on the bucket or its objects. */
    readonly bucketPolicies: ReadonlyMap<string, PolicyDocument>;
}

const ROLE_ARN = /arn:aws:iam::[0-9]{12}:role\/([\w+=,.@/-]+)(?=["\]])/g;
const cache = new WeakMap<readonly PlannedStack[], PlanIndex>();

function documentJson(input: unknown): { json: PolicyDocument; resources: string[] } | undefined {
    const parsed = parsePolicyDocument(input);
    if (!parsed.ok) return undefined;
    const json = (typeof input === "string" ? JSON.parse(input) : input) as PolicyDocument;
    return { json, resources: parsed.document.statements.flatMap((s) => [...s.resources]) };
}

function buildIndex(stacks: readonly PlannedStack[]): PlanIndex {
    const resources = stacks.flatMap((s) => s.resources);
    const rolePolicies = new Map<string, PlannedResource[]>();
    const roleArns = new Map<string, string>();
    const bucketPolicies = new Map<string, PolicyDocument>();
    for (const r of resources) {
        if (r.type === "aws:iam/rolePolicy:RolePolicy" && typeof r.inputs.role === "string") {
            const list = rolePolicies.get(r.inputs.role) ?? [];
            list.push(r);
            rolePolicies.set(r.inputs.role, list);
        }
        for (const value of Object.values(r.inputs)) {
            if (typeof value !== "string" || !value.includes(":role/")) continue;
            for (const match of value.matchAll(ROLE_ARN)) {
                const name = match[1] as string;
                if (!roleArns.has(name)) roleArns.set(name, match[0]);
            }
        }
        if (r.type === "aws:s3/bucketPolicy:BucketPolicy") {
            const doc = documentJson(r.inputs.policy);
            for (const resource of doc?.resources ?? []) {
                if (!resource.startsWith("arn:aws:s3:::")) continue;
                const bucketArn = `arn:aws:s3:::${resource.slice("arn:aws:s3:::".length).split("/")[0]}`;
                if (doc !== undefined && !bucketPolicies.has(bucketArn))
                    bucketPolicies.set(bucketArn, doc.json);
            }
        }
    }
    return { resources, rolePolicies, roleArns, bucketPolicies };
}

/** The index of `stacks`, built on first use and kept as long as the array itself. */
export function planIndex(stacks: readonly PlannedStack[]): PlanIndex {
    let index = cache.get(stacks);
    if (index === undefined) {
        index = buildIndex(stacks);
        cache.set(stacks, index);
    }
    return index;
}
