import { describe, expect, it } from "vitest";
import { changeTier, LifecycleStepError, signup } from "../../../automation/lifecycle";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { type Harness, specOf } from "../../helpers/lifecycleHarness";
import {
    ACME_DIGEST,
    expectUpgraded,
    failBatch,
    harness,
    input,
    ups,
    useTierChangeFixture,
} from "../../helpers/tierChangeFixture";

useTierChangeFixture();

describe("change-tier resumes after a failure between any two steps (dynalite)", () => {
    const FAULTS: {
        readonly at: string;
        readonly inject: (h: Harness) => void;
        readonly step: string;
        readonly upsAfterResume: string[];
    }[] = [
        {
            at: "the suspend up",
            inject: (h) =>
                h.fake.failWhen(
                    (a) => a[0] === "up",
                    () => engineFailure("KMS CreateKey throttled"),
                ),
            step: "suspend",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
        {
            at: "recording the end of the suspend step",
            inject: (h) =>
                h.fake.failWhen(
                    (a) =>
                        a[1] === "set-all" &&
                        a.some((x) => x.includes('"step":"migrate"') && !x.includes('"migration"')),
                    () => engineFailure("disk full"),
                ),
            step: "suspend",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/suspended", "premium/active"],
        },
        {
            at: "recording the object move's verification",
            inject: (h) =>
                h.fake.failWhen(
                    (a) => a[1] === "set-all" && a.some((x) => /"objects":\{[^}]*"step":"verified"/.test(x)),
                    () => engineFailure("disk full"),
                ),
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
        {
            at: "recording the first object cleanup page",
            inject: (h) =>
                h.fake.failWhen(
                    (a) =>
                        a[1] === "set-all" &&
                        a.some((x) =>
                            /"objects":\{[^}]*"step":"cleaning","verified":\{[^}]*\},"copied":12,"deleted":15/.test(
                                x,
                            ),
                        ),
                    () => engineFailure("disk full"),
                ),
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
        {
            at: "the third copy batch",
            inject: () => failBatch("PutRequest", 3),
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
        {
            at: "the registry switch up",
            inject: (h) => {
                let upsSeen = 0;
                h.fake.failWhen(
                    (a) => a[0] === "up" && ++upsSeen === 2,
                    () => engineFailure("UpdateItem failed"),
                );
            },
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
        {
            at: "recording the switch",
            inject: (h) =>
                h.fake.failWhen(
                    (a) => a[1] === "set-all" && a.some((x) => x.includes('"step":"switched"')),
                    () => engineFailure("disk full"),
                ),
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active", "premium/active"],
        },
        {
            at: "the second cleanup batch",
            inject: () => failBatch("DeleteRequest", 2),
            step: "migrate",
            upsAfterResume: ["pooled/active", "premium/suspended", "premium/active"],
        },
    ];

    it.each(FAULTS)(
        "a failure at $at stops at step $step; the same command resumes without losing or duplicating an item",
        async (fault) => {
            const h = harness();
            await signup({ spec: specOf("acme") }, h.deps());
            fault.inject(h);

            const first = changeTier(input("premium"), h.deps());

            await expect(first).rejects.toThrow(LifecycleStepError);
            await expect(first).rejects.toMatchObject({ step: fault.step, operation: "change-tier" });
            const resumed = await changeTier(input("premium"), h.deps());
            expect(resumed.outcome).toBe("resumed");
            expect(resumed.resumedFrom).toBe(fault.step);
            expect(resumed.migration).toMatchObject({ count: 130, checksum: ACME_DIGEST.checksum });
            expect(ups).toEqual(fault.upsAfterResume);
            await expectUpgraded(h);
        },
    );
});
