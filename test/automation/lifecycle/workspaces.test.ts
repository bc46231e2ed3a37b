import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RemoteGitProgramArgs, RemoteWorkspaceOptions, UpdateSummary } from "@pulumi/pulumi/automation";
import { afterEach, describe, expect, it } from "vitest";
import {
    localWorkspaceFactory,
    PulumiCliNotFoundError,
    remoteWorkspaceFactory,
    signup,
    status,
} from "../../../automation/lifecycle";
import { preRunCommands, shellQuote } from "../../../automation/lifecycle/remoteWorkspace";
import { lifecycleHarness, ORGANIZATION, specOf, SPEC_KEY } from "../../helpers/lifecycleHarness";

const INSTALL_MESSAGE =
    'the Pulumi CLI was not found (running "pulumi version" failed with ENOENT): install it with "curl -fsSL https://get.pulumi.com | sh" (see https://www.pulumi.com/docs/install/), open a new shell so that "pulumi" is on PATH, or pass --pulumi-root <dir> (the folder holding bin/pulumi); nothing was changed';

describe("the real LocalWorkspace without a Pulumi CLI", () => {
    const path0 = process.env.PATH;
    afterEach(() => {
        process.env.PATH = path0;
    });

    it("fails with a message naming how to install the CLI, not a raw ENOENT", async () => {
        // Prepare: a PATH with no pulumi on it (this machine has none anyway).
        process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "empty-path-"));
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-stacks-"));
        const factory = localWorkspaceFactory({ organization: ORGANIZATION, workDir });

        // Act
        const attempt = factory.open(
            { environment: "dev", tenantId: specOf("acme").tenantId },
            "create-or-select",
        );

        // Assert
        await expect(attempt).rejects.toThrow(new PulumiCliNotFoundError("pulumi"));
        await expect(attempt).rejects.toThrow(INSTALL_MESSAGE);
        expect(fs.readdirSync(workDir)).toEqual([]);
    });

    it("names the binary under --pulumi-root", async () => {
        const factory = localWorkspaceFactory({
            organization: ORGANIZATION,
            workDir: os.tmpdir(),
            pulumiRoot: "/opt/no-pulumi",
        });

        await expect(factory.listStacks()).rejects.toThrow(
            'the Pulumi CLI was not found (running "/opt/no-pulumi/bin/pulumi version" failed with ENOENT)',
        );
    });
});

describe("LocalWorkspace adapter with the fake CLI", () => {
    it("restores a stack's config from its last deployment when this workspace has none", async () => {
        const h = lifecycleHarness();
        await signup({ spec: specOf("acme") }, h.deps());
        const stack = h.fake.stacks.get("dev-acme");
        if (stack === undefined) throw new Error("no stack");
        stack.config = {};
        const before = h.fake.calls.length;

        const report = await status({ tenantId: "acme", environment: "dev" }, h.deps());

        expect(report.tier).toBe("pooled");
        expect(h.fake.commands().slice(before, before + 4)).toEqual([
            ["stack", "select", "--stack", "dev-acme"],
            ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
            ["config", "refresh", "--force", "--stack", "dev-acme"],
            ["config", "--show-secrets", "--json", "--stack", "dev-acme"],
        ]);
    });

    it("writes the tenant project's Pulumi.yaml once into the work directory", async () => {
        const h = lifecycleHarness();

        await signup({ spec: specOf("acme") }, h.deps());
        await signup({ spec: specOf("globex") }, h.deps());

        expect(fs.readdirSync(h.workDir)).toEqual(["Pulumi.yaml"]);
        expect(fs.readFileSync(path.join(h.workDir, "Pulumi.yaml"), "utf8")).toBe(
            "name: tenant-tiers-tenants\nruntime: nodejs\ndescription: tenant-tiers tenant stacks (one per tenant and environment), run by\n  the tenant lifecycle\n",
        );
    });

    it("reads platform outputs from the platform project with a fully qualified stack name", async () => {
        const h = lifecycleHarness();

        const outputs = await h.deps().workspaces.platformOutputs("dev");

        expect(outputs).toEqual({
            environment: "dev",
            dataTableName: "tenant-tiers-dev-data-5f3a2c1",
            bucketName: "tenant-tiers-dev-data-7c1d9e2",
            platformKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000001",
        });
        expect(h.fake.calls.map((c) => c.cwd)).toEqual([
            path.resolve(__dirname, "../../.."),
            path.resolve(__dirname, "../../.."),
        ]);
        expect(h.fake.commands()).toEqual([
            ["stack", "output", "--json", "--stack", "my-org/tenant-tiers/dev"],
            ["stack", "output", "--json", "--show-secrets", "--stack", "my-org/tenant-tiers/dev"],
        ]);
    });
});

describe("--remote: RemoteWorkspace runs the engine, the local workspace keeps config and record", () => {
    const summary: UpdateSummary = {
        kind: "update",
        startTime: new Date(0),
        endTime: new Date(0),
        message: "",
        environment: {},
        config: {},
        result: "succeeded",
        version: 1,
        resourceChanges: { create: 6 },
    };

    it("creates the remote stack from git with the spec put into config before the run", async () => {
        const h = lifecycleHarness();
        const calls: { args: RemoteGitProgramArgs; opts: RemoteWorkspaceOptions | undefined }[] = [];
        const factory = remoteWorkspaceFactory(
            h.deps().workspaces,
            {
                url: "https://github.com/acme-corp/tenant-tiers.git",
                organization: ORGANIZATION,
                envVars: { AWS_REGION: "eu-west-1" },
            },
            async (args, opts) => {
                calls.push({ args, opts });
                return {
                    up: async () => ({
                        stdout: "",
                        stderr: "",
                        outputs: { tenantId: { value: "acme", secret: false } },
                        summary,
                    }),
                    preview: async () => ({ stdout: "", stderr: "", changeSummary: {} }),
                    destroy: async () => ({ stdout: "", stderr: "", summary }),
                };
            },
        );

        const result = await signup({ spec: specOf("acme") }, h.deps({ workspaces: factory }));

        const specJson = h.fake.stacks.get("dev-acme")?.config[SPEC_KEY] ?? "";
        expect(result).toMatchObject({
            outcome: "created",
            outputs: { tenantId: "acme" },
            changes: { create: 6 },
        });
        expect(calls).toEqual([
            {
                args: {
                    stackName: "my-org/tenant-tiers-tenants/dev-acme",
                    url: "https://github.com/acme-corp/tenant-tiers.git",
                    branch: "main",
                    projectPath: "automation/remote",
                },
                opts: {
                    envVars: { AWS_REGION: "eu-west-1" },
                    preRunCommands: [
                        "npm ci --prefix '../..'",
                        `pulumi config set-all --stack 'my-org/tenant-tiers-tenants/dev-acme' --plaintext '${SPEC_KEY}=${specJson}' --plaintext 'tenant-tiers-tenants:organization=my-org' --plaintext 'aws:region=eu-west-1'`,
                    ],
                    skipInstallDependencies: true,
                },
            },
        ]);
        expect(h.fake.commands().filter((c) => c[0] === "up")).toEqual([]);
    });

    it("quotes values for the shell, single quotes included", () => {
        expect(shellQuote("o'brien@example.com")).toBe(`'o'\\''brien@example.com'`);
        expect(preRunCommands("tenants", "o/p/s", { k: "v" })).toEqual([
            "npm ci --prefix '..'",
            "pulumi config set-all --stack 'o/p/s' --plaintext 'k=v'",
        ]);
    });
});
