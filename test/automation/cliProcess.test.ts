import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "../helpers/cliHarness";

const REPO = path.resolve(__dirname, "../..");

describe("the tenant CLI as a process", () => {
    it("npm run tenant -- signup 'Bad*Id' --tier pooled exits 2 with the rule and the value", () => {
        const run = spawnSync(
            "npm",
            ["run", "--silent", "tenant", "--", "signup", "Bad*Id", "--tier", "pooled"],
            {
                cwd: REPO,
                encoding: "utf8",
                env: { ...process.env, PATH: process.env.PATH ?? "", PULUMI_BACKEND_URL: "file://~" },
            },
        );

        expect(run.status).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain(
            "error: invalid input (nothing was changed: no Pulumi or AWS call was made):\n" +
                '  - <tenant-id> "Bad*Id": use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen\n' +
                "  - --admin-email (not set): expected an email address such as admin@example.com (at most 254 characters)\n",
        );
    });
});

describe("signup-batch: signups in forked worker processes, results streamed back", () => {
    it("runs every entry, survives a failing signup and a dying worker, and says how to resume", async () => {
        // Prepare
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batch-")), "tenants.json");
        fs.writeFileSync(
            file,
            JSON.stringify([
                { tenantId: "acme", tier: "pooled", adminEmail: "ops@acme.example" },
                { tenantId: "broken", tier: "pooled", adminEmail: "ops@broken.example" },
                { tenantId: "crash", tier: "pooled", adminEmail: "ops@crash.example" },
                { tenantId: "globex", tier: "premium", adminEmail: "it@globex.example" },
                { tenantId: "umbrella", tier: "pooled", adminEmail: "ops@umbrella.example" },
            ]),
        );
        const cli = cliHarness();

        // Act
        const run = await cli.run(["signup-batch", file, "--concurrency", "2", "--json"]);

        // Assert
        expect(run.code).toBe(1);
        const document = JSON.parse(run.out);
        const outcomes: {
            index: number;
            tenantId: string;
            pid: number;
            result?: { outcome: string; tier: string };
            error?: { name: string; message: string };
        }[] = document.result.outcomes;
        expect(outcomes.map((o) => [o.index, o.tenantId, o.result?.outcome ?? o.error?.name])).toEqual([
            [1, "acme", "created"],
            [2, "broken", "LifecycleStepError"],
            [3, "crash", "WorkerExitedError"],
            [4, "globex", "created"],
            [5, "umbrella", "created"],
        ]);
        expect(outcomes[3]?.result?.tier).toBe("premium");
        expect(outcomes[1]?.error?.message).toContain(
            "resume with:\n    npm run tenant -- signup broken --tier pooled --admin-email ops@broken.example -e dev --json",
        );
        expect(outcomes[2]?.error?.message).toMatch(
            /^worker \d+ exited \(code 3\) during this signup; re-run the batch to resume it$/,
        );
        expect(new Set(outcomes.map((o) => o.pid)).size).toBeGreaterThanOrEqual(2);
        expect(outcomes.every((o) => o.pid !== process.pid)).toBe(true);
        expect(document).toMatchObject({
            ok: false,
            result: { succeeded: 3, failed: 2 },
            resume: `npm run tenant -- signup-batch ${file} --concurrency 2 -e dev --json`,
        });
        expect(run.err).toContain("[acme] signup deploy: started\n");
        expect(run.err).toContain("[globex]   ok  create aws:dynamodb/table:Table globex-store-data\n");
        expect(run.err).toMatch(/\[acme\] signup created \(worker \d+\)\n/);
        expect(cli.h.fake.calls).toEqual([]);
    });

    it("prints a summary without --json and exits 0 when every signup succeeds", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "batch-")), "tenants.yaml");
        fs.writeFileSync(
            file,
            "tenants:\n  - { tenantId: acme, tier: pooled, adminEmail: ops@acme.example }\n",
        );

        const run = await cliHarness().run(["signup-batch", file, "--concurrency", "4"]);

        expect(run.code).toBe(0);
        expect(run.out).toBe(
            "signup-batch: 1 tenant(s) in 1 worker process(es): 1 succeeded (1 created), 0 failed\n",
        );
    });
});
