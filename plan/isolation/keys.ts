/** Keys: a session may use the keys tagged with its tenant, no other key. */
import { TENANT_KEY_ACTIONS } from "../../components/policies";
import type { AccessSetup } from "./access";
import type { AddAttempt } from "./attempt";

/** `tenant`'s attempts on the tenant keys of `setup`: its own tag allowed, `foreign` tags and untagged keys denied. */
export function keyAttempts(
    setup: AccessSetup,
    tenant: string,
    foreign: readonly string[],
    add: AddAttempt,
): void {
    if (setup.key !== undefined) {
        for (const action of TENANT_KEY_ACTIONS) {
            const key = setup.key;
            add(tenant, action, key.arn, { "aws:ResourceTag/TenantId": tenant }, "allow", key.policy);
            for (const other of foreign) {
                add(tenant, action, key.arn, { "aws:ResourceTag/TenantId": other }, "deny", key.policy);
            }
            add(tenant, action, key.arn, {}, "deny", key.policy);
        }
    }
}

/** A session without the tag decrypts nothing, not even with the key of the tenant it names. */
export function taglessKeyAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
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
