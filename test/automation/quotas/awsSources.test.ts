/** The quota sources of a real run: split from the platform config, user pool from its outputs, clients' regions. */
import os from "node:os";
import { describe, expect, it } from "vitest";
import { defaultCliDeps } from "../../../automation/cli/settings";
import { LifecycleStateError } from "../../../automation/lifecycle/errors";
import { awsQuotaSources, platformConcurrency, userPoolIdFrom } from "../../../automation/quotas/awsSources";

describe("awsQuotaSources", () => {
    it("takes the premium reservation and the headroom from Pulumi.dev.yaml's concurrency split", () => {
        expect(platformConcurrency("dev")).toEqual({ premiumPerTenant: 20, headroom: 100 });
    });

    it("says where the split comes from when the platform config is not there", () => {
        // Act
        const failed = (() => {
            try {
                return platformConcurrency("staging", os.tmpdir());
            } catch (error) {
                return error;
            }
        })();

        // Assert
        expect(failed).toBeInstanceOf(LifecycleStateError);
        expect((failed as Error).message).toMatch(
            /^the quota pre-check reads the concurrency split \(premium reservation, concurrencyHeadroom\) from the platform's Pulumi\.staging\.yaml, which failed: stack "staging" has no config file Pulumi\.staging\.yaml; available stacks: .*; run the CLI from the platform's checkout; nothing was changed$/,
        );
    });

    it("reads the user pool from the platform stack's outputs, and says what to do when it is missing", async () => {
        // Prepare
        const asked: string[] = [];
        const outputs = async (environment: string) => {
            asked.push(environment);
            return environment === "dev" ? { userPoolId: "eu-west-1_AbC123" } : {};
        };

        // Act
        const found = await userPoolIdFrom(outputs)("dev");
        const missing = await userPoolIdFrom(outputs)("prod").catch((e: unknown) => e);

        // Assert
        expect(found).toBe("eu-west-1_AbC123");
        expect(asked).toEqual(["dev", "prod"]);
        expect(missing).toBeInstanceOf(LifecycleStateError);
        expect((missing as Error).message).toBe(
            'the platform stack of prod has no output "userPoolId": update the platform stack (pulumi up) first; nothing was changed',
        );
    });

    it("asks Service Quotas in the platform's region, and in us-east-1 for the Organizations quota", async () => {
        // Act
        const sources = awsQuotaSources({
            region: "eu-west-1",
            environment: "dev",
            platformOutputs: async () => ({ userPoolId: "eu-west-1_AbC123" }),
        });

        // Assert
        expect(await sources.serviceQuotas?.config.region()).toBe("eu-west-1");
        expect(await sources.serviceQuotasGlobal?.config.region()).toBe("us-east-1");
        expect(await sources.lambda.config.region()).toBe("eu-west-1");
        expect(sources.organizations).toBeUndefined();
        expect(sources.concurrency).toEqual({ premiumPerTenant: 20, headroom: 100 });
    });

    it("the CLI of a real run always has quota sources", () => {
        expect(defaultCliDeps().quotaSources).toBeTypeOf("function");
    });
});
