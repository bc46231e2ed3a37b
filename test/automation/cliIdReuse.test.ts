/**
 * The CLI's side of id reuse: signup of a tombstoned id exits 1 with the refusal as is;
 * `--reuse-purged-id` reaches the lifecycle and is repeated in the resume command; `purge`
 * refuses without the id typed again (exit 2, nothing called). The registry and Cognito behaviour
 * itself is tested on dynalite and moto (lifecycle/idReuse.test.ts, lifecycle/purgePremium.test.ts).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import type { TenantTombstone } from "../../tiers/registry";
import { cliHarness } from "../helpers/cliHarness";

const ddb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const aws = () => ({
    dynamodb: new DynamoDBClient({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
});
const signupArgs = ["signup", "acme", "--tier", "pooled", "--admin-email", "ops@acme.example"];
const tombstone: TenantTombstone = {
    tenantId: "acme",
    status: "offboarded",
    tier: "pooled",
    createdAt: "2026-01-01T00:00:00Z",
    offboardedAt: "2026-02-01T00:00:00.000Z",
    retained: { tableName: "tenant-tiers-dev-data-5f3a2c1", bucketName: "tenant-tiers-dev-data-7c1d9e2" },
};
const purged = {
    verifiedAt: "2026-02-02T00:00:00.000Z",
    items: 3,
    objectVersions: 4,
    tables: 0,
    buckets: 0,
    backups: 0,
    users: 1,
};

beforeEach(() => {
    ddb.reset();
    s3.reset();
});

describe("tenant CLI: ids of offboarded tenants", () => {
    it("signup of a tombstoned id exits 1 with when, what is retained and the two ways forward; no stack", async () => {
        const cli = cliHarness(aws());
        await cli.h.tombstones.write(tombstone);

        const run = await cli.run(signupArgs);

        expect(run.code).toBe(1);
        expect(run.err).toBe(
            'error: tenant id "acme" belonged to a tenant offboarded at 2026-02-01T00:00:00.000Z; its data is retained ' +
                "(its partition of table tenant-tiers-dev-data-5f3a2c1, its objects under s3://tenant-tiers-dev-data-7c1d9e2/acme/, its users (disabled)), " +
                "and a new tenant of the id would be let into it: sign up with another tenant id, or delete what the old tenant left first " +
                "(npm run tenant -- purge acme --confirm acme -e dev) and then sign up with --reuse-purged-id\n" +
                "  done:     nothing (signup stopped before changing anything)\n" +
                "  not done: signup\n" +
                "  re-run when fixed:\n" +
                "    npm run tenant -- signup acme --tier pooled --admin-email ops@acme.example -e dev\n",
        );
        expect(cli.h.fake.stacks.has("dev-acme")).toBe(false);
    });

    it("signup --reuse-purged-id of a purged id creates the tenant and releases the tombstone", async () => {
        const cli = cliHarness(aws());
        await cli.h.tombstones.write({ ...tombstone, purge: purged });

        const refused = await cli.run(signupArgs);
        const run = await cli.run([...signupArgs, "--reuse-purged-id"]);

        expect(refused.code).toBe(1);
        expect(refused.err).toContain("an id is given to a new tenant only on request");
        expect(run.code).toBe(0);
        expect(run.out.split("\n").slice(0, 4)).toEqual([
            "signup acme (dev, stack dev-acme): created",
            "  tier pooled, status active",
            "  done: tombstone of the tenant offboarded at 2026-02-01T00:00:00.000Z (purged) released for the new tenant",
            "  done: stack dev-acme deployed (tier pooled, active)",
        ]);
        expect(cli.h.tombstones.items.has("acme")).toBe(false);
    });

    it.each([
        [
            ["purge", "acme"],
            "  - --confirm (not set): a purge cannot be undone: type the tenant id again, --confirm acme",
        ],
        [
            ["purge", "acme", "--confirm", "acme2"],
            '  - --confirm "acme2": a purge cannot be undone: type the tenant id again, --confirm acme',
        ],
    ])("%j exits 2 naming the rule, calling nothing", async (args, problem) => {
        const cli = cliHarness(aws());
        await cli.h.tombstones.write(tombstone);

        const run = await cli.run(args);

        expect(run.code).toBe(2);
        expect(run.err).toContain(problem);
        expect([ddb.calls(), s3.calls()]).toEqual([[], []]);
        expect(cli.h.tombstones.items.get("acme")).toEqual(tombstone);
    });
});
