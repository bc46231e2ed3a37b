import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import {
    changeTier,
    InvalidLifecycleInputError,
    LifecycleStateError,
    LifecycleStepError,
    signup,
} from "../../../automation/lifecycle";
import { parseTenantId } from "../../../tiers/tenantId";
import { partitionDigest } from "../../../automation/migration/migrate";
import {
    PLATFORM_KEY_ARN,
    POOLED_TABLE,
    RECORD_KEY,
    SHARED_BUCKET,
    SPEC_KEY,
    specOf,
    tenantKeyArn,
    bootstrapArgsOf,
} from "../../helpers/lifecycleHarness";
import {
    acmeObjectsUnder,
    adminOf,
    failSiloPut,
    MIGRATION_ROLE_ARN,
    objectsIn,
    partitionIn,
    platform,
    PLATFORM_PREMIUM_BUCKET,
    PREMIUM_TABLE,
    silo,
    siloAdmin,
    SILO_BUCKET,
    siloFactory,
    siloHarness,
    siloTenant,
    DEPLOYER_ARN,
    siloKeyArn,
    stsRequests,
    TENANT_ACCESS_ROLE_ARN,
    ups,
    useSiloMoveFixture,
} from "../../helpers/siloMoveFixture";
import { ACME_DIGEST, ACME_OBJECTS_CHECKSUM } from "../../helpers/tierChangeFixture";

// moto serves two accounts here; moto evaluates no IAM. That the chain's sessions could do these
// calls and nothing of another tenant's is proven by the IAM simulator over the deployed documents
// (test/components/policies/tenantMigration.sim.test.ts).

useSiloMoveFixture();

const input = (tier: string) => ({ tenantId: "acme", environment: "dev", tier });
const siloRoleArn = () => `arn:aws:iam::${silo.accountId}:role/tenant-tiers-dev-silo-acme`;
/** The two AssumeRole calls of one chain, as STS received them. */
const chainCalls = () => [
    {
        Action: "AssumeRole",
        Version: "2011-06-15",
        RoleArn: TENANT_ACCESS_ROLE_ARN,
        RoleSessionName: "tenant-acme-migration",
        DurationSeconds: "3600",
        "Tags.member.1.Key": "TenantId",
        "Tags.member.1.Value": "acme",
        "TransitiveTagKeys.member.1": "TenantId",
    },
    {
        Action: "AssumeRole",
        Version: "2011-06-15",
        RoleArn: siloRoleArn(),
        RoleSessionName: "tenant-acme-silo-migration",
        DurationSeconds: "3600",
    },
];

async function expectInSilo(versions = 12) {
    expect(partitionDigest(await partitionIn(siloAdmin, PREMIUM_TABLE))).toEqual(ACME_DIGEST);
    expect(await objectsIn(siloAdmin, SILO_BUCKET)).toEqual({
        current: acmeObjectsUnder(siloKeyArn(silo.accountId)),
        versions,
        markers: 0,
    });
}

