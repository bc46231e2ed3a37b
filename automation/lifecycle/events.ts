/**
 * What the lifecycle reports while it runs: its own steps, and the engine's events boiled down to
 * one event per resource operation, diagnostic, policy violation and summary. The CLI prints one
 * line per event, so a long update is never silent.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { MigrationEvent } from "../migration/migrate";
import type { VendingEvent } from "../vending/vend";
import type { LifecycleOperation } from "./record";

export type LifecycleEvent =
    | {
          readonly type: "step";
          readonly operation: LifecycleOperation;
          readonly tenantId: string;
          readonly step: string;
          readonly state: "started" | "done" | "skipped";
          readonly detail?: string;
      }
    | {
          readonly type: "resource";
          readonly tenantId: string;
          /** `create`, `update`, `delete`, `same`, `replace`, ... */
          readonly op: string;
          readonly resourceType: string;
          readonly name: string;
          readonly state: "started" | "done" | "failed";
      }
    | {
          readonly type: "diagnostic";
          readonly tenantId: string;
          readonly severity: string;
          readonly message: string;
      }
    | {
          readonly type: "policy";
          readonly tenantId: string;
          readonly policy: string;
          readonly level: string;
          readonly message: string;
      }
    | {
          readonly type: "summary";
          readonly tenantId: string;
          readonly changes: Readonly<Record<string, number>>;
          readonly durationSeconds: number;
      }
    | {
          readonly type: "retry";
          readonly tenantId: string;
          readonly reason: string;
          readonly attempt: number;
          readonly delayMs: number;
      }
    | { readonly type: "vending"; readonly tenantId: string; readonly event: VendingEvent }
    | { readonly type: "migration"; readonly tenantId: string; readonly event: MigrationEvent }
    | {
          readonly type: "backup";
          readonly tenantId: string;
          readonly what: string;
          readonly count?: number;
      };

/** Diagnostics the Pulumi CLI shows: warnings, errors and the program's stderr, not its debug log. */
const SHOWN_SEVERITIES = new Set(["warning", "error", "info#err"]);

/** The last segment of a URN: the resource's logical name. */
const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

/**
 * The lifecycle event of an engine event, or `undefined` for events not worth a line (stdout
 * echoes, the prelude, steps of the stack resource itself, ephemeral diagnostics).
 */
export function fromEngineEvent(tenantId: string, event: EngineEvent): LifecycleEvent | undefined {
    const step = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent ?? undefined;
    if (step !== undefined) {
        const { metadata } = step;
        if (metadata.type === "pulumi:pulumi:Stack") return undefined;
        const state =
            event.resOpFailedEvent !== undefined
                ? "failed"
                : event.resOutputsEvent !== undefined
                  ? "done"
                  : "started";
        return {
            type: "resource",
            tenantId,
            op: metadata.op,
            resourceType: metadata.type,
            name: nameOf(metadata.urn),
            state,
        };
    }
    const diagnostic = event.diagnosticEvent;
    // The real engine streams the SDK's debug log as diagnostics too: show what the CLI shows.
    if (
        diagnostic !== undefined &&
        diagnostic.ephemeral !== true &&
        SHOWN_SEVERITIES.has(diagnostic.severity)
    ) {
        return {
            type: "diagnostic",
            tenantId,
            severity: diagnostic.severity,
            message: diagnostic.message.trim(),
        };
    }
    const policy = event.policyEvent;
    if (policy !== undefined) {
        return {
            type: "policy",
            tenantId,
            policy: policy.policyName,
            level: policy.enforcementLevel,
            message: policy.message.trim(),
        };
    }
    const summary = event.summaryEvent;
    if (summary !== undefined) {
        return {
            type: "summary",
            tenantId,
            changes: { ...summary.resourceChanges },
            durationSeconds: summary.durationSeconds,
        };
    }
    return undefined;
}
