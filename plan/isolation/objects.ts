/** Objects: a session reaches its own prefix of the shared bucket and its own bucket, nothing else. */
import { TENANT_OBJECT_ACTIONS } from "../../components/policies";
import type { PlannedStack } from "../mockRuntime";
import { type AccessSetup, bucketPolicyFor } from "./access";
import { type AddAttempt, type Expectation, objectContext, TENANT_VARIABLE } from "./attempt";

function listing(
    add: AddAttempt,
    tenant: string,
    bucket: string,
    policy: AccessSetup["buckets"][number]["policy"],
) {
    return (prefix: string | undefined, expected: Expectation) =>
        add(
            tenant,
            "s3:ListBucket",
            bucket,
            objectContext("s3:ListBucket", prefix === undefined ? {} : { "s3:prefix": prefix }),
            expected,
            policy,
        );
}

/**
 * `tenant`'s own requests on the buckets of `setup`: its prefix of the shared buckets and its own
 * tag-named bucket allowed; the bucket root and undelimited, empty or missing list prefixes denied.
 */
export function ownObjectAttempts(
    stacks: readonly PlannedStack[],
    setup: AccessSetup,
    tenant: string,
    add: AddAttempt,
): void {
    for (const bucket of setup.buckets) {
        for (const action of TENANT_OBJECT_ACTIONS) {
            const object = (prefix: string) => `${bucket.arn}/${prefix}probe.json`;
            add(tenant, action, object(`${tenant}/`), objectContext(action), "allow", bucket.policy);
            add(tenant, action, object(""), objectContext(action), "deny", bucket.policy);
        }
        const list = listing(add, tenant, bucket.arn, bucket.policy);
        list(`${tenant}/`, "allow");
        list(tenant, "deny");
        list("", "deny");
        list(undefined, "deny");
    }
    for (const pattern of setup.tenantBuckets) {
        const own = pattern.replaceAll(TENANT_VARIABLE, tenant);
        const policy = bucketPolicyFor(stacks, own);
        for (const action of TENANT_OBJECT_ACTIONS) {
            add(tenant, action, `${own}/${tenant}/probe.json`, objectContext(action), "allow", policy);
        }
        listing(add, tenant, own, policy)(`${tenant}/`, "allow");
    }
}

/** `tenant`'s requests for `other`'s objects: `other`'s prefix of the shared buckets, `other`'s tag-named bucket. */
export function foreignObjectAttempts(
    stacks: readonly PlannedStack[],
    setup: AccessSetup,
    tenant: string,
    other: string,
    add: AddAttempt,
): void {
    for (const bucket of setup.buckets) {
        for (const action of TENANT_OBJECT_ACTIONS) {
            add(
                tenant,
                action,
                `${bucket.arn}/${other}/probe.json`,
                objectContext(action),
                "deny",
                bucket.policy,
            );
        }
        listing(add, tenant, bucket.arn, bucket.policy)(`${other}/`, "deny");
    }
    for (const pattern of setup.tenantBuckets) {
        const theirs = pattern.replaceAll(TENANT_VARIABLE, other);
        const policy = bucketPolicyFor(stacks, theirs);
        for (const action of TENANT_OBJECT_ACTIONS) {
            const context = objectContext(action);
            add(tenant, action, `${theirs}/${other}/probe.json`, context, "deny", policy);
            add(tenant, action, `${theirs}/${tenant}/probe.json`, context, "deny", policy);
        }
        listing(add, tenant, theirs, policy)(`${other}/`, "deny");
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
 * tag-named identity grant, its own bucket policy): `caller`'s session reaches no bucket of `owner`.
 */
export function ownedBucketAttempts(
    setup: AccessSetup,
    caller: string,
    owner: string,
    add: AddAttempt,
): void {
    for (const bucket of setup.ownedBuckets) {
        if (bucket.owner !== owner) continue;
        for (const key of [`${owner}/probe.json`, `${caller}/probe.json`, `${owner}/${caller}/probe.json`]) {
            for (const action of TENANT_OBJECT_ACTIONS) {
                add(caller, action, `${bucket.arn}/${key}`, objectContext(action), "deny", bucket.policy);
            }
        }
        for (const prefix of [`${owner}/`, `${caller}/`]) {
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
