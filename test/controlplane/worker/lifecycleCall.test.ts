/**
 * The worker's mapping from a queued request to the lifecycle: a change-tier's placement options are
 * validated again with the CLI's rules (a message that did not come through the API is held to them)
 * and reach `changeTier` as the CLI would pass them.
 */
import { describe, expect, it } from "vitest";
import { CliInputError } from "../../../automation/cli/problems";
import { signup } from "../../../automation/lifecycle";
import { lifecycleCall } from "../../../controlplane/worker/lifecycleCall";
import { lifecycleHarness, specOf } from "../../helpers/lifecycleHarness";
import { validationCli } from "../support/apiFixture";

const call = lifecycleCall({ environment: "dev", region: "eu-west-1", cli: validationCli() });

describe("change-tier requests in the worker", () => {
    it("refuses placement options that break the CLI's rules before any engine call", async () => {
        const h = lifecycleHarness();
        const attempt = call(
            { kind: "change-tier", tenantId: "acme", tier: "pooled", options: { platformAccount: true } },
            h.deps(),
        );

        await expect(attempt).rejects.toThrow(CliInputError);
        await expect(attempt).rejects.toThrow(
            '--tier "pooled": --platform-account is a premium option (pooled data is always in the platform account)',
        );
        expect(h.fake.commands()).toEqual([]);
    });

    it("passes --silo-account to change-tier, which then checks the account's membership first", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());

        const attempt = call(
            {
                kind: "change-tier",
                tenantId: "acme",
                tier: "premium",
                options: { siloAccount: "111122223333" },
            },
            h.deps(),
        );

        // The harness has no Organizations client: the refusal proves the silo request reached changeTier.
        await expect(attempt).rejects.toThrow(
            /^aws\.organizations \(not set\) is invalid: a silo account needs/,
        );
        expect(h.fake.commands().filter((c) => c[0] === "up")).toHaveLength(1);
    });
});
