import { describe, expect, it } from "vitest";
import {
    changeTier,
    InvalidLifecycleInputError,
    LifecycleStateError,
    LifecycleStepError,
    OperationInProgressError,
    signup,
    suspend,
} from "../../../automation/lifecycle";
import { specOf } from "../../helpers/lifecycleHarness";
import { PLATFORM_KEY_ARN, POOLED_TABLE, SHARED_BUCKET } from "../../helpers/lifecycleHarness";
import {
    ACME_DIGEST,
    ACME_OBJECTS_CHECKSUM,
    acmeObjectsUnder,
    objectsIn,
    PREMIUM_BUCKET,
    expectUpgraded,
    failBatch,
    harness,
    input,
    partition,
    PREMIUM_TABLE,
    ups,
    useTierChangeFixture,
} from "../../helpers/tierChangeFixture";
import { partitionDigest } from "../../../automation/migration/migrate";

useTierChangeFixture();

describe("change-tier against dynalite (migration reused, registry switched by up)", () => {
    it("pooled → premium: suspends, deploys the stores, copies and verifies, switches and reactivates, cleans the source", async () => {
        const h = harness();
        await signup({ spec: specOf("acme") }, h.deps());

        const result = await changeTier(input("premium"), h.deps());

        expect(result.outcome).toBe("updated");
        expect(result.migration).toEqual({
            tenantId: "acme",
            direction: "pooled-to-premium",
            sourceTable: POOLED_TABLE,
            targetTable: PREMIUM_TABLE,
            count: 130,
            checksum: ACME_DIGEST.checksum,
            copied: 130,
            deleted: 130,
        });
        expect(result.done).toEqual([
            "tenant suspended, premium stores in place (up)",
            `objects moved: 12 verified (checksum ${ACME_OBJECTS_CHECKSUM.slice(0, 12)}) in ${PREMIUM_BUCKET}, 15 source versions deleted`,
            "registry switched to premium and tenant reactivated (up)",
            `partition moved: 130 items verified (checksum ${ACME_DIGEST.checksum.slice(0, 12)}), source cleaned`,
        ]);
        expect(ups).toEqual(["pooled/active", "premium/suspended", "premium/active"]);
        expect(h.sleeps).toEqual([60_000]);
        expect(
            h.fake
                .commands()
                .filter(
                    (c) => c[0] === "stack" && c[1] === "output" && c.includes("my-org/tenant-tiers/dev"),
                ),
        ).toHaveLength(2);
        await expectUpgraded(h);
    });

    it("premium → pooled moves the partition back; the premium table is retained, empty of the tenant", async () => {
        const h = harness();
        await signup({ spec: specOf("acme") }, h.deps());
        await changeTier(input("premium"), h.deps());

        const result = await changeTier(input("pooled"), h.deps());

        expect(result.migration).toMatchObject({
            direction: "premium-to-pooled",
            sourceTable: PREMIUM_TABLE,
            targetTable: POOLED_TABLE,
            count: 130,
        });
        expect(partitionDigest(await partition(POOLED_TABLE, "acme"))).toEqual(ACME_DIGEST);
        expect(await partition(PREMIUM_TABLE, "acme")).toEqual([]);
        // Back in the shared bucket under the platform key; every version in the premium bucket deleted.
        expect(await objectsIn(SHARED_BUCKET)).toEqual({
            current: acmeObjectsUnder(PLATFORM_KEY_ARN),
            versions: 12,
            markers: 0,
        });
        expect(await objectsIn(PREMIUM_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
        expect(ups).toEqual([
            "pooled/active",
            "premium/suspended",
            "premium/active",
            "premium/suspended",
            "pooled/active",
        ]);
    });

    it("is a no-op for the tier the tenant has", async () => {
        const h = harness();
        await signup({ spec: specOf("acme") }, h.deps());

        const result = await changeTier(input("pooled"), h.deps());

        expect(result.outcome).toBe("unchanged");
        expect(ups).toEqual(["pooled/active"]);
    });

    it("refuses another tier, or another operation, while a tier change is unfinished", async () => {
        const h = harness();
        await signup({ spec: specOf("acme") }, h.deps());
        failBatch("PutRequest", 1);
        await expect(changeTier(input("premium"), h.deps())).rejects.toThrow(LifecycleStepError);

        await expect(changeTier(input("pooled"), h.deps())).rejects.toThrow(
            new LifecycleStateError(
                'tenant "acme" has an unfinished change to tier premium (step "migrate"): re-run change-tier with --tier premium to finish it first',
            ),
        );
        await expect(suspend({ tenantId: "acme", environment: "dev" }, h.deps())).rejects.toThrow(
            new OperationInProgressError("acme", "change-tier", "migrate", "suspend"),
        );
        await expect(suspend({ tenantId: "acme", environment: "dev" }, h.deps())).rejects.toThrow(
            'tenant "acme" has an unfinished change-tier (stopped at step "migrate"), so suspend cannot start: re-run change-tier for this tenant to finish it first',
        );
    });

    it("refuses suspended tenants, and silo moves without silo clients, before changing anything", async () => {
        const h = harness();
        await signup({ spec: specOf("acme") }, h.deps());
        await suspend({ tenantId: "acme", environment: "dev" }, h.deps());

        await expect(changeTier(input("premium"), h.deps())).rejects.toThrow(
            new LifecycleStateError(
                'tenant "acme" is suspended: a tier change starts from an active tenant; resume it first',
            ),
        );
        await signup(
            {
                spec: specOf("initech", "premium", {
                    silo: { accountId: "111122223333", organizationId: "o-a1b2c3d4e5" },
                }),
            },
            h.deps(),
        );
        await expect(
            changeTier({ tenantId: "initech", environment: "dev", tier: "pooled" }, h.deps()),
        ).rejects.toThrow(
            new InvalidLifecycleInputError(
                "aws.silo",
                undefined,
                `tenant "initech"'s data moves through its silo account: pass silo clients (the CLI builds them from the tenantMigrationRoleArn session; docs/tier-changes.md)`,
            ),
        );
        expect(ups).toEqual(["pooled/active", "pooled/suspended", "premium/active"]);
    });
});
