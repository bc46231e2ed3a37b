import type { PulumiFn } from "@pulumi/pulumi/automation";
import { beforeAll, describe, expect, it } from "vitest";
import { PlatformReference } from "../../../components/platform/reference";
import { PooledTenant } from "../../../components/tenant/pooled";
import { PremiumTenant } from "../../../components/tenant/premium";
import { TENANT_PROJECT } from "../../../components/shared/tenantNaming";
import { InvalidTenantProgramOptionsError, tenantProgram } from "../../../components/tenant/program";
import { type PlannedStack, planStack } from "../../../plan/mockRuntime";
import { planTenantStack } from "../../../plan/tenants";
import { InvalidTenantSpecError, parseTenantSpec } from "../../../tiers/tenantSpec";
import { platformOutputs, specInput } from "../../helpers/tenantStacks";

const REFERENCE = "example-org/tenant-tiers/dev";
const ID_RULE =
    "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen";

let outputs: Record<string, unknown>;

beforeAll(async () => {
    outputs = await platformOutputs();
});

/** Runs `program` as a tenant stack whose platform reference resolves to `referenced`. */
async function run(program: () => unknown, referenced: Record<string, unknown>): Promise<PlannedStack> {
    return planStack({
        project: TENANT_PROJECT,
        stack: "dev-acme",
        kind: "tenant",
        config: {},
        stackReferences: { [REFERENCE]: referenced },
        program,
    });
}

describe("tenantProgram", () => {
    it("rejects a bad spec when the program is made, before anything exists", async () => {
        // Arrange
        let thrown: unknown;

        // Act
        const stack = await run(async () => {
            const { tenantProgram: factory } = await import("../../../components/tenant/program");
            try {
                factory(specInput("Acme", "gold"), { organization: "example-org" });
            } catch (err) {
                thrown = err;
            }
            return {};
        }, outputs);

        // Assert
        expect(thrown).toBeInstanceOf(InvalidTenantSpecError);
        expect((thrown as Error).message).toBe(
            `tenant spec is invalid:\n  - tenantId = "Acme": ${ID_RULE}\n  - tier = "gold": expected one of pooled, premium`,
        );
        expect(stack.resources).toEqual([]);
    });

    it.each(["", "org/x", "my org", "-org"])("rejects the organization %j", (organization) => {
        expect(() => tenantProgram(specInput("acme", "pooled"), { organization })).toThrow(
            new InvalidTenantProgramOptionsError(
                `Pulumi organization ${JSON.stringify(organization)} is invalid: use letters, digits, ".", "_" or "-" (at most 100 characters)`,
            ),
        );
    });

    it("is an Automation API inline program", () => {
        // Act
        const program: PulumiFn = tenantProgram(specInput("acme", "pooled"), { organization: "example-org" });

        // Assert
        expect(program).toBeTypeOf("function");
    });

    it("reads the platform stack <org>/tenant-tiers/<environment>", async () => {
        // Act
        const stack = await run(
            tenantProgram(specInput("acme", "pooled"), { organization: "example-org" }),
            outputs,
        );

        // Assert
        const references = stack.resources.filter((r) => r.type === "pulumi:pulumi:StackReference");
        expect(references.map((r) => r.inputs.name)).toEqual([REFERENCE]);
        expect(stack.resources.map((r) => r.type)).toContain("tenanttiers:components:PooledTenant");
    });

    it("refuses a platform stack of another environment", async () => {
        // Act
        const act = run(tenantProgram(specInput("acme", "pooled"), { organization: "example-org" }), {
            ...outputs,
            environment: "prod",
        });

        // Assert
        await expect(act).rejects.toThrow(
            'the referenced platform stack serves environment "prod", but the tenant spec says "dev": reference the dev platform stack',
        );
    });

    it("refuses a platform stack deployed before tenant stacks existed", async () => {
        // Arrange
        const older = Object.fromEntries(
            Object.entries(outputs).filter(([name]) => name !== "tenantFunctionDefaults"),
        );

        // Act
        const act = run(tenantProgram(specInput("acme", "pooled"), { organization: "example-org" }), older);

        // Assert
        await expect(act).rejects.toThrow(
            'platform stack example-org/tenant-tiers/dev has no output "tenantFunctionDefaults": update the platform stack (pulumi up) before deploying tenant stacks',
        );
    });

    it.each([
        ["pooled", "PooledTenant", "PremiumTenant"],
        ["premium", "PremiumTenant", "PooledTenant"],
    ])("builds the %s tier's component and not the other", async (tier, built, notBuilt) => {
        // Act
        const stack = await planTenantStack(parseTenantSpec(specInput("acme", tier)), outputs);

        // Assert
        const types = stack.resources.map((r) => r.type);
        expect(types.filter((t) => t === `tenanttiers:components:${built}`)).toHaveLength(1);
        expect(types).not.toContain(`tenanttiers:components:${notBuilt}`);
    });

    it.each([
        [
            "PooledTenant",
            PooledTenant,
            "premium",
            'tenant "acme" has tier "premium": a PooledTenant needs tier pooled',
        ],
        [
            "PremiumTenant",
            PremiumTenant,
            "pooled",
            'tenant "acme" has tier "pooled": a PremiumTenant needs tier premium',
        ],
    ])("a %s refuses a spec of the other tier", async (_name, Component, tier, message) => {
        // Act
        const act = run(async () => {
            const platform = new PlatformReference(REFERENCE);
            const spec = parseTenantSpec(specInput("acme", tier));
            return new Component("acme", { spec, platform, settings: await platform.settings("dev") });
        }, outputs);

        // Assert
        await expect(act).rejects.toThrow(message);
    });
});
