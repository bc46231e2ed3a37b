import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planPlatformStack } from "../../../plan/platform";
import { PlannedResources } from "../../helpers/plannedStack";

const COST_TAG = "aws:costexplorer/costAllocationTag:CostAllocationTag";

function stackDir(extra: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "payer-"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.dev.yaml"),
        `config:\n  aws:region: eu-west-1\n  tenant-tiers:environment: dev\n${extra}`,
    );
    return dir;
}

describe("cost allocation tags follow tenant-tiers:payerAccount", () => {
    it("are not created by default (a member account cannot activate them)", async () => {
        const plan = new PlannedResources(await planPlatformStack("dev", stackDir("")));

        expect(plan.ofType(COST_TAG)).toEqual([]);
        // 78 before the front door: + web ACL, its stage association, the WAF-blocked alarm.
        expect(plan.custom).toHaveLength(81);
    });

    it("activate TenantId and Tier when the stack runs in the payer account", async () => {
        const plan = new PlannedResources(
            await planPlatformStack("dev", stackDir("  tenant-tiers:payerAccount: true\n")),
        );

        expect(plan.ofType(COST_TAG).map((t) => [t.name, t.inputs])).toEqual([
            ["platform-observability-cost-tag-tenantid", { tagKey: "TenantId", status: "Active" }],
            ["platform-observability-cost-tag-tier", { tagKey: "Tier", status: "Active" }],
        ]);
        expect(plan.custom).toHaveLength(83);
    });
});
