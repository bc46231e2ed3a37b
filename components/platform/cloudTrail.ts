/**
 * The platform's own CloudTrail trail (config `createCloudTrail`), for an account without an
 * organization trail: an `awsx.cloudtrail.Trail` that delivers this region's management events,
 * global services included (STS AssumeRole through the global endpoint), to the CloudWatch log
 * group the untagged-session alarm reads, and to an S3 bucket awsx creates with CloudTrail's bucket
 * policy. Log file validation is on, so a tampered log file is detectable.
 */
import * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import { platformPrefix } from "../shared/naming";
import type { TenantTags } from "../shared/tags";

export interface PlatformTrailArgs {
    readonly environment: string;
    /** The log group the trail delivers to (the untagged-session alarm's). */
    readonly logGroupName: string;
    readonly logRetentionDays: number;
    readonly tags: TenantTags;
}

export function platformTrail(
    name: string,
    args: PlatformTrailArgs,
    opts: pulumi.ComponentResourceOptions,
): awsx.cloudtrail.Trail {
    const prefix = platformPrefix(args.environment);
    return new awsx.cloudtrail.Trail(
        name,
        {
            name: `${prefix}-trail`,
            enableLogging: true,
            enableLogFileValidation: true,
            includeGlobalServiceEvents: true,
            isMultiRegionTrail: false,
            cloudWatchLogsGroup: {
                args: {
                    name: args.logGroupName,
                    retentionInDays: args.logRetentionDays,
                    tags: { ...args.tags },
                },
            },
            s3Bucket: {
                args: { bucketPrefix: `${prefix}-trail-`, forceDestroy: false, tags: { ...args.tags } },
            },
            tags: { ...args.tags },
        },
        opts,
    );
}
