/**
 * Powertools logger, metrics and tracer, with the tenant conventions in one place: log lines carry
 * `tenantId` and `tier`; metrics use `tier` as their dimension (never the tenant id: one custom
 * metric per tenant would cost per tenant, and per-tenant usage is computed from the logs, which
 * Lambda also stamps with `tenantId`); traces are annotated with the tenant, so X-Ray can filter on it.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

/** CloudWatch namespace of every metric the runtime emits. */
export const METRICS_NAMESPACE = "TenantTiers";

/** The dimension that splits metrics by tier. */
export const TIER_DIMENSION = "tier";

/** The logger, metrics and tracer of one function. */
export interface Telemetry {
    readonly logger: Logger;
    readonly metrics: Metrics;
    readonly tracer: Tracer;
}

/**
 * Telemetry of one function. `environment` goes on every log line and is a default metric
 * dimension (a handful of values, unlike tenant ids).
 */
export function createTelemetry(serviceName: string, environment: string): Telemetry {
    return {
        logger: new Logger({ serviceName, persistentKeys: { environment } }),
        metrics: new Metrics({
            namespace: METRICS_NAMESPACE,
            serviceName,
            defaultDimensions: { environment },
        }),
        tracer: new Tracer({ serviceName }),
    };
}

/** The keys every log line about a tenant carries. */
export function tenantLogKeys(tenantId: string, tier: string): { tenantId: string; tier: string } {
    return { tenantId, tier };
}

/** Annotates the current trace segment with the tenant (a no-op when tracing is off). */
export function annotateTenant(tracer: Tracer, tenantId: string, tier: string): void {
    tracer.putAnnotation("tenantId", tenantId);
    tracer.putAnnotation("tier", tier);
}

/**
 * Emits one count metric, immediately, with the given dimensions. A single-metric instance keeps
 * concurrent work of different tiers (the router's records) from sharing one dimension set.
 */
export function countMetric(
    metrics: Metrics,
    name: string,
    dimensions: Readonly<Record<string, string>>,
): void {
    const single = metrics.singleMetric();
    for (const [key, value] of Object.entries(dimensions)) single.addDimension(key, value);
    single.addMetric(name, MetricUnit.Count, 1);
}

/** Emits one count metric with the tier as its dimension. */
export function countForTier(metrics: Metrics, name: string, tier: string): void {
    countMetric(metrics, name, { [TIER_DIMENSION]: tier });
}

/**
 * Runs one invocation inside a `## handler` subsegment (annotations cannot go on Lambda's facade
 * segment), marking cold starts and recording errors. Without tracing it just runs `work`.
 */
export async function traceInvocation<T>(tracer: Tracer, work: () => Promise<T>): Promise<T> {
    const facade = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
    if (facade === undefined) return work();
    const subsegment = facade.addNewSubsegment(`## ${process.env._HANDLER ?? "handler"}`);
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
        return await work();
    } catch (error) {
        tracer.addErrorAsMetadata(error as Error);
        throw error;
    } finally {
        subsegment.close();
        tracer.setSegment(facade);
    }
}

/**
 * Runs `work` in a subsegment of its own annotated with the tenant. Concurrent calls (the router's
 * records) each get their own subsegment, so one record's tenant never lands on another's trace.
 */
export async function traceTenantWork<T>(
    tracer: Tracer,
    name: string,
    tenant: { tenantId: string; tier: string },
    work: () => Promise<T>,
): Promise<T> {
    if (!tracer.isTracingEnabled()) {
        annotateTenant(tracer, tenant.tenantId, tenant.tier);
        return work();
    }
    return tracer.provider.captureAsyncFunc(name, async (subsegment) => {
        annotateTenant(tracer, tenant.tenantId, tenant.tier);
        try {
            return await work();
        } catch (error) {
            subsegment?.addError(error as Error);
            throw error;
        } finally {
            subsegment?.close();
        }
    }) as Promise<T>;
}