async function expectSiloEmpty() {
    expect(await partitionIn(siloAdmin, PREMIUM_TABLE)).toEqual([]);
    expect(await objectsIn(siloAdmin, SILO_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
}

describe("the move's role chain on moto", () => {
    it("ends in the silo account: credentials of the silo data role act there, the TenantId tag set on the first hop", async () => {
        const clients = siloFactory()({
            tenantId: parseTenantId("acme"),
            tenantAccessRoleArn: TENANT_ACCESS_ROLE_ARN,
            siloDataRoleArn: siloRoleArn(),
        });
        const sts = new STSClient({
            endpoint: String(
                await clients.s3.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}:${e.port}`),
            ),
            region: "eu-west-1",
            credentials: clients.s3.config.credentials,
        });

        const identity = await sts.send(new GetCallerIdentityCommand({}));

        expect(identity.Account).toBe(silo.accountId);
        expect(identity.Arn).toBe(
            `arn:aws:sts::${silo.accountId}:assumed-role/tenant-tiers-dev-silo-acme/tenant-acme-silo-migration`,
        );
        expect(stsRequests).toEqual(chainCalls());
        expect(MIGRATION_ROLE_ARN).toBe("arn:aws:iam::123456789012:role/tenant-tiers-migration");
        sts.destroy();
    });
});

describe("change-tier into and out of a silo account (moto, two accounts)", () => {
    it("premium (platform account) → premium in an existing silo account: items and objects verified there, every source version gone", async () => {
        const h = siloHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        await changeTier(input("premium"), h.deps());
        expect(stsRequests).toEqual([]);

        const result = await changeTier(
            { ...input("premium"), silo: { accountId: silo.accountId } },
            h.deps(),
        );

        expect(result.outcome).toBe("updated");
        expect(result.siloAccountId).toBe(silo.accountId);
        expect(result.migration).toEqual({
            tenantId: "acme",
            direction: "premium-to-premium",
            sourceTable: PREMIUM_TABLE,
            targetTable: PREMIUM_TABLE,
            targetAccount: silo.accountId,
            count: 130,
            checksum: ACME_DIGEST.checksum,
            copied: 130,
            deleted: 130,
        });
        expect(result.done).toEqual([
            `silo account ${silo.accountId} checked (active member of the organization)`,
            `tenant suspended, premium stores in place in silo account ${silo.accountId} (up)`,
            `objects moved: 12 verified (checksum ${ACME_OBJECTS_CHECKSUM.slice(0, 12)}) in ${SILO_BUCKET}, 12 source versions deleted`,
            "registry switched to premium and tenant reactivated (up)",
            `partition moved: 130 items verified (checksum ${ACME_DIGEST.checksum.slice(0, 12)}), source cleaned`,
        ]);
        await expectInSilo();
        expect(await partitionIn(platform, PREMIUM_TABLE)).toEqual([]);
        expect(await objectsIn(platform, PLATFORM_PREMIUM_BUCKET)).toEqual({
            current: {},
            versions: 0,
            markers: 0,
        });
        expect(ups.slice(3)).toEqual(["premium/suspended@silo", "premium/active@silo"]);
        expect(stsRequests).toEqual(chainCalls());
        const config = h.fake.stacks.get("dev-acme")?.config ?? {};
        expect(JSON.parse(config[SPEC_KEY] ?? "")).toMatchObject({
            tier: "premium",
            status: "active",
            silo: { accountId: silo.accountId, organizationId: silo.organizationId },
        });
        expect(JSON.parse(config[RECORD_KEY] ?? "")).toMatchObject({
            step: "done",
            placement: {
                sourceBucket: PLATFORM_PREMIUM_BUCKET,
                target: { accountId: silo.accountId, dataRoleArn: siloRoleArn() },
            },
        });
    });

    it("silo → premium in the platform account (--platform-account)", async () => {
        const h = await siloTenant();

        const result = await changeTier({ ...input("premium"), platformAccount: true }, h.deps());

        expect(result.migration).toMatchObject({
            direction: "premium-to-premium",
            sourceAccount: silo.accountId,
            count: 130,
            checksum: ACME_DIGEST.checksum,
        });
        expect(result.siloAccountId).toBeUndefined();
        expect(partitionDigest(await partitionIn(platform, PREMIUM_TABLE))).toEqual(ACME_DIGEST);
        expect(await objectsIn(platform, PLATFORM_PREMIUM_BUCKET)).toEqual({
            current: acmeObjectsUnder(tenantKeyArn("acme")),
            versions: 12,
            markers: 0,
        });
        await expectSiloEmpty();
        expect(ups).toEqual(["premium/active@silo", "premium/suspended", "premium/active"]);
        expect(stsRequests).toEqual(chainCalls());
        const spec = JSON.parse(h.fake.stacks.get("dev-acme")?.config[SPEC_KEY] ?? "");
        expect(spec.silo).toBeUndefined();
    });

    it("silo → pooled: back into the shared stores under the platform key, neighbours untouched", async () => {
        const h = await siloTenant();

        const result = await changeTier(input("pooled"), h.deps());

        expect(result.migration).toMatchObject({
            direction: "premium-to-pooled",
            sourceTable: PREMIUM_TABLE,
            targetTable: POOLED_TABLE,
            sourceAccount: silo.accountId,
            count: 130,
            deleted: 130,
        });
        expect(partitionDigest(await partitionIn(platform, POOLED_TABLE))).toEqual(ACME_DIGEST);
        expect(await partitionIn(platform, POOLED_TABLE, "acme2")).toHaveLength(3);
        expect(await partitionIn(platform, POOLED_TABLE, "ac")).toHaveLength(2);
        // The seeded shared bucket's versions of acme were never there in this test: only the moved ones.
        const shared = await objectsIn(platform, SHARED_BUCKET);
        expect(shared.current).toEqual(acmeObjectsUnder(PLATFORM_KEY_ARN));
        await expectSiloEmpty();
        expect(ups).toEqual(["premium/active@silo", "premium/suspended@silo", "pooled/active"]);
    });

    it("pooled → silo directly, vending the account (--silo create) in moto's Organizations", async () => {
        const h = siloHarness();
        await signup({ spec: specOf("acme") }, h.deps());

        const result = await changeTier(
            { ...input("premium"), silo: { create: { email: "aws+acme-silo@example.com" } } },
            h.deps(),
        );

        const vended = String(result.siloAccountId);
        expect(vended).toMatch(/^\d{12}$/);
        expect(vended).not.toBe(silo.accountId);
        // Vended, then bootstrapped for the deployer before the tenant stack deploys into it.
        const bootstrap = h.fake.stacks.get("dev-acme-bootstrap");
        expect(bootstrap === undefined ? undefined : bootstrapArgsOf(bootstrap)).toMatchObject({
            accountId: vended,
            deployerArn: DEPLOYER_ARN,
        });
        const vendedAdmin = await adminOf(vended);
        expect(partitionDigest(await partitionIn(vendedAdmin, PREMIUM_TABLE))).toEqual(ACME_DIGEST);
        expect((await objectsIn(vendedAdmin, SILO_BUCKET)).current).toEqual(
            acmeObjectsUnder(siloKeyArn(vended)),
        );
        expect(await partitionIn(platform, POOLED_TABLE)).toEqual([]);
        expect(await objectsIn(platform, SHARED_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
        expect(ups).toEqual(["pooled/active", "premium/suspended@silo", "premium/active@silo"]);
        expect(result.migration).toMatchObject({ direction: "pooled-to-premium", targetAccount: vended });
    });

    it("a crash in the middle of the copy into the silo resumes: exact counts, nothing left in the source", async () => {
        const h = siloHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        failSiloPut(5);
        const move = { ...input("premium"), silo: { accountId: silo.accountId } };

        await expect(changeTier(move, h.deps())).rejects.toThrow(LifecycleStepError);
        const stopped = JSON.parse(h.fake.stacks.get("dev-acme")?.config[RECORD_KEY] ?? "");
        expect(stopped).toMatchObject({ step: "migrate", objects: { step: "copying", copied: 0 } });
        // Nothing deleted from the source: 12 current objects, an older version, a deleted key's version and its marker.
        const untouched = await objectsIn(platform, SHARED_BUCKET);
        expect([Object.keys(untouched.current).length, untouched.versions, untouched.markers]).toEqual([
            12, 14, 1,
        ]);
        const result = await changeTier(move, h.deps());

        expect(result.outcome).toBe("resumed");
        expect(result.resumedFrom).toBe("migrate");
        expect(result.done).toEqual([
            `objects moved: 12 verified (checksum ${ACME_OBJECTS_CHECKSUM.slice(0, 12)}) in ${SILO_BUCKET}, 15 source versions deleted`,
            "registry switched to premium and tenant reactivated (up)",
            `partition moved: 130 items verified (checksum ${ACME_DIGEST.checksum.slice(0, 12)}), source cleaned`,
        ]);
        // The stopped page's 11 writes stay in the target as older versions of the same bodies: the
        // resumed page writes all 12 again (rewriting is the copy's idempotence).
        await expectInSilo(23);
        expect(await partitionIn(platform, POOLED_TABLE)).toEqual([]);
        expect(await objectsIn(platform, SHARED_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
        expect(ups).toEqual(["pooled/active", "premium/suspended@silo", "premium/active@silo"]);
    });

    it("refuses impossible requests before any call", async () => {
        const h = await siloTenant();
        const before = [...ups];

        await expect(
            changeTier({ ...input("pooled"), silo: { accountId: silo.accountId } }, h.deps()),
        ).rejects.toThrow(
            new InvalidLifecycleInputError(
                "silo",
                { accountId: silo.accountId },
                "the account a tenant's data lives in is a premium option: use --tier premium",
            ),
        );
        await expect(
            changeTier(
                { ...input("premium"), silo: { accountId: silo.accountId }, platformAccount: true },
                h.deps(),
            ),
        ).rejects.toThrow(
            new InvalidLifecycleInputError(
                "platformAccount",
                true,
                "the data goes either into a silo account or into the platform account: give one of the two",
            ),
        );
        await expect(
            changeTier({ ...input("premium"), silo: { accountId: "444455556666" } }, h.deps()),
        ).rejects.toThrow(
            new LifecycleStateError(
                `tenant "acme" already has silo account ${silo.accountId}: a move to another silo account goes through the platform account (change-tier --tier premium --platform-account, then --silo-account <id>)`,
            ),
        );
        const same = await changeTier({ ...input("premium"), silo: { accountId: silo.accountId } }, h.deps());
        expect(same.outcome).toBe("unchanged");
        expect(ups).toEqual(before);
        expect(stsRequests).toEqual([]);
    });
});
