/**
 * Offboarding a silo tenant on moto as two accounts: its data is in its own account, reached only
 * through its role chain (platform tenant access role with the TenantId tag, then its silo data
 * role), which can read and delete its partition and prefix but never the stores themselves. moto
 * evaluates no IAM: that the chain reaches exactly this is proven by the IAM simulator
 * (test/components/policies/tenantMigration.sim.test.ts, siloTrust.sim.test.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { InvalidLifecycleInputError, offboard, purge } from "../../../automation/lifecycle";
import { partitionDigest } from "../../../automation/migration/migrate";
import { POOLED_TABLE, SHARED_BUCKET } from "../../helpers/lifecycleHarness";
import {
    objectsIn,
    partitionIn,
    platform,
    PREMIUM_TABLE,
    silo,
    siloAdmin,
    SILO_BUCKET,
    siloTenant,
    stsRequests,
    TENANT_ACCESS_ROLE_ARN,
    useSiloMoveFixture,
} from "../../helpers/siloMoveFixture";
import { ACME_DIGEST, ACME_OBJECTS } from "../../helpers/tierChangeFixture";

useSiloMoveFixture();

let archive: string;
beforeEach(() => {
    archive = fs.mkdtempSync(path.join(os.tmpdir(), "offboard-silo-"));
});

const siloRoleArn = () => `arn:aws:iam::${silo.accountId}:role/tenant-tiers-dev-silo-acme`;
const input = () => ({ tenantId: "acme", environment: "dev", archive });
/** The roles the chain assumed, in order. */
const chainRoles = () => stsRequests.map((r) => r.RoleArn);
const STORES_STAY = "the emptied table, bucket and key stay in silo account ";

describe("offboarding a silo tenant (moto, two accounts)", () => {
    it("exports its partition and objects through its role chain into the operator's archive, leaves the silo's data, names the silo on the tombstone", async () => {
        const h = await siloTenant();
        const seen = stsRequests.length;
        const platformBefore = [
            await partitionIn(platform, POOLED_TABLE),
            await objectsIn(platform, SHARED_BUCKET),
        ];

        const result = await offboard(input(), h.deps());

        expect(result.outcome).toBe("removed");
        expect(result.backup).toMatchObject({
            kind: "export",
            items: 130,
            objects: 12,
            checksum: ACME_DIGEST.checksum,
        });
        const location = String((result.backup as { location: string }).location);
        expect(location.startsWith(`${archive}${path.sep}dev-acme-`)).toBe(true);
        const lines = fs.readFileSync(path.join(location, "items.jsonl"), "utf8").trim().split("\n");
        expect(lines).toHaveLength(130);
        const exported = Object.fromEntries(
            fs
                .readdirSync(path.join(location, "objects"))
                .map((f) => [
                    decodeURIComponent(f),
                    fs.readFileSync(path.join(location, "objects", f), "utf8"),
                ]),
        );
        expect(exported).toEqual(ACME_OBJECTS);
        // Through the chain: the platform's tenant access role, then the tenant's silo data role.
        expect(chainRoles().slice(seen)).toEqual([TENANT_ACCESS_ROLE_ARN, siloRoleArn()]);
        // Nothing deleted without --purge, and nothing of the platform's stores touched.
        expect(partitionDigest(await partitionIn(siloAdmin, PREMIUM_TABLE))).toEqual(ACME_DIGEST);
        expect(Object.keys((await objectsIn(siloAdmin, SILO_BUCKET)).current)).toHaveLength(12);
        expect([await partitionIn(platform, POOLED_TABLE), await objectsIn(platform, SHARED_BUCKET)]).toEqual(
            platformBefore,
        );
        expect(h.tombstones.items.get("acme")?.retained).toEqual({
            tableName: PREMIUM_TABLE,
            bucketName: SILO_BUCKET,
            kmsKeyArn: `arn:aws:kms:eu-west-1:${silo.accountId}:key/acme-key`,
            silo: { accountId: silo.accountId, dataRoleArn: siloRoleArn() },
            backup: location,
        });
        expect(h.fake.stacks.has("dev-acme")).toBe(false);
    });

    it("--purge empties its partition and every object version through the chain, verified, and says the stores stay in its account", async () => {
        const h = await siloTenant();

        const result = await offboard({ ...input(), purge: { confirmTenantId: "acme" } }, h.deps());

        expect(await partitionIn(siloAdmin, PREMIUM_TABLE)).toEqual([]);
        expect(await objectsIn(siloAdmin, SILO_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
        expect(h.tombstones.items.get("acme")?.purge).toMatchObject({
            items: 130,
            objectVersions: 13,
            tables: 0,
            buckets: 0,
            backups: 0,
        });
        expect(result.notes?.at(-1)).toBe(
            `${STORES_STAY}${silo.accountId}, the tenant's own: close the account through AWS Organizations (CloseAccount) when it is no longer needed`,
        );
    });

    it("purge after a plain offboarding reaches the silo through the retained data role", async () => {
        const h = await siloTenant();
        await offboard(input(), h.deps());
        const seen = stsRequests.length;

        const result = await purge(
            { tenantId: "acme", environment: "dev", confirmTenantId: "acme" },
            h.deps(),
        );

        expect(result.outcome).toBe("purged");
        expect(result.purge).toMatchObject({ items: 130, objectVersions: 13 });
        expect(chainRoles().slice(seen)).toEqual([TENANT_ACCESS_ROLE_ARN, siloRoleArn()]);
        expect(await partitionIn(siloAdmin, PREMIUM_TABLE)).toEqual([]);
        expect(await objectsIn(siloAdmin, SILO_BUCKET)).toEqual({ current: {}, versions: 0, markers: 0 });
    });

    it("refuses before any engine call without silo clients, naming the rule", async () => {
        const h = await siloTenant();
        const before = h.fake.commands().length;

        const refused = offboard(
            input(),
            h.deps({ aws: { dynamodb: platform.dynamodb, s3: new S3Client({ region: "eu-west-1" }) } }),
        );

        await expect(refused).rejects.toThrow(InvalidLifecycleInputError);
        await expect(refused).rejects.toThrow(
            /aws\.silo \(not set\) is invalid: tenant "acme" keeps its data in a silo account/,
        );
        expect(
            h.fake
                .commands()
                .slice(before)
                .filter((c) => c[0] === "up" || c[0] === "destroy"),
        ).toEqual([]);
    });
});
