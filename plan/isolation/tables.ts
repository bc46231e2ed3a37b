/** Tables: a session reaches its own partition (and index) of a shared table and its own premium table, nothing else. */
import { TENANT_ITEM_ACTIONS } from "../../components/policies";
import type { AccessSetup } from "./access";
import { type AddAttempt, TENANT_VARIABLE } from "./attempt";

/** `tenant`'s attempts on the shared tables of `setup`: own partition allowed, `foreign` ones, scans and keyless requests denied. */
export function sharedTableAttempts(
    setup: AccessSetup,
    tenant: string,
    foreign: readonly string[],
    add: AddAttempt,
): void {
    for (const table of setup.tables) {
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant] }, "allow");
            for (const other of foreign) {
                add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [other] }, "deny");
                add(tenant, action, table.arn, { "dynamodb:LeadingKeys": [tenant, other] }, "deny");
            }
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
            for (const other of foreign) {
                add(tenant, "dynamodb:Query", table.indexArn, { "dynamodb:LeadingKeys": [other] }, "deny");
                add(
                    tenant,
                    "dynamodb:Query",
                    table.indexArn,
                    { "dynamodb:LeadingKeys": [tenant, other] },
                    "deny",
                );
            }
            add(tenant, "dynamodb:Query", table.indexArn, {}, "deny");
        }
    }
}

/** `tenant`'s attempts on the per-tenant tables of `setup` (named after the session tag). */
export function tenantTableAttempts(
    setup: AccessSetup,
    tenant: string,
    foreign: readonly string[],
    add: AddAttempt,
): void {
    for (const table of setup.tenantTables) {
        const tableOf = (id: string) => table.pattern.replace(TENANT_VARIABLE, id);
        for (const action of TENANT_ITEM_ACTIONS) {
            add(tenant, action, tableOf(tenant), { "dynamodb:LeadingKeys": [tenant] }, "allow");
            for (const other of foreign) {
                add(tenant, action, tableOf(other), { "dynamodb:LeadingKeys": [other] }, "deny");
                add(tenant, action, tableOf(other), { "dynamodb:LeadingKeys": [tenant] }, "deny");
            }
        }
        if (table.indexed) {
            add(
                tenant,
                "dynamodb:Query",
                `${tableOf(tenant)}/index/probe-index`,
                { "dynamodb:LeadingKeys": [tenant] },
                "allow",
            );
            for (const other of foreign) {
                add(
                    tenant,
                    "dynamodb:Query",
                    `${tableOf(other)}/index/probe-index`,
                    { "dynamodb:LeadingKeys": [other] },
                    "deny",
                );
            }
        }
    }
}

/** A session without the tag reaches no partition, not even that of the tenant it names. */
export function taglessTableAttempts(setup: AccessSetup, tenant: string, add: AddAttempt): void {
    for (const table of setup.tables) {
        add(undefined, "dynamodb:GetItem", table.arn, { "dynamodb:LeadingKeys": [tenant] }, "deny");
    }
}
