import { premiumTableName } from "../shared/tenantNaming";
import { PRINCIPAL_TENANT, type PolicyStatement } from "./document";
import { ownPartitionCondition } from "./partitionGuard";
import { TENANT_ITEM_ACTIONS } from "./tenantActions";

export interface PremiumTableStatementArgs {
    readonly environment: string;
    readonly region: string;
    readonly accountId: string;
}

/**
 * The statement of the platform's tenant access policy that reaches premium tenants' own tables
 * without listing them: the table is named exactly from the session's `TenantId` tag (no
 * wildcard, so `acme` never matches `acme2`), and still only yields the tenant's own partition.
 * Premium buckets grant the tenant's prefix in their own bucket policies; tenant keys are covered
 * by the tag-based key statement.
 */
export function premiumTableStatement(args: PremiumTableStatementArgs): PolicyStatement {
    const table = `arn:aws:dynamodb:${args.region}:${args.accountId}:table/${premiumTableName(args.environment, PRINCIPAL_TENANT)}`;
    return {
        Sid: "OwnPremiumTableItems",
        Effect: "Allow",
        Action: [...TENANT_ITEM_ACTIONS],
        Resource: [table, `${table}/index/*`],
        Condition: ownPartitionCondition(PRINCIPAL_TENANT),
    };
}
