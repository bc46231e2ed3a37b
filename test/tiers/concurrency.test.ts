import { describe, expect, it } from "vitest";
import {
    type ConcurrencySplit,
    concurrencySplitProblem,
    concurrencyTotal,
    describeConcurrencySplit,
} from "../../tiers/concurrency";

const SPLIT: ConcurrencySplit = {
    accountLimit: 1000,
    authorizer: 100,
    pooled: undefined,
    premiumPerTenant: 20,
    premiumTenants: 10,
    router: 10,
    headroom: 100,
};

describe("concurrency split", () => {
    it("adds every reservation and the headroom", () => {
        expect(concurrencyTotal(SPLIT)).toBe(410);
        expect(concurrencyTotal({ ...SPLIT, pooled: 300 })).toBe(710);
        expect(describeConcurrencySplit(SPLIT)).toBe(
            "authorizer 100 + pooled 0 + premium 20 x 10 tenants = 200 + router 10 + headroom 100 = 410",
        );
    });

    it.each([
        [{}, undefined],
        [{ pooled: 590 }, undefined],
        [
            { pooled: 591 },
            "the concurrency split needs 1001 executions (authorizer 100 + pooled 591 + premium 20 x 10 tenants = 200 + router 10 + headroom 100 = 1001), above the account limit of 1000: lower a reservation or premiumTenantCapacity, or raise the account's Lambda concurrency quota and accountConcurrencyLimit",
        ],
        [
            { headroom: 99 },
            "headroom of 99 is below the 100 executions AWS keeps unreserved: set concurrencyHeadroom to at least 100",
        ],
    ])("%j: %j", (change, problem) => {
        expect(concurrencySplitProblem({ ...SPLIT, ...change })).toBe(problem);
    });
});
