import type { ConditionBlock, PolicyStatement } from "./document";

/**
 * The condition that pins DynamoDB item actions to one partition: every leading key must equal
 * `tenant` (a literal id, or the `${aws:PrincipalTag/TenantId}` variable). `ForAllValues` alone is
 * true for a request without keys; the `Null` guard makes keys mandatory, and `ForAnyValue` also
 * refuses a present but empty key list.
 */
export function ownPartitionCondition(tenant: string): ConditionBlock {
    return {
        "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [tenant] },
        Null: { "dynamodb:LeadingKeys": "false" },
        "ForAnyValue:StringEquals": { "dynamodb:LeadingKeys": [tenant] },
    };
}

/** Scans read every partition: denied outright, and PartiQL whenever it would scan the table. */
export function noScanStatements(): PolicyStatement[] {
    return [
        { Sid: "NoTableScans", Effect: "Deny", Action: ["dynamodb:Scan"], Resource: "*" },
        {
            Sid: "NoFullTableScanPartiQL",
            Effect: "Deny",
            Action: ["dynamodb:PartiQLSelect"],
            Resource: "*",
            Condition: { Bool: { "dynamodb:FullTableScan": "true" } },
        },
    ];
}
