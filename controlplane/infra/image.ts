/**
 * The control plane's container image: an `awsx.ecr.Repository` (scan on push, the last images
 * kept) and an `awsx.ecr.Image` built from `controlplane/Dockerfile` with the
 * repository root as the build context (Docker runs on the machine that deploys).
 */
import * as path from "node:path";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import type { TenantTags } from "../../components/shared/tags";

/** The repository root: the image's build context. */
export const BUILD_CONTEXT = path.resolve(__dirname, "../..");
export const DOCKERFILE = path.join(BUILD_CONTEXT, "controlplane", "Dockerfile");
/** Fargate tasks run on X86_64 (the task definitions' `runtimePlatform`). */
export const IMAGE_PLATFORM = "linux/amd64";
/** Images kept in the repository; older ones expire (rollbacks need only the last few). */
export const IMAGES_KEPT = 20;

export interface ControlPlaneImageArgs {
    readonly environment: string;
    readonly tags: TenantTags;
}

export class ControlPlaneImage extends pulumi.ComponentResource {
    readonly repository: awsx.ecr.Repository;
    readonly image: awsx.ecr.Image;
    readonly repositoryArn: pulumi.Output<string>;
    /** `<registry>/<repository>@sha256:<digest>`: task definitions change only when the image does. */
    readonly imageUri: pulumi.Output<string>;

    constructor(name: string, args: ControlPlaneImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tenanttiers:controlplane:Image", name, {}, opts);
        this.repository = new awsx.ecr.Repository(
            `${name}-repository`,
            {
                name: `tenant-tiers-${args.environment}-control-plane`,
                // awsx.ecr.Image pushes the same tag on every build; tasks pin the digest instead.
                imageTagMutability: "MUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                forceDelete: false,
                lifecyclePolicy: {
                    rules: [
                        {
                            description: `keep the last ${IMAGES_KEPT} images`,
                            tagStatus: "any",
                            maximumNumberOfImages: IMAGES_KEPT,
                        },
                    ],
                },
                tags: { ...args.tags },
            },
            { parent: this },
        );
        this.repositoryArn = this.repository.repository.apply((r) => r.arn);
        this.image = new awsx.ecr.Image(
            `${name}-image`,
            {
                repositoryUrl: this.repository.url,
                context: BUILD_CONTEXT,
                dockerfile: DOCKERFILE,
                platform: IMAGE_PLATFORM,
            },
            { parent: this },
        );
        this.imageUri = this.image.imageUri;
        this.registerOutputs({ imageUri: this.imageUri });
    }
}
