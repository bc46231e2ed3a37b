/** Objects: a session reaches its own prefix of the shared bucket and its own bucket, nothing else. */
import { TENANT_OBJECT_ACTIONS } from "../../components/policies";
import type { PlannedStack } from "../mockRuntime";
import { type AccessSetup, bucketPolicyFor } from "./access";
import { type AddAttempt, type Expectation, neighboursOf, objectContext, TENANT_VARIABLE } from "./attempt";

/** `tenant`'s attempts on the shared buckets of `setup`: own prefix allowed, `foreign` and empty prefixes denied. */
export function sharedObjectAttempts(
    setup: AccessSetup,
    tenant: string,
    foreign: readonly string[],
    add: AddAttempt,
): void {
    for (const bucket of setup.buckets) {
        for (const action of TENANT_OBJECT_ACTIONS) {
            const object = (prefix: string) => `${bucket.arn}/${prefix}probe.json`;
            add(tenant, action, object(`${tenant}/`), objectContext(action), "allow", bucket.policy);
            for (const other of foreign) {
                add(tenant, action, object(`${other}/`), objectContext(action), "deny", bucket.policy);
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
}

/** `tenant`'s attempts on the per-tenant buckets of `setup` (named after the session tag), each behind its own policy. */
export function tenantBucketAttempts(
    stacks: readonly PlannedStack[],
    setup: AccessSetup,
    tenant: string,
    foreign: readonly string[],
    add: AddAttempt,
): void {
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
}

/** A session without the tag reads and lists nothing, not even the prefix of the tenant it names. */
export function taglessObjectAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
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
}

/**
 * A bucket that belongs to one tenant (its TenantId tag), however it is granted (a wildcard or
 * tag-named identity grant, its own bucket policy): no other tenant's session reaches it.
 */
export function ownedBucketAttempts(setup: AccessSetup, tenants: readonly string[], add: AddAttempt): void {
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
                    add(caller, action, `${bucket.arn}/${key}`, objectContext(action), "deny", bucket.policy);
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
}
