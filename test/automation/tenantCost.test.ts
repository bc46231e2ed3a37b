import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
    CostInputError,
    costReport,
    DEFAULT_PRICES,
    taggedCostByTenant,
    usageFromInsightsRows,
    usageFromLogLines,
} from "../../automation/tenantCost";

const FIXTURE = fs.readFileSync(path.join(__dirname, "fixtures", "pooled-function.log"), "utf8").split("\n");

describe("per-tenant cost of the pooled function", () => {
    it("attributes platform.report events to tenants (top-level and record tenantId), counting cold starts", () => {
        // Act
        const { usage, unattributedReports, ignoredLines } = usageFromLogLines(FIXTURE);

        // Assert
        expect(usage).toEqual([
            { tenantId: "acme", invocations: 3, coldStarts: 1, billedMs: 377, mbMs: 193_024 },
            { tenantId: "globex", invocations: 2, coldStarts: 1, billedMs: 1344, mbMs: 1_200_128 },
        ]);
        expect(unattributedReports).toBe(1);
        expect(ignoredLines).toBe(4);
    });

    it("prices usage exactly, rounded to a billionth of a dollar, most expensive first", () => {
        const { usage, unattributedReports, ignoredLines } = usageFromLogLines(FIXTURE);

        const report = costReport(usage, DEFAULT_PRICES.arm64, new Map(), {
            unattributedReports,
            ignoredLines,
        });

        expect(report).toEqual({
            tenants: [
                {
                    tenantId: "globex",
                    invocations: 2,
                    coldStarts: 1,
                    gbSeconds: 1.172,
                    computeUsd: 0.000015627,
                    requestUsd: 0.0000004,
                    taggedUsd: 0,
                    totalUsd: 0.000016027,
                },
                {
                    tenantId: "acme",
                    invocations: 3,
                    coldStarts: 1,
                    gbSeconds: 0.1885,
                    computeUsd: 0.000002513,
                    requestUsd: 0.0000006,
                    taggedUsd: 0,
                    totalUsd: 0.000003113,
                },
            ],
            unattributedReports: 1,
            ignoredLines: 4,
            totalUsd: 0.00001914,
        });
    });

    it("uses the x86_64 price when asked", () => {
        const { usage } = usageFromLogLines(FIXTURE);
        const acme = costReport(usage, DEFAULT_PRICES.x86_64).tenants.find((t) => t.tenantId === "acme");
        // 0.1885 GB-s × 0.0000166667 = 0.00000314167...
        expect(acme?.computeUsd).toBe(0.000003142);
    });

    it("reads the saved Logs Insights cost query's rows to the same figures", () => {
        const rows = [
            [
                { field: "tenant", value: "globex" },
                { field: "invocations", value: "2" },
                { field: "coldStarts", value: "1" },
                { field: "billedMs", value: "1344" },
                { field: "gbSeconds", value: "1.172" },
            ],
            [
                { field: "tenant", value: "acme" },
                { field: "invocations", value: "3" },
                { field: "coldStarts", value: "1" },
                { field: "billedMs", value: "377" },
                { field: "gbSeconds", value: "0.1885" },
            ],
        ];
        const fromLogs = costReport(usageFromLogLines(FIXTURE).usage, DEFAULT_PRICES.arm64);

        const fromInsights = costReport(usageFromInsightsRows(rows), DEFAULT_PRICES.arm64);

        expect(fromInsights.tenants).toEqual(fromLogs.tenants);
    });

    it("adds premium tenants' tagged cost from Cost Explorer, skipping untagged and platform cost", () => {
        const tagged = taggedCostByTenant({
            ResultsByTime: [
                {
                    Groups: [
                        {
                            Keys: ["TenantId$initech"],
                            Metrics: { UnblendedCost: { Amount: "12.34", Unit: "USD" } },
                        },
                        {
                            Keys: ["TenantId$acme"],
                            Metrics: { UnblendedCost: { Amount: "0.5", Unit: "USD" } },
                        },
                        { Keys: ["TenantId$"], Metrics: { UnblendedCost: { Amount: "3", Unit: "USD" } } },
                        {
                            Keys: ["TenantId$platform"],
                            Metrics: { UnblendedCost: { Amount: "100", Unit: "USD" } },
                        },
                    ],
                },
                {
                    Groups: [
                        {
                            Keys: ["TenantId$initech"],
                            Metrics: { UnblendedCost: { Amount: "1.66", Unit: "USD" } },
                        },
                    ],
                },
            ],
        });
        expect([...tagged.entries()]).toEqual([
            ["initech", 14],
            ["acme", 0.5],
        ]);

        const report = costReport(usageFromLogLines(FIXTURE).usage, DEFAULT_PRICES.arm64, tagged);

        expect(report.tenants.map((t) => [t.tenantId, t.taggedUsd, t.totalUsd])).toEqual([
            ["initech", 14, 14],
            ["acme", 0.5, 0.500003113],
            ["globex", 0, 0.000016027],
        ]);
        expect(report.totalUsd).toBe(14.50001914);
    });

    it.each([
        [
            '{"type":"platform.report","tenantId":"acme","record":{"metrics":{"billedDurationMs":"abc","memorySizeMB":512}}}',
            'line 1: record.metrics.billedDurationMs is "abc", expected a non-negative number',
        ],
        [
            '{"type":"platform.report","tenantId":"acme","record":{"metrics":{"billedDurationMs":10}}}',
            "line 1: record.metrics.memorySizeMB is undefined, expected a non-negative number",
        ],
        [
            '{"type":"platform.report","tenantId":"acme","record":{"metrics":{"billedDurationMs":-1,"memorySizeMB":512}}}',
            "line 1: record.metrics.billedDurationMs is -1, expected a non-negative number",
        ],
    ])("rejects a malformed report %s", (line, message) => {
        expect(() => usageFromLogLines([line])).toThrow(new CostInputError(message));
    });

    it("rejects query rows without a tenant and cost in another currency", () => {
        expect(() => usageFromInsightsRows([[{ field: "invocations", value: "1" }]])).toThrow(
            new CostInputError('row 1: no "tenant" field; run the saved pooled-cost-by-tenant query'),
        );
        expect(() =>
            taggedCostByTenant({
                ResultsByTime: [
                    {
                        Groups: [
                            {
                                Keys: ["TenantId$acme"],
                                Metrics: { UnblendedCost: { Amount: "1", Unit: "EUR" } },
                            },
                        ],
                    },
                ],
            }),
        ).toThrow(new CostInputError('cost of tenant "acme" is in EUR, expected USD'));
    });
});
