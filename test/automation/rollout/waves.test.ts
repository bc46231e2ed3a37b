import { describe, expect, it } from "vitest";
import { InvalidLifecycleInputError } from "../../../automation/lifecycle/errors";
import { parseWaves, planWaves, WAVES_RULE } from "../../../automation/rollout/waves";

describe("parseWaves", () => {
    it.each([
        ["10,50,100", [10, 50, 100]],
        ["100", [100]],
        [" 25 , 100", [25, 100]],
    ])("%j is %j", (value, waves) => {
        expect(parseWaves(value)).toEqual(waves);
    });

    it.each(["50,10,100", "10,50", "0,100", "10,10,100", "10,150", "ten,100", "", "10.5,100"])(
        "%j is refused naming the rule",
        (value) => {
            expect(() => parseWaves(value)).toThrow(
                new InvalidLifecycleInputError("waves", value, WAVES_RULE),
            );
        },
    );
});

describe("planWaves", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `t${String(i).padStart(2, "0")}`);

    it.each([
        [ten, [10, 50, 100], [["t00"], ["t01", "t02", "t03", "t04"], ["t05", "t06", "t07", "t08", "t09"]]],
        [ten, [100], [["t00"], ["t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09"]]],
        [
            ["b", "a", "c"],
            [10, 50, 100],
            [["a"], ["b"], ["c"]],
        ],
        [["solo"], [10, 50, 100], [["solo"]]],
        [[], [10, 100], []],
    ])("splits %j at %j into %j (canary first, ids in order)", (ids, percents, waves) => {
        expect(planWaves(ids, percents)).toEqual(waves);
    });
});
