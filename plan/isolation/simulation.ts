/**
 * IAM decisions by `@cloud-copilot/iam-simulate` (AGPL-3.0: a devDependency, used by the tests and
 * the offline plan's isolation proof, never by the program or the policy pack), in strict mode and
 * refusing any request or policy it could not evaluate faithfully.
 */
import {
    type ConditionKeyType,
    isConditionKeyArray,
    runSimulation,
    type SimulationErrors,
    typeForContextKey,
} from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/policies/document";

/** The account every simulated principal and resource lives in. */
export const ACCOUNT_ID = "123456789012";

/** Context values as IAM sees them: multivalued keys (`dynamodb:LeadingKeys`, `aws:TagKeys`) take arrays. */
export type SimulationContext = Readonly<Record<string, string | readonly string[]>>;

export interface SimulationRequest {
    /** Policies attached to the calling principal (its role). */
    readonly identityPolicies: readonly PolicyDocument[];
    /** The principal's permissions boundary, if it has one. */
    readonly permissionsBoundary?: PolicyDocument;
    /** The resource's own policy: bucket policy, key policy, role trust policy. */
    readonly resourcePolicy?: PolicyDocument;
    readonly action: string;
    /** One concrete resource ARN; wildcards would make the simulator run several simulations. */
    readonly resource: string;
    /** The caller, for example `arn:aws:sts::123456789012:assumed-role/<role>/<session>`. */
    readonly principal: string;
    /** Request context. The simulator fills in nothing by itself, not even `aws:PrincipalTag/*`. */
    readonly context?: SimulationContext;
    /** @default ACCOUNT_ID */
    readonly resourceAccountId?: string;
}

/** The simulator's decision, spelled out so a new value in the library fails to compile here. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface SimulationOutcome {
    readonly result: Decision;
    /** Context keys the simulator dropped because they do not apply to the action and resource. */
    readonly ignoredContextKeys: string[];
}

/** The simulator rejected the request or a policy: such a run proves nothing, so it is never a denial. */
export class IamSimulationError extends Error {
    constructor(
        message: string,
        readonly errors?: SimulationErrors,
        options?: ErrorOptions,
    ) {
        super(message, options);
        this.name = "IamSimulationError";
    }
}

/** IAM's condition operators; `IfExists` and the `ForAllValues:`/`ForAnyValue:` prefixes combine with them. */
const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
]);

function isConditionOperator(operator: string): boolean {
    const base = operator.replace(/^(ForAllValues|ForAnyValue):/, "");
    return base === "Null" || CONDITION_OPERATORS.has(base.replace(/IfExists$/, ""));
}

/**
 * The simulator's policy validation accepts any alphanumeric condition operator and then treats an
 * unknown one as never matching: a typo would turn an Allow into a denial and disarm a Deny.
 */
function checkConditionOperators(label: string, policy: PolicyDocument): void {
    for (const [index, statement] of policy.Statement.entries()) {
        for (const operator of Object.keys(statement.Condition ?? {})) {
            if (!isConditionOperator(operator)) {
                throw new IamSimulationError(
                    `${label} statement ${statement.Sid ?? index} has unknown condition operator "${operator}"`,
                );
            }
        }
    }
}

const PRINCIPAL_ARN =
    /^arn:aws:(iam::[0-9]{12}:(role|user)\/|sts::[0-9]{12}:assumed-role\/[^/]+\/)[\w+=,.@/-]+$/;

/** An AWS service acting on our behalf (`apigateway.amazonaws.com`): the confused-deputy attempts. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;

async function contextKeyType(key: string): Promise<ConditionKeyType> {
    try {
        return await typeForContextKey(key);
    } catch (cause) {
        throw new IamSimulationError(`context key "${key}" is not a known IAM condition key`, undefined, {
            cause,
        });
    }
}

/**
 * The simulator keeps only the first element of an array given for a single-valued key, and a
 * scalar given for a multivalued key is a different request from the one meant. Both are refused.
 */
async function checkedContext(context: SimulationContext): Promise<Record<string, string | string[]>> {
    const checked: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(context)) {
        const type = await contextKeyType(key);
        const multivalued = isConditionKeyArray(type);
        if (multivalued !== (typeof value !== "string")) {
            throw new IamSimulationError(
                `context key "${key}" has type ${type}: pass ${multivalued ? "an array" : "a single string"}, got ${JSON.stringify(value)}`,
            );
        }
        checked[key] = typeof value === "string" ? value : [...value];
    }
    return checked;
}

/** Runs `@cloud-copilot/iam-simulate` in strict mode for one request against one concrete resource. */
export async function simulate(request: SimulationRequest): Promise<SimulationOutcome> {
    if (!PRINCIPAL_ARN.test(request.principal) && !SERVICE_PRINCIPAL.test(request.principal)) {
        throw new IamSimulationError(
            `principal "${request.principal}" is not an IAM role, IAM user or assumed-role session ARN, nor an AWS service principal`,
        );
    }
    request.identityPolicies.forEach((policy, index) => {
        checkConditionOperators(`identity policy ${index}`, policy);
    });
    if (request.resourcePolicy !== undefined) {
        checkConditionOperators("resource policy", request.resourcePolicy);
    }
    if (request.permissionsBoundary !== undefined) {
        checkConditionOperators("permissions boundary", request.permissionsBoundary);
    }
    const response = await runSimulation(
        {
            request: {
                principal: request.principal,
                action: request.action,
                resource: { resource: request.resource, accountId: request.resourceAccountId ?? ACCOUNT_ID },
                contextVariables: await checkedContext(request.context ?? {}),
            },
            identityPolicies: request.identityPolicies.map((policy, index) => ({
                name: `identity-${index}`,
                policy,
            })),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
            ...(request.permissionsBoundary === undefined
                ? {}
                : {
                      permissionBoundaryPolicies: [{ name: "boundary", policy: request.permissionsBoundary }],
                  }),
        },
        { simulationMode: "Strict" },
    );
    const what = `${request.action} on ${request.resource}`;
    if (response.resultType === "error") {
        throw new IamSimulationError(
            `simulation of ${what} failed: ${response.errors.message} ${JSON.stringify(response.errors)}`,
            response.errors,
        );
    }
    if (response.resultType !== "single") {
        throw new IamSimulationError(
            `simulation of ${what} ran as "${response.resultType}": use a resource ARN without wildcards`,
        );
    }
    const ignoredContextKeys = response.result.ignoredContextKeys;
    if (ignoredContextKeys === undefined) {
        throw new IamSimulationError(`simulation of ${what} did not report its ignored context keys`);
    }
    return { result: response.overallResult, ignoredContextKeys };
}
