import { describe, expect, it } from "vitest";
import type { TenantApiArgs } from "../../../components/shared/tenantApi";
import { planStack } from "../../../plan/mockRuntime";
import { PlannedResources } from "../../helpers/plannedStack";

const WEB_ACL_ARN = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/1234";
const BASE: TenantApiArgs<"premium"> = {
    environment: "dev",
    tenantFunction: { functionName: "fn", invokeArn: "arn:fn-invoke" },
    authorizerFunction: { functionName: "authz", invokeArn: "arn:authz-invoke" },
    usagePlans: { premium: { throttle: { rateLimit: 5, burstLimit: 10 }, dailyQuota: undefined } },
    logRetentionDays: 30,
    manageApiGatewayAccount: false,
    webAclArn: WEB_ACL_ARN,
    stageThrottle: { rateLimit: 70, burstLimit: 140 },
};

async function plan(args: Partial<TenantApiArgs<"premium">> = {}): Promise<PlannedResources> {
    return new PlannedResources(
        await planStack({
            project: "tenant-tiers",
            stack: "tenant-api-test",
            kind: "platform",
            config: {},
            program: async () => {
                const { TenantApi } = await import("../../../components/shared/tenantApi");
                new TenantApi("api", { ...BASE, ...args });
                return {};
            },
        }),
    );
}

describe("TenantApi front door", () => {
    it("associates the given web ACL with its stage and throttles the stage as given", async () => {
        // Act
        const p = await plan();

        // Assert
        expect(p.named("api-web-acl").inputs).toEqual({
            resourceArn: "arn:aws:apigateway:eu-west-1::/restapis/api-rest-api-id/stages/dev",
            webAclArn: WEB_ACL_ARN,
        });
        expect(p.named("api-method-settings").inputs.settings).toEqual({
            metricsEnabled: true,
            loggingLevel: "ERROR",
            dataTraceEnabled: false,
            throttlingRateLimit: 70,
            throttlingBurstLimit: 140,
        });
        expect(p.ofType("aws:wafv2/webAclAssociation:WebAclAssociation")).toHaveLength(1);
    });

    it.each([
        [0, 10],
        [10, 0],
        [1.5, 10],
    ])("rejects stage throttling of %j requests per second, burst %j", async (rateLimit, burstLimit) => {
        await expect(plan({ stageThrottle: { rateLimit, burstLimit } })).rejects.toThrow(
            `stage throttling of ${rateLimit} requests per second, burst ${burstLimit}, is invalid: use whole numbers of at least 1`,
        );
    });
});
