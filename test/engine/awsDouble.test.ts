/**
 * The aws provider double on its own (part of `npm test`): it refuses to run outside a test, answers
 * like pulumi-aws where the engine can tell, and errs on anything it was not taught.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { injectFault } from "../../engine/awsDouble/faults";
import { journalValue, readJournal } from "../../engine/awsDouble/journal";
import { awsDouble } from "../../engine/awsDouble/provider";
import { autonameFor, KNOWN_TYPES, resourceKind } from "../../engine/awsDouble/resources";
import { configure } from "../../engine/awsDouble/settings";

const REPO = path.resolve(__dirname, "..", "..");
const urn = (type: string, name: string) => `urn:pulumi:dev::tenant-tiers::${type}::${name}`;

describe("the aws provider double", () => {
    let journal: string;
    beforeEach(() => {
        journal = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "double-")), "journal.jsonl");
        process.env.TENANT_TIERS_AWS_DOUBLE_JOURNAL = journal;
        delete process.env.TENANT_TIERS_AWS_DOUBLE_FAULTS;
        configure({ region: "eu-west-1" }, new Map());
    });
    afterEach(() => {
        delete process.env.TENANT_TIERS_AWS_DOUBLE_JOURNAL;
        delete process.env.TENANT_TIERS_AWS_DOUBLE_FAULTS;
    });

    it("refuses to start unless TENANT_TIERS_AWS_DOUBLE=test", () => {
        const env = { ...process.env };
        delete env.TENANT_TIERS_AWS_DOUBLE;
        const run = spawnSync(
            "node",
            ["--import", "tsx", path.join(REPO, "engine", "awsDouble", "main.ts")],
            {
                cwd: REPO,
                env,
                encoding: "utf8",
            },
        );
        expect(run.status).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("refuses to start: it is not AWS");
    });

    it("autonames <name>-<7 hex> within the type's limit, and keeps an earlier autoname", async () => {
        const double = awsDouble("7.48.0");
        const type = "aws:iam/role:Role";
        const first = await double.check?.(urn(type, "platform-pooled-role"), {}, { assumeRolePolicy: "{}" });
        expect(first?.inputs.name).toMatch(/^platform-pooled-role-[0-9a-f]{7}$/);
        const again = await double.check?.(urn(type, "platform-pooled-role"), first?.inputs, {
            assumeRolePolicy: "{}",
        });
        expect(again?.inputs.name).toBe(first?.inputs.name);
        const long = autonameFor(resourceKind(type), "x".repeat(80));
        expect(long).toHaveLength(64);
    });

    it("names buckets from their prefix in lower case", async () => {
        const checked = await awsDouble("7.48.0").check?.(
            urn("aws:s3/bucket:Bucket", "Files"),
            {},
            { bucketPrefix: "tenant-tiers-dev-files-" },
        );
        expect(checked?.inputs.bucket).toMatch(/^tenant-tiers-dev-files-[0-9a-f]+$/);
        expect((checked?.inputs.bucket as string).length).toBeLessThanOrEqual(63);
    });

    it("creates AWS-shaped ids and ARNs in the provider's account, with tagsAll from defaultTags", async () => {
        configure(
            {
                region: "eu-west-1",
                assumeRoles: [{ roleArn: "arn:aws:iam::111122223333:role/tenant-tiers-bootstrap" }],
                defaultTags: { tags: { Owner: "platform" } },
            },
            new Map(),
        );
        const created = await awsDouble("7.48.0").create?.(urn("aws:dynamodb/table:Table", "store-table"), {
            name: "tenant-tiers-dev-premium-acme",
            tags: { TenantId: "acme" },
        });
        expect(created?.id).toBe("tenant-tiers-dev-premium-acme");
        expect(created?.outs.arn).toBe(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/tenant-tiers-dev-premium-acme",
        );
        expect(created?.outs.tagsAll).toEqual({ Owner: "platform", TenantId: "acme" });
        expect(
            readJournal(journal).map((e) => [e.op, e.name, (e.provider as { account: string }).account]),
        ).toEqual([["create", "store-table", "111122223333"]]);
    });

    it("replaces what AWS cannot change in place and updates the rest", async () => {
        const double = awsDouble("7.48.0");
        const type = "aws:dynamodb/table:Table";
        const olds = {
            name: "t",
            hashKey: "tenantId",
            billingMode: "PAY_PER_REQUEST",
            __inputKeys: ["name", "hashKey", "billingMode"],
        };
        const rename = await double.diff?.("t", urn(type, "t"), olds, {
            ...olds,
            name: "u",
            __inputKeys: undefined,
        });
        expect(rename).toEqual({ changes: true, replaces: ["name"] });
        const billing = await double.diff?.("t", urn(type, "t"), olds, {
            name: "t",
            hashKey: "tenantId",
            billingMode: "PROVISIONED",
        });
        expect(billing).toEqual({ changes: true, replaces: [] });
        const same = await double.diff?.("t", urn(type, "t"), olds, {
            name: "t",
            hashKey: "tenantId",
            billingMode: "PAY_PER_REQUEST",
        });
        expect(same).toEqual({ changes: false, replaces: [] });
    });

    it("answers getCallerIdentity for the assumed role's account and errs on unknown invokes and types", async () => {
        configure(
            {
                region: "eu-west-1",
                assumeRoles: [{ roleArn: "arn:aws:iam::111122223333:role/tenant-tiers-bootstrap" }],
            },
            new Map(),
        );
        const double = awsDouble("7.48.0");
        const identity = await double.invoke?.("aws:index/getCallerIdentity:getCallerIdentity", {});
        expect(identity?.outputs).toMatchObject({ accountId: "111122223333" });
        await expect(double.invoke?.("aws:ec2/getVpc:getVpc", {})).rejects.toThrow(
            "invoke aws:ec2/getVpc:getVpc is not known",
        );
        expect(() => resourceKind("aws:ec2/vpc:Vpc")).toThrow("resource type aws:ec2/vpc:Vpc is not known");
        expect(KNOWN_TYPES.length).toBe(new Set(KNOWN_TYPES).size);
    });

    it("refuses to work without a region, as the real provider does", async () => {
        configure({}, new Map());
        await expect(
            awsDouble("7.48.0").create?.(urn("aws:sqs/queue:Queue", "q"), { name: "q" }),
        ).rejects.toThrow("the provider has no region");
    });

    it("fails matching creates once or always, as the fault rules say", () => {
        process.env.TENANT_TIERS_AWS_DOUBLE_FAULTS = JSON.stringify([
            { op: "create", urn: "registry-entry$", times: "once" },
            { op: "update", urn: "::queue$", times: "always" },
        ]);
        expect(() => injectFault("create", urn("t", "acme-registry-entry"))).toThrow(
            "injected fault: create of",
        );
        expect(() => injectFault("create", urn("t", "acme-registry-entry"))).not.toThrow();
        expect(() => injectFault("update", urn("t", "queue"))).toThrow("rule 1");
        expect(() => injectFault("update", urn("t", "queue"))).toThrow("rule 1");
        expect(() => injectFault("create", urn("t", "queue"))).not.toThrow();
    });

    it("keeps secrets and archives out of the journal", () => {
        const secret = {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: "hunter2",
        };
        const archive = {
            "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7",
            assets: {},
        };
        expect(journalValue({ password: secret, code: archive, n: [1, { ok: true }] })).toEqual({
            password: "[secret]",
            code: "[archive]",
            n: [1, { ok: true }],
        });
    });
});
