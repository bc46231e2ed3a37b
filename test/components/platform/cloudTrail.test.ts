import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planPlatformStack } from "../../../plan/platform";
import { PlannedResources } from "../../helpers/plannedStack";

const TRAIL = "awsx:cloudtrail:Trail";
const TAGS = { Environment: "dev", TenantId: "platform", Tier: "platform" };

function stackDir(extra: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trail-"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.dev.yaml"),
        `config:\n  aws:region: eu-west-1\n  tenant-tiers:environment: dev\n${extra}`,
    );
    return dir;
}

describe("the platform's CloudTrail trail follows tenant-tiers:createCloudTrail", () => {
    it("is not created by default, and the alarm reads a trail's log group only when one is named", async () => {
        const plain = new PlannedResources(await planPlatformStack("dev", stackDir("")));
        expect(plain.ofType(TRAIL)).toEqual([]);
        expect(
            plain.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => f.name),
        ).not.toContain("platform-observability-untagged-tenant-session-filter");

        const orgTrail = new PlannedResources(
            await planPlatformStack(
                "dev",
                stackDir("  tenant-tiers:cloudTrailLogGroupName: org-trail-logs\n"),
            ),
        );
        expect(orgTrail.ofType(TRAIL)).toEqual([]);
        expect(
            orgTrail.named("platform-observability-untagged-tenant-session-filter").inputs.logGroupName,
        ).toBe("org-trail-logs");
    });

    it("delivers to the log group the untagged-session alarm reads, with log file validation", async () => {
        const plan = new PlannedResources(
            await planPlatformStack(
                "dev",
                stackDir("  tenant-tiers:createCloudTrail: true\n  tenant-tiers:logRetentionDays: 90\n"),
            ),
        );
        const trail = plan.named("platform-observability-trail");
        expect([trail.type, trail.parent]).toEqual([TRAIL, "platform-observability"]);
        expect(trail.inputs).toEqual({
            name: "tenant-tiers-dev-trail",
            enableLogging: true,
            enableLogFileValidation: true,
            includeGlobalServiceEvents: true,
            isMultiRegionTrail: false,
            cloudWatchLogsGroup: {
                args: { name: "/aws/cloudtrail/tenant-tiers-dev", retentionInDays: 90, tags: TAGS },
            },
            s3Bucket: { args: { bucketPrefix: "tenant-tiers-dev-trail-", forceDestroy: false, tags: TAGS } },
            tags: TAGS,
        });
        const filter = plan.named("platform-observability-untagged-tenant-session-filter");
        expect(filter.inputs.logGroupName).toBe("/aws/cloudtrail/tenant-tiers-dev");
        expect(plan.named("platform-observability-untagged-tenant-session-alarm").inputs.metricName).toBe(
            "UntaggedTenantSessionAttempts",
        );
    });
});
