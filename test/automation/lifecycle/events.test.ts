import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { fromEngineEvent } from "../../../automation/lifecycle/events";

const diagnostic = (severity: string, ephemeral = false): EngineEvent =>
    ({
        sequence: 1,
        timestamp: 0,
        diagnosticEvent: { message: `  a ${severity} message\n`, color: "never", severity, ephemeral },
    }) as EngineEvent;

describe("engine diagnostics as lifecycle events", () => {
    // The real engine streams the SDK's debug log (every RegisterResource RPC) as diagnostics.
    it.each(["debug", "info"])("drops %s diagnostics, as the Pulumi CLI's display does", (severity) => {
        expect(fromEngineEvent("acme", diagnostic(severity))).toBeUndefined();
    });

    it.each(["warning", "error", "info#err"])("keeps %s diagnostics, trimmed", (severity) => {
        expect(fromEngineEvent("acme", diagnostic(severity))).toEqual({
            type: "diagnostic",
            tenantId: "acme",
            severity,
            message: `a ${severity} message`,
        });
    });

    it("drops ephemeral warnings", () => {
        expect(fromEngineEvent("acme", diagnostic("warning", true))).toBeUndefined();
    });
});
