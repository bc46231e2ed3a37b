import { describe, expect, it } from "vitest";
import { pairCount, pairIds, visitPairs } from "../../../plan/isolation/pairs";

describe("the pairs of the proof", () => {
    it.each<[string, string[], string[], number]>([
        // 3·2 + 2·3·4
        ["three tenants", ["acme", "globex", "initech"], [], 30],
        // acme2 is both a tenant and acme's neighbour (acme2's is acme): 2·1 + 2·(3 + 3)
        ["a tenant next to another", ["acme", "acme2"], [], 14],
        // and an owner outside the plan, tried by both tenants and its 4 neighbours: 14 + 2 + 4
        ["an unplanned owner", ["acme", "acme2"], ["initech"], 20],
        // acm is acme's neighbour: acme went after it already; acme2 and ac, acm2, acm-2, acma remain
        ["an unplanned owner next to a tenant", ["acme", "acme2"], ["acm"], 14 + 1 + 4],
    ])("%s", (_name, tenants, owners, pairs) => {
        const visited: string[] = [];
        visitPairs(tenants, owners, (family, self, other) => {
            if (family !== "own") visited.push(`${self}>${other}`);
        });

        expect(visited).toHaveLength(pairs);
        expect(new Set(visited).size).toBe(pairs);
        expect(pairCount(tenants, owners)).toBe(pairs);
        expect(pairIds(tenants, owners)).toEqual(new Set(visited.flatMap((v) => v.split(">"))));
    });
});
