/**
 * Smoke test through @pulumi/policy's own analyzer handler (the function the gRPC server calls for
 * each resource during `pulumi preview`): real deserialisation of the engine's Struct, the pack's
 * enforcement level, the type filter, provider defaultTags and unknown values at preview.
 */
import { describe, expect, it } from "vitest";
import { policies } from "../../policypacks/tenant-guard/policies";

const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { makeAnalyzeRpcFun } = require("@pulumi/policy/server");

/** The engine's sentinel for a string not known during preview. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

interface ProtoDiagnostic {
    getPolicyname(): string;
    getEnforcementlevel(): number;
    getMessage(): string;
}

interface Diagnostic {
    policy: string;
    level: number;
    message: string;
}

async function analyze(
    level: "mandatory" | "advisory",
    type: string,
    name: string,
    properties: Record<string, unknown>,
    provider?: Record<string, unknown>,
): Promise<Diagnostic[]> {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(`urn:pulumi:dev::tenant-tiers::${type}::${name}`);
    request.setProperties(Struct.fromJavaScript(properties));
    request.setOptions(new analyzerproto.AnalyzerResourceOptions());
    if (provider !== undefined) {
        const resource = new analyzerproto.AnalyzerProviderResource();
        resource.setType("pulumi:providers:aws");
        resource.setName("org");
        resource.setUrn("urn:pulumi:dev::tenant-tiers::pulumi:providers:aws::org");
        resource.setProperties(Struct.fromJavaScript(provider));
        request.setProvider(resource);
    }
    const handler = makeAnalyzeRpcFun("tenant-guard", "0.1.0", level, policies);
    const response = await new Promise<{ getDiagnosticsList(): ProtoDiagnostic[] }>((resolve, reject) => {
        handler({ request }, (err: unknown, res: { getDiagnosticsList(): ProtoDiagnostic[] }) => {
            if (err) reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
            else resolve(res);
        });
    });
    return response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: d.getEnforcementlevel(),
        message: d.getMessage(),
    }));
}

const MANDATORY = analyzerproto.EnforcementLevel.MANDATORY;
const ADVISORY = analyzerproto.EnforcementLevel.ADVISORY;
const TAGS = { TenantId: "platform", Tier: "pooled", Environment: "dev" };
const describeTags = policies[0]?.description;

describe("the pack through @pulumi/policy's analyzer handler", () => {
    it("passes a compliant function", async () => {
        const props = { tags: TAGS, tenancyConfig: { tenantIsolationMode: "PER_TENANT" } };
        expect(await analyze("mandatory", "aws:lambda/function:Function", "fn", props)).toEqual([]);
    });

    it("blocks a non-PER_TENANT tenant function with a mandatory diagnostic", async () => {
        expect(await analyze("mandatory", "aws:lambda/function:Function", "fn", { tags: TAGS })).toEqual([
            {
                policy: "tenant-function-isolation",
                level: MANDATORY,
                message: `${policies[2]?.description}\naws:lambda/function:Function "fn" is tagged Tier "pooled" but has tenancyConfig.tenantIsolationMode unset, and functions serving tenants must use "PER_TENANT".`,
            },
        ]);
    });

    it("reports at the pack's level (advisory) and counts the provider's defaultTags", async () => {
        const provider = { defaultTags: JSON.stringify({ tags: { Tier: "pooled", Environment: "dev" } }) };
        expect(
            await analyze(
                "advisory",
                "aws:s3/bucket:Bucket",
                "files",
                { tags: { tenantID: "acme" } },
                provider,
            ),
        ).toEqual([
            {
                policy: "require-tenant-tags",
                level: ADVISORY,
                message: `${describeTags}\naws:s3/bucket:Bucket "files" is missing the tag "TenantId": every taggable AWS resource must carry TenantId, Tier, Environment, on the resource or in the provider's defaultTags.`,
            },
            {
                policy: "tag-key-casing",
                level: ADVISORY,
                message: `${policies[1]?.description}\naws:s3/bucket:Bucket "files" has tag key "tenantID", which must be spelled exactly "TenantId".`,
            },
        ]);
    });

    it("turns a tag unknown at preview into an advisory note instead of a verdict", async () => {
        const props = { tags: { ...TAGS, TenantId: UNKNOWN_STRING } };
        expect(await analyze("mandatory", "aws:s3/bucket:Bucket", "files", props)).toEqual([
            {
                policy: "require-tenant-tags",
                level: ADVISORY,
                message:
                    "can't run policy 'require-tenant-tags' from policy pack 'tenant-guard@v0.1.0' during preview: string value at .tags.TenantId can't be known during preview",
            },
        ]);
    });
});
