/** Tables: a session reaches its own partition (and index) of a shared table and its own premium table, nothing else. */
import { TENANT_ITEM_ACTIONS } from "../../components/policies";
import type { AccessSetup } from "./access";
import { type AddAttempt, TENANT_VARIABLE } from "./attempt";

/** `tenant`'s own requests on the tables of `setup`: its partition allowed, scans and keyless requests denied. */
export function ownTableAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
    for (const table of setup.tables) {
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant] }, "allow");
            add(tenant, action, table.arn, {}, "deny");
            add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [] }, "deny");
        }
        const scanTargets = table.indexArn === undefined ? [table.arn] : [table.arn, table.indexArn];
        for (const target of scanTargets) {
            add(tenant, "dynamodb:Scan", target, {}, "deny");
            add(tenant, "dynamodb:PartiQLSelect", target, { "dynamodb:FullTableScan": "true" }, "deny");
        }
        if (table.indexArn !== undefined) {
            add(tenant, "dynamodb:Query", table.indexArn, { "dynamodb:LeadingKeys": [tenant] }, "allow");
            add(tenant, "dynamodb:Query", table.indexArn, {}, "deny");
        }
    }
    for (const table of setup.tenantTables) {
        const own = table.pattern.replace(TENANT_VARIABLE, tenant);
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, own, { "dynamodb:LeadingKeys": [tenant] }, "allow");
        }
        if (table.indexed) {
            add(
                tenant,
                "dynamodb:Query",
                `${own}/index/probe-index`,
                { "dynamodb:LeadingKeys": [tenant] },
                "allow",
            );
        }
    }
}

/**
 * `tenant`'s requests for `other`'s items: `other`'s partition (alone or next to its own) in the
 * shared tables, and `other`'s premium table under either partition.
 */
export function foreignTableAttempts(
    setup: AccessSetup,
    tenant: string,
    other: string,
    add: AddAttempt,
): void {
    for (const table of setup.tables) {
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [other] }, "deny");
            add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant, other] }, "deny");
        }
        if (table.indexArn !== undefined) {
            add(tenant, "dynamodb:Query", table.indexArn, { "dynamodb:LeadingKeys": [other] }, "deny");
            add(
                tenant,
                "dynamodb:Query",
                table.indexArn,
                { "dynamodb:LeadingKeys": [tenant, other] },
                "deny",
            );
        }
    }
    for (const table of setup.tenantTables) {
        const theirs = table.pattern.replace(TENANT_VARIABLE, other);
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, theirs, { "dynamodb:LeadingKeys": [other] }, "deny");
            add(tenant, action, theirs, { "dynamodb:LeadingKeys": [tenant] }, "deny");
        }
        if (table.indexed) {
            add(
                tenant,
                "dynamodb:Query",
                `${theirs}/index/probe-index`,
                { "dynamodb:LeadingKeys": [other] },
                "deny",
            );
        }
    }
}

/** A session without the tag reaches no partition, not even that of the tenant it names. */
export function taglessTableAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
    for (const table of setup.tables) {
        add(undefined, "dynamodb:GetItem", table.arn, { "dynamodb:LeadingKeys": [tenant] }, "deny");
    }
}
