import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planPlatformStack } from "../../../plan/platform";
import { PlannedResources } from "../../helpers/plannedStack";

const SES_ARN = "arn:aws:ses:eu-west-1:123456789012:identity/example.com";

async function userPool(extra: string): Promise<Record<string, unknown>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "email-"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.dev.yaml"),
        `config:\n  aws:region: eu-west-1\n  tenant-tiers:environment: dev\n${extra}`,
    );
    return new PlannedResources(await planPlatformStack("dev", dir)).named("platform-identity-users").inputs;
}

describe("invitation emails of the user pool", () => {
    it("go through Cognito's built-in sender by default", async () => {
        expect((await userPool("")).emailConfiguration).toBeUndefined();
    });

    it("go through SES from emailFrom as the verified identity sesIdentityArn", async () => {
        const pool = await userPool(
            `  tenant-tiers:emailFrom: no-reply@example.com\n  tenant-tiers:sesIdentityArn: ${SES_ARN}\n`,
        );

        expect(pool.emailConfiguration).toEqual({
            emailSendingAccount: "DEVELOPER",
            fromEmailAddress: "no-reply@example.com",
            sourceArn: SES_ARN,
        });
    });
});
