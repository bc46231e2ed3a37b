import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { parseTenantId, tenantIdProblem as programRule } from "../../tiers";
import * as awsTypes from "../../policypacks/tenant-guard/lib/awsTypes";
import { tenantIdProblem as packRule } from "../../policypacks/tenant-guard/lib/tenantId";
import { policies } from "../../policypacks/tenant-guard/policies";
import { OTHER_TAGS_TYPES, TAGGABLE_TYPES } from "../../policypacks/tenant-guard/policies/taggableTypes";
import {
    AWS_DIR,
    OUTPUT_FILE,
    readTaggableTypes,
    renderTaggableTypes,
} from "../../policypacks/tenant-guard/scripts/generateTaggableTypes";

const PACK = path.resolve(__dirname, "..", "..", "policypacks", "tenant-guard");

describe("the tenant-guard pack", () => {
    it("has its resource and stack policies, each named once", () => {
        expect(policies.map((p) => p.name)).toEqual([
            "require-tenant-tags",
            "tag-key-casing",
            "tenant-function-isolation",
            "tenant-id-from-authorizer",
            "tenant-data-abac",
            "tenant-session-trust",
            "tenant-function-invoke",
            "tenant-data-protected",
            "tenant-data-grants",
            "tenant-data-resource-policies",
            "tenant-session-principals",
            "tenant-function-callers",
            "tenant-function-per-tenant",
            "tenant-store-protection",
            "tenant-stack-tenant",
        ]);
    });

    it.each(policies.map((p) => [p.name, p] as const))(
        "%s has a description, remediation steps and a config schema with defaults",
        (_name, policy) => {
            expect(policy.description.length).toBeGreaterThan(40);
            expect(policy.remediationSteps?.length).toBeGreaterThan(40);
            const properties = Object.values(policy.configSchema?.properties ?? {});
            expect(properties.length).toBeGreaterThan(0);
            for (const property of properties) expect(property).toHaveProperty("default");
            // The engine rejects a pack that declares these itself.
            expect(Object.keys(policy.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
            // Enforcement comes from the pack (mandatory) or from --policy-pack-config.
            expect(policy.enforcementLevel).toBeUndefined();
        },
    );

    it("serves the policies as a mandatory pack named tenant-guard from index.ts, and nothing else", () => {
        const source = fs.readFileSync(path.join(PACK, "index.ts"), "utf8");
        const code = source.replace(/\/\*\*[\s\S]*?\*\/\n/, "");
        expect(code).toBe(
            'import { PolicyPack } from "@pulumi/policy";\nimport { policies } from "./policies";\n\nnew PolicyPack("tenant-guard", { policies, enforcementLevel: "mandatory" });\n',
        );
    });

    it("has a PulumiPolicy.yaml for the nodejs runtime and a versioned package.json", () => {
        expect(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
        expect(pkg.version).toBe("0.1.0");
        expect(pkg.dependencies).toEqual({
            "@pulumi/aws": "7.48.0",
            "@pulumi/policy": "1.21.0",
            "@pulumi/pulumi": "3.248.0",
            // Pulumi compiles a published pack with the pack's own TypeScript (else its bundled 3.8).
            "@types/node": "20.19.43",
            typescript: "5.9.3",
        });
    });

    it("imports nothing from outside its folder", () => {
        const files = ["index.ts", "lib", "policies", "scripts"].flatMap((entry) => {
            const full = path.join(PACK, entry);
            return fs.statSync(full).isDirectory()
                ? fs.readdirSync(full).map((f) => path.join(full, f))
                : [full];
        });
        const outside = files.flatMap((file) =>
            [...fs.readFileSync(file, "utf8").matchAll(/from "(\.[^"]*)"/g)]
                .map((m) => path.resolve(path.dirname(file), m[1] as string))
                .filter((target) => !target.startsWith(PACK)),
        );
        expect(outside).toEqual([]);
    });
});

describe("the type tokens the policies filter on", () => {
    it.each([
        [awsTypes.LambdaFunction, aws.lambda.Function],
        [awsTypes.LambdaPermission, aws.lambda.Permission],
        [awsTypes.ApiIntegration, aws.apigateway.Integration],
        [awsTypes.HttpApiIntegration, aws.apigatewayv2.Integration],
        [awsTypes.IamRole, aws.iam.Role],
        [awsTypes.IamRolePolicy, aws.iam.RolePolicy],
        [awsTypes.IamPolicy, aws.iam.Policy],
        [awsTypes.IamUserPolicy, aws.iam.UserPolicy],
        [awsTypes.IamGroupPolicy, aws.iam.GroupPolicy],
        [awsTypes.DynamoTable, aws.dynamodb.Table],
        [awsTypes.BucketPublicAccessBlock, aws.s3.BucketPublicAccessBlock],
        [awsTypes.KmsKey, aws.kms.Key],
    ])("%#: match the installed @pulumi/aws class", (standIn, real) => {
        expect(standIn.__pulumiType).toBe((real as unknown as { __pulumiType: string }).__pulumiType);
    });
});

describe("taggable types", () => {
    it("are regenerated from the installed @pulumi/aws without a difference (run scripts/generateTaggableTypes.ts if this fails)", () => {
        const regenerated = renderTaggableTypes(readTaggableTypes(AWS_DIR));
        expect(fs.readFileSync(OUTPUT_FILE, "utf8")).toBe(regenerated);
    });

    it.each([
        ["aws:cognito/userPool:UserPool", true],
        ["aws:lambda/function:Function", true],
        ["aws:s3/bucket:Bucket", true],
        ["aws:dynamodb/table:Table", true],
        ["aws:apigateway/stage:Stage", true],
        ["aws:iam/rolePolicy:RolePolicy", false],
        ["aws:lambda/permission:Permission", false],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", false],
    ])("%s taggable: %s", (type, taggable) => {
        expect(TAGGABLE_TYPES.has(type)).toBe(taggable);
    });

    it("keep types whose tags are not a map apart", () => {
        expect([...OTHER_TAGS_TYPES]).toEqual([
            "aws:autoscaling/group:Group",
            "aws:devopsguru/resourceCollection:ResourceCollection",
        ]);
    });
});

describe("the pack's copy of the tenant-id rule", () => {
    it.each([
        "acme",
        "globex",
        "a-b-c",
        "abc",
        "a".repeat(32),
        "a".repeat(33),
        "ab",
        "Acme",
        "acme-",
        "-acme",
        "a--b",
        "1acme",
        "acme*",
        "a/b",
        "acme:x",
        "platform",
        "shared",
        "admin",
        "аcme",
        "ａcme",
        "",
        " acme",
    ])("agrees with tiers/tenantId.ts on %j", (id) => {
        expect(packRule(id)).toBe(programRule(id));
    });

    it.each([undefined, null, 42, ["acme"]])("agrees on the non-string %j", (value) => {
        expect(packRule(value)).toBe(programRule(value));
    });

    it("accepts what parseTenantId accepts", () => {
        expect(packRule(parseTenantId("initech"))).toBeUndefined();
    });
});

describe("config.example.json", () => {
    const example = JSON.parse(fs.readFileSync(path.join(PACK, "config.example.json"), "utf8")) as Record<
        string,
        unknown
    >;

    it.each(Object.entries(example))("configures %s with known settings only", (name, settings) => {
        const policy = policies.find((p) => p.name === name);
        expect(policy).toBeDefined();
        if (typeof settings === "string") {
            expect(["advisory", "mandatory", "disabled"]).toContain(settings);
        } else {
            const known = [...Object.keys(policy?.configSchema?.properties ?? {}), "enforcementLevel"];
            expect(Object.keys(settings as object).filter((k) => !known.includes(k))).toEqual([]);
        }
    });
});
