/** One-line key settings of a planned resource, for the human-readable plan. */
import type { PlannedResource } from "./mockRuntime";

type Inputs = Record<string, unknown>;

const get = (inputs: Inputs, path: string): unknown =>
    path
        .split(".")
        .reduce<unknown>(
            (v, k) => (v !== null && typeof v === "object" ? (v as Inputs)[k] : undefined),
            inputs,
        );

const SUMMARIES: Record<string, (i: Inputs) => Record<string, unknown>> = {
    "aws:lambda/function:Function": (i) => ({
        runtime: i.runtime,
        memory: i.memorySize,
        timeout: i.timeout,
        isolation: get(i, "tenancyConfig.tenantIsolationMode") ?? "none",
        reservedConcurrency: i.reservedConcurrentExecutions,
        logs: get(i, "loggingConfig.logFormat"),
        tracing: get(i, "tracingConfig.mode"),
    }),
    "aws:dynamodb/table:Table": (i) => ({
        key: [i.hashKey, i.rangeKey].filter((k): k is string => typeof k === "string").join("+"),
        indexes: Array.isArray(i.globalSecondaryIndexes) ? i.globalSecondaryIndexes.length : 0,
        pitr: get(i, "pointInTimeRecovery.enabled"),
        deletionProtection: i.deletionProtectionEnabled,
        kms: get(i, "serverSideEncryption.enabled"),
    }),
    "aws:kms/key:Key": (i) => ({ rotation: i.enableKeyRotation, deletionWindowDays: i.deletionWindowInDays }),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (i) => ({
        blockAll: i.blockPublicAcls && i.blockPublicPolicy && i.ignorePublicAcls && i.restrictPublicBuckets,
    }),
    "aws:s3/bucketVersioning:BucketVersioning": (i) => ({ status: get(i, "versioningConfiguration.status") }),
    "aws:apigateway/integration:Integration": (i) => ({
        type: i.type,
        tenantHeader: get(i, "requestParameters")
            ? (i.requestParameters as Inputs)["integration.request.header.X-Amz-Tenant-Id"]
            : undefined,
    }),
    "aws:apigateway/method:Method": (i) => ({
        method: i.httpMethod,
        auth: i.authorization,
        apiKey: i.apiKeyRequired,
    }),
    "aws:apigateway/usagePlan:UsagePlan": (i) => ({
        rate: get(i, "throttleSettings.rateLimit"),
        burst: get(i, "throttleSettings.burstLimit"),
        dailyQuota: get(i, "quotaSettings.limit"),
    }),
    "aws:apigateway/authorizer:Authorizer": (i) => ({
        type: i.type,
        cacheSeconds: i.authorizerResultTtlInSeconds,
    }),
    "aws:lambda/permission:Permission": (i) => ({ principal: i.principal, sourceArn: i.sourceArn }),
    "aws:sqs/queue:Queue": (i) => ({
        visibilitySeconds: i.visibilityTimeoutSeconds,
        retentionSeconds: i.messageRetentionSeconds,
        sse: i.sqsManagedSseEnabled,
        maxReceiveCount:
            typeof i.redrivePolicy === "string"
                ? (JSON.parse(i.redrivePolicy) as { maxReceiveCount?: number }).maxReceiveCount
                : undefined,
    }),
    "aws:lambda/eventSourceMapping:EventSourceMapping": (i) => ({
        batchSize: i.batchSize,
        responses: Array.isArray(i.functionResponseTypes) ? i.functionResponseTypes.join(",") : undefined,
    }),
    "aws:cloudwatch/logGroup:LogGroup": (i) => ({ name: i.name, retentionDays: i.retentionInDays }),
    "aws:iam/role:Role": (i) => ({ maxSessionSeconds: i.maxSessionDuration }),
    "aws:cognito/userPool:UserPool": (i) => ({
        adminCreateOnly: get(i, "adminCreateUserConfig.allowAdminCreateUserOnly"),
        deletionProtection: i.deletionProtection,
    }),
};

/** `key=value` pairs of the settings that matter for review, skipping unset ones. */
export function summarize(resource: PlannedResource): string {
    const pick = SUMMARIES[resource.type];
    const fields = pick === undefined ? {} : pick(resource.inputs);
    const parts = Object.entries(fields)
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
    if (resource.retainOnDelete) parts.push("retained-on-delete");
    if (resource.protect) parts.push("protected");
    return parts.join(" ");
}
