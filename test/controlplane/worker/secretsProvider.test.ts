/**
 * A worker's tenant stacks on the S3 backend are created with the control plane's KMS secrets
 * provider (`PULUMI_SECRETS_PROVIDER`), not a passphrase: `pulumi stack init --secrets-provider`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localWorkspaceFactory } from "../../../automation/lifecycle/localWorkspace";
import type { TenantId } from "../../../tiers/tenantId";
import { FakePulumi } from "../../helpers/fakePulumiCommand";

const KMS = "awskms://alias/tenant-tiers-dev-state?region=eu-west-1";

describe("tenant stacks a worker creates", () => {
    it.each([
        [KMS, ["stack", "init", "dev-acme", "--secrets-provider", KMS]],
        [undefined, ["stack", "init", "dev-acme"]],
    ])("with secrets provider %s run %j", async (secretsProvider, init) => {
        const fake = new FakePulumi();
        const factory = localWorkspaceFactory({
            organization: "organization",
            workDir: fs.mkdtempSync(path.join(os.tmpdir(), "tenant-stacks-")),
            pulumiCommand: fake.command,
            ...(secretsProvider === undefined ? {} : { secretsProvider }),
        });

        await factory.open({ environment: "dev", tenantId: "acme" as TenantId }, "create-or-select");

        const inits = fake.commands().filter((c) => c[0] === "stack" && c[1] === "init");
        expect(inits.map((c) => c.slice(0, init.length))).toEqual([init]);
    });
});
