/** What each operation consumes, from what the tenant components create. */
import { describe, expect, it } from "vitest";
import { demandOf, operationWords, type QuotaOperation } from "../../../automation/quotas/demand";

describe("demandOf", () => {
    it.each<[string, QuotaOperation, Record<string, number>]>([
        [
            "pooled signup: the membership (API key, group, admin user)",
            { kind: "signup", tier: "pooled", vendsAccount: false },
            { apiKeys: 1, userPoolGroups: 1, userPoolUsers: 1 },
        ],
        [
            "premium signup: the membership, its usage plan, REST API and reserved concurrency",
            { kind: "signup", tier: "premium", vendsAccount: false },
            {
                apiKeys: 1,
                userPoolGroups: 1,
                userPoolUsers: 1,
                usagePlans: 1,
                restApis: 1,
                lambdaConcurrency: 20,
            },
        ],
        [
            "premium signup with --silo create: and an account",
            { kind: "signup", tier: "premium", vendsAccount: true },
            {
                apiKeys: 1,
                userPoolGroups: 1,
                userPoolUsers: 1,
                usagePlans: 1,
                restApis: 1,
                lambdaConcurrency: 20,
                organizationAccounts: 1,
            },
        ],
        [
            "pooled -> premium: the premium parts only (the membership is updated in place)",
            { kind: "change-tier", from: "pooled", to: "premium" },
            { usagePlans: 1, restApis: 1, lambdaConcurrency: 20 },
        ],
        ["premium -> pooled: nothing", { kind: "change-tier", from: "premium", to: "pooled" }, {}],
        ["premium -> premium: nothing", { kind: "change-tier", from: "premium", to: "premium" }, {}],
    ])("%s", (_name, operation, expected) => {
        expect(demandOf(operation, 20)).toEqual(expected);
    });

    it.each<[QuotaOperation, string]>([
        [{ kind: "signup", tier: "pooled", vendsAccount: false }, "pooled signup"],
        [{ kind: "signup", tier: "premium", vendsAccount: true }, "premium signup with --silo create"],
        [{ kind: "change-tier", from: "pooled", to: "premium" }, "tier change pooled -> premium"],
    ])("names %j as %s", (operation, words) => {
        expect(operationWords(operation)).toBe(words);
    });
});
