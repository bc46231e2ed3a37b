/** Keys: a session may use the keys tagged with its tenant, no other key. */
import { TENANT_KEY_ACTIONS } from "../../components/policies";
import { RESERVED_TENANT_IDS } from "../../tiers/tenantId";
import type { AccessSetup } from "./access";
import type { AddAttempt } from "./attempt";

/** `tenant`'s own requests on the tenant keys of `setup`: its own tag allowed, untagged keys denied. */
export function ownKeyAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
    if (setup.key === undefined) return;
    for (const action of TENANT_KEY_ACTIONS) {
        add(tenant, action, setup.key.arn, { "aws:ResourceTag/TenantId": tenant }, "allow", setup.key.policy);
        add(tenant, action, setup.key.arn, {}, "deny", setup.key.policy);
    }
}

/** `tenant`'s requests on a key tagged with `other`: denied. */
export function foreignKeyAttempts(setup: AccessSetup, tenant: string, other: string, add: AddAttempt): void {
    if (setup.key === undefined) return;
    for (const action of TENANT_KEY_ACTIONS) {
        add(tenant, action, setup.key.arn, { "aws:ResourceTag/TenantId": other }, "deny", setup.key.policy);
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

/**
 * A session tagged with a reserved id (were the trust ever to let one in) reaches no key by its tag:
 * not the platform key, which carries `TenantId=platform`, outside DynamoDB and S3.
 */
export function reservedKeyAttempts(setup: AccessSetup, add: AddAttempt): void {
    const key = setup.key;
    if (key === undefined) return;
    for (const reserved of RESERVED_TENANT_IDS) {
        for (const action of TENANT_KEY_ACTIONS) {
            add(reserved, action, key.arn, { "aws:ResourceTag/TenantId": reserved }, "deny", key.policy);
        }
    }
}
