/**
 * Confused deputies: an AWS service invoking one of our functions on behalf of a source that is not
 * ours. Each `lambda.Permission` of the plan becomes the statement Lambda's AddPermission writes into
 * the function's resource policy, and the service tries it from the real source (allowed), from the
 * same kind of source in another account (denied) and from another source of our account (denied).
 */
import type { PolicyDocument } from "../../components/policies/document";
import type { PlannedStack } from "../mockRuntime";
import { accountOf, ARN_PARTS, type Attempt, attemptName } from "./attempt";
import { ACCOUNT_ID, type SimulationContext } from "./simulation";

/** An account that is not the plan's: the attacker's. */
export const FOREIGN_ACCOUNT_ID = "210987654321";

/** What a `lambda.Permission` grants, as planned. */
export interface PlannedPermission {
    readonly name: string;
    readonly functionArn: string;
    readonly principal: string;
    readonly sourceArn: string | undefined;
    readonly sourceAccount: string | undefined;
}

/** The function a permission names (by name or ARN), as an ARN in the region of its source. */
function functionArnOf(fn: unknown, sourceArn: unknown): string {
    const value = String(fn);
    if (value.startsWith("arn:")) return value;
    const region =
        (typeof sourceArn === "string" ? ARN_PARTS.exec(sourceArn)?.[2] : undefined) || "eu-west-1";
    return `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${value}`;
}

/** Every `lambda.Permission` of the plan whose principal is an AWS service. */
export function plannedPermissions(stacks: readonly PlannedStack[]): PlannedPermission[] {
    return stacks.flatMap((stack) =>
        stack.resources
            .filter((r) => r.type === "aws:lambda/permission:Permission")
            .filter(
                (r) =>
                    typeof r.inputs.principal === "string" && r.inputs.principal.endsWith(".amazonaws.com"),
            )
            .map((r) => ({
                name: r.name,
                functionArn: functionArnOf(r.inputs.function, r.inputs.sourceArn),
                principal: r.inputs.principal as string,
                sourceArn: typeof r.inputs.sourceArn === "string" ? r.inputs.sourceArn : undefined,
                sourceAccount:
                    typeof r.inputs.sourceAccount === "string" ? r.inputs.sourceAccount : undefined,
            })),
    );
}

/** The statement Lambda's AddPermission writes for a permission (conditions keyed `AWS:Source*`). */
export function permissionPolicy(permission: PlannedPermission): PolicyDocument {
    const condition: Record<string, Record<string, string>> = {};
    if (permission.sourceArn !== undefined) condition.ArnLike = { "AWS:SourceArn": permission.sourceArn };
    if (permission.sourceAccount !== undefined)
        condition.StringEquals = { "AWS:SourceAccount": permission.sourceAccount };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: permission.principal },
                Action: "lambda:InvokeFunction",
                Resource: permission.functionArn,
                ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
            },
        ],
    };
}

/** A concrete source the permission's (possibly wildcarded) source ARN names. */
function concrete(sourceArn: string): string {
    return sourceArn.replaceAll("*", "probe");
}

/** The same source in another account. */
function inAccount(sourceArn: string, account: string): string {
    return sourceArn.replace(
        ARN_PARTS,
        (_all, service, region, _account, rest) => `arn:aws:${service}:${region}:${account}:${rest}`,
    );
}

/** Another source of the same kind in the same account (another API, rule, topic or bucket). */
function otherSource(sourceArn: string): string {
    return sourceArn.replace(ARN_PARTS, (_all, service, region, account, rest: string) => {
        const [head, ...tail] = rest.split("/");
        return `arn:aws:${service}:${region}:${account}:${[`${head}-other`, ...tail].join("/")}`;
    });
}

/**
 * The confused-deputy attempts on every planned permission: the service acting for the real source
 * (allowed), for the same source in {@link FOREIGN_ACCOUNT_ID} and for another source of our account
 * (both denied). A permission without a source ARN yields the foreign attempt only, which it fails.
 */
export function deputyAttempts(stacks: readonly PlannedStack[]): Attempt[] {
    return plannedPermissions(stacks).flatMap((permission) => {
        const resourcePolicy = permissionPolicy(permission);
        const real = permission.sourceArn === undefined ? undefined : concrete(permission.sourceArn);
        const tries: { source: string; expected: "allow" | "deny" }[] =
            real === undefined
                ? [
                      {
                          source: `arn:aws:execute-api:us-east-1:${FOREIGN_ACCOUNT_ID}:foreign/*`,
                          expected: "deny",
                      },
                  ]
                : [
                      { source: real, expected: "allow" },
                      { source: inAccount(real, FOREIGN_ACCOUNT_ID), expected: "deny" },
                      { source: otherSource(real), expected: "deny" },
                  ];
        return tries.map(({ source, expected }) => {
            const context: SimulationContext = {
                "aws:SourceArn": source,
                "aws:SourceAccount": accountOf(source),
            };
            return {
                tenant: "(none)",
                name: `${permission.principal} for ${source}: ${attemptName("lambda:InvokeFunction", permission.functionArn, {})}`,
                principal: permission.principal,
                identityPolicies: [],
                resourcePolicy,
                action: "lambda:InvokeFunction",
                resource: permission.functionArn,
                resourceAccountId: accountOf(permission.functionArn),
                context,
                expected,
            };
        });
    });
}
