/**
 * Where tenant stacks keep their Pulumi state: an S3 bucket (versioned, SSE-KMS, public access
 * blocked, TLS only, protected and retained) with a KMS key as the stacks' secrets provider; or
 * Pulumi Cloud, whose access token the workers read from Secrets Manager (config names the secret;
 * its value is never in this repository). The platform stack lives in the same backend, because
 * tenant stacks read it through a `StackReference`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { delegatingKeyPolicy } from "../../components/policies/keyPolicy";
import { type PolicyDocument, policyDocument } from "../../components/policies/document";
import { policyJson } from "../../components/shared/json";
import { lockDownBucket } from "../../components/shared/bucketLockdown";
import type { TenantTags } from "../../components/shared/tags";
import type { ControlPlaneSettings } from "./settings";

export interface StateBackendArgs {
    readonly settings: ControlPlaneSettings;
    readonly accountId: pulumi.Input<string>;
    readonly tags: TenantTags;
}

/** Refuses every request to the state bucket that is not over TLS. */
export function stateBucketPolicy(bucketArn: string): PolicyDocument {
    return policyDocument({
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

export class StateBackend extends pulumi.ComponentResource {
    /** S3 backend only. */
    readonly bucket?: aws.s3.Bucket;
    readonly key?: aws.kms.Key;
    readonly keyAlias?: aws.kms.Alias;
    /** The environment of both services: `PULUMI_BACKEND_URL` and `PULUMI_SECRETS_PROVIDER`. */
    readonly environment: pulumi.Output<{ name: string; value: string }[]>;
    /** ECS `secrets` of both services: `PULUMI_ACCESS_TOKEN` on Pulumi Cloud. */
    readonly secrets: { name: string; valueFrom: string }[];
    readonly bucketArn: pulumi.Output<string | undefined>;
    readonly keyArn: pulumi.Output<string | undefined>;

    constructor(name: string, args: StateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:StateBackend", name, {}, opts);
        const { settings, tags } = args;
        const backend = settings.stateBackend;
        if (backend.kind === "pulumi-cloud") {
            this.environment = pulumi.output([]);
            this.secrets = [{ name: "PULUMI_ACCESS_TOKEN", valueFrom: backend.accessTokenSecretArn }];
            this.bucketArn = pulumi.output<string | undefined>(undefined);
            this.keyArn = pulumi.output<string | undefined>(undefined);
            this.registerOutputs({});
            return;
        }
        // State is the only record of what every tenant stack deployed: losing it orphans tenants.
        const keep = { parent: this, protect: true, retainOnDelete: true };
        const prefix = `tenant-tiers-${settings.environment}-control-plane-state`;
        this.key = new aws.kms.Key(
            `${name}-secrets-key`,
            {
                description: `tenant-tiers ${settings.environment} secrets provider of tenant stacks' state`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: policyJson({ account: args.accountId }, (r) => delegatingKeyPolicy(r.account)),
                tags: { ...tags },
            },
            keep,
        );
        this.keyAlias = new aws.kms.Alias(
            `${name}-secrets-key-alias`,
            { name: `alias/${prefix}`, targetKeyId: this.key.keyId },
            { parent: this },
        );
        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { bucketPrefix: `${prefix}-`, forceDestroy: false, tags: { ...tags } },
            keep,
        );
        const publicAccessBlock = lockDownBucket(`${name}-bucket`, this.bucket, this.key.arn, keep);
        new aws.s3.BucketPolicy(
            `${name}-bucket-policy`,
            {
                bucket: this.bucket.id,
                policy: policyJson({ arn: this.bucket.arn }, (r) => stateBucketPolicy(r.arn)),
            },
            { parent: this, dependsOn: [publicAccessBlock] },
        );
        const region = settings.region;
        this.environment = pulumi.all([this.bucket.bucket, this.keyAlias.name]).apply(([bucket, alias]) => [
            { name: "PULUMI_BACKEND_URL", value: `s3://${bucket}?region=${region}` },
            { name: "PULUMI_SECRETS_PROVIDER", value: `awskms://${alias}?region=${region}` },
        ]);
        this.secrets = [];
        this.bucketArn = this.bucket.arn;
        this.keyArn = this.key.arn;
        this.registerOutputs({ bucketArn: this.bucketArn, keyArn: this.keyArn });
    }
}
