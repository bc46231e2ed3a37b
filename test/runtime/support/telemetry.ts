/**
 * Captures what the runtime's Powertools logger and metrics print. `POWERTOOLS_DEV` sends their
 * output to the global console (which the spies record); metrics stay enabled explicitly.
 */
import { type MockInstance, vi } from "vitest";
import { createTelemetry, type Telemetry } from "../../../runtime/telemetry";

/** A parsed log line. */
export type LogLine = Record<string, unknown> & { level: string; message: string };
/** A parsed EMF metric document. */
export type MetricDocument = Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};

export interface CapturedTelemetry {
    readonly telemetry: Telemetry;
    /** Log lines printed so far, in order. */
    logs(): LogLine[];
    /** Metric documents printed so far, in order. */
    metrics(): MetricDocument[];
    /** Everything printed, as one string (to check that a secret never appears). */
    raw(): string;
    /** `tracer.putAnnotation` calls. */
    readonly annotations: MockInstance;
    clear(): void;
}

const METHODS = ["log", "info", "warn", "error", "debug"] as const;

export function captureTelemetry(serviceName = "test-service", environment = "dev"): CapturedTelemetry {
    process.env.POWERTOOLS_DEV = "true";
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    // A method spied on before keeps its spy (and its calls): start from a clean record.
    const spies = METHODS.map((method) =>
        vi
            .spyOn(console, method)
            .mockImplementation(() => undefined)
            .mockClear(),
    );
    const telemetry = createTelemetry(serviceName, environment);
    const annotations = vi.spyOn(telemetry.tracer, "putAnnotation");
    const printed = () => spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
    const parsed = () =>
        spies
            .flatMap((spy) =>
                spy.mock.invocationCallOrder.map((order, i) => [order, spy.mock.calls[i]?.[0]] as const),
            )
            .sort((a, b) => a[0] - b[0])
            .map(([, text]) => JSON.parse(String(text)) as Record<string, unknown>);
    return {
        telemetry,
        logs: () => parsed().filter((doc): doc is LogLine => !("_aws" in doc)),
        metrics: () => parsed().filter((doc): doc is MetricDocument => "_aws" in doc),
        raw: () => printed().join("\n"),
        annotations,
        clear: () => {
            for (const spy of spies) spy.mockClear();
            annotations.mockClear();
        },
    };
}
