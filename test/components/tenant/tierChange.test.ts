import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { platformStackReference, TENANT_PROJECT } from "../../../components/shared/tenantNaming";
import { POOLED_TENANT_TYPE, PREMIUM_TENANT_TYPE } from "../../../components/tenant/stack";
import { type PlannedResource, planStack } from "../../../plan/mockRuntime";
import { PLAN_ORGANIZATION } from "../../../plan/sampleTenants";
import { parseTenantSpec } from "../../../tiers/tenantSpec";
import { type PlannedTenant, planTenant, platformOutputs, specInput } from "../../helpers/tenantStacks";

// The same tenant stack (dev-acme) moving pooled -> premium -> pooled. Its tier component changes
// type, its children keep their names, and each tier component aliases the other's type, so Pulumi
// matches the tenant's membership across the change (the engine derives the children's aliases
// from their parent's). What is left is created, or removed, by the change.

const key = (r: PlannedResource) => `${r.type}::${r.name}`;
const names = (resources: readonly PlannedResource[]) => resources.map((r) => r.name).sort();

interface AliasRequest {
    getType(): string;
    getName(): string;
    getAliasesList(): { getSpec(): { getType(): string } | undefined }[];
}

/** The alias types each of our components registers with, captured from the register requests. */
async function aliasTypes(tier: string): Promise<Record<string, string[]>> {
    const spec = parseTenantSpec(specInput("acme", tier));
    const captured: Record<string, string[]> = {};
    await planStack({
        project: TENANT_PROJECT,
        stack: "dev-acme",
        kind: "tenant",
        config: {},
        stackReferences: { [platformStackReference(PLAN_ORGANIZATION, "dev")]: await platformOutputs() },
        program: async () => {
            const monitor = pulumi.runtime.getMonitor() as unknown as {
                registerResource(req: AliasRequest, callback: unknown): Promise<void>;
            };
            const register = monitor.registerResource.bind(monitor);
            monitor.registerResource = (req, callback) => {
                // Provider resources carry the provider SDK's own aliases (bucket renames and the like).
                if (req.getType().startsWith("tenanttiers:")) {
                    captured[req.getName()] = req.getAliasesList().map((a) => a.getSpec()?.getType() ?? "");
                }
                return register(req, callback);
            };
            const { tenantProgram } = await import("../../../components/tenant/program");
            return tenantProgram(spec, { organization: PLAN_ORGANIZATION })();
        },
    });
    return captured;
}

let pooled: PlannedTenant;
let premium: PlannedTenant;
let pooledAgain: PlannedTenant;

beforeAll(async () => {
    pooled = await planTenant(specInput("acme", "pooled"));
    premium = await planTenant(specInput("acme", "premium"));
    pooledAgain = await planTenant(specInput("acme", "pooled"));
});

describe("tier change of one tenant stack: pooled -> premium -> pooled", () => {
    it("aliases each tier component to the other tier's type, and nothing else", async () => {
        // Act (one stack at a time: the mock runtime is process-global)
        const asPooled = await aliasTypes("pooled");
        const asPremium = await aliasTypes("premium");

        // Assert
        expect(asPooled.acme).toEqual([PREMIUM_TENANT_TYPE]);
        expect(asPremium.acme).toEqual([POOLED_TENANT_TYPE]);
        const aliased = (captured: Record<string, string[]>) =>
            Object.entries(captured)
                .filter(([, types]) => types.length > 0)
                .map(([name]) => name);
        expect(aliased(asPooled)).toEqual(["acme"]);
        expect(aliased(asPremium)).toEqual(["acme"]);
    });

    it("keeps the membership under the same names, so the admin user and the API key are never replaced", () => {
        // Act
        const kept = premium.aws.filter((r) => pooled.aws.some((p) => key(p) === key(r)));

        // Assert
        expect(names(kept)).toEqual([
            "acme-membership-admin",
            "acme-membership-admin-group",
            "acme-membership-api-key",
            "acme-membership-group",
            "acme-membership-plan-key",
            "acme-membership-registry-entry",
        ]);
        const changed = kept.filter(
            (r) => JSON.stringify(r.inputs) !== JSON.stringify(pooled.named(r.name).inputs),
        );
        // The key's Tier tag, the plan the key is on, and where the registry points.
        expect(names(changed)).toEqual([
            "acme-membership-api-key",
            "acme-membership-plan-key",
            "acme-membership-registry-entry",
        ]);
        expect(premium.named("acme-membership-plan-key").inputs.usagePlanId).toBe("acme-api-premium-plan-id");
    });

    it("creates the premium resources on the upgrade", () => {
        // Act
        const created = premium.aws.filter((r) => !pooled.aws.some((p) => key(p) === key(r)));

        // Assert
        expect(created).toHaveLength(premium.aws.length - 6);
        expect(names(created.filter((r) => r.retainOnDelete))).toEqual([
            "acme-store-data",
            "acme-store-files",
            "acme-store-key",
        ]);
        expect(created.map((r) => r.type)).toContain("aws:lambda/function:Function");
        expect(created.map((r) => r.type)).toContain("aws:apigateway/restApi:RestApi");
    });

    it("retains the data stores and deletes the rest on the downgrade, then matches the original pooled stack", () => {
        // Act
        const removed = premium.aws.filter((r) => !pooledAgain.aws.some((p) => key(p) === key(r)));

        // Assert
        const retained = removed.filter((r) => r.retainOnDelete);
        expect(names(retained)).toEqual(["acme-store-data", "acme-store-files", "acme-store-key"]);
        expect(removed.filter((r) => r.protect)).toEqual([]);
        expect(removed.filter((r) => r.type.startsWith("aws:dynamodb/table") && !r.retainOnDelete)).toEqual(
            [],
        );
        expect(names(pooledAgain.aws)).toEqual(names(pooled.aws));
        for (const resource of pooledAgain.aws) {
            expect(resource.inputs).toEqual(pooled.named(resource.name).inputs);
        }
    });

    it("never deletes a data store on destroy either: the premium stack retains every table, bucket and key", () => {
        const stores = premium.aws.filter((r) =>
            ["aws:dynamodb/table:Table", "aws:s3/bucket:Bucket", "aws:kms/key:Key"].includes(r.type),
        );
        expect(stores).toHaveLength(3);
        expect(stores.every((r) => r.retainOnDelete)).toBe(true);
        expect(premium.named("acme-store-data").inputs.deletionProtectionEnabled).toBe(true);
        expect(premium.named("acme-store-files").inputs.forceDestroy).toBe(false);
    });
});
