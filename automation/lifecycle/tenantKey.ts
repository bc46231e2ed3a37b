/**
 * The end of a premium tenant's KMS key in a purge. A key cannot be deleted at once: it is
 * scheduled for deletion with the shortest waiting period KMS allows (7 days), during which no
 * one can use it. Its `TenantId` tag is removed first, so even a cancelled deletion leaves a key
 * that no tenant session of the id matches (`aws:ResourceTag/TenantId`).
 */
import {
    DescribeKeyCommand,
    type KMSClient,
    ListResourceTagsCommand,
    ScheduleKeyDeletionCommand,
    UntagResourceCommand,
} from "@aws-sdk/client-kms";

/** The shortest waiting period of `ScheduleKeyDeletion`, in days. */
export const KEY_DELETION_WINDOW_DAYS = 7;

export interface RetiredKey {
    readonly arn: string;
    /** When KMS deletes the key (ISO-8601). */
    readonly deletionDate: string;
}

/** What is still wrong with the key, or `undefined` when it is untagged and pending deletion. */
export async function keyProblem(kms: KMSClient, keyArn: string): Promise<string | undefined> {
    const { KeyMetadata: key } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
    if (key?.KeyState !== "PendingDeletion")
        return `key ${keyArn} is ${key?.KeyState ?? "unknown"}, not pending deletion`;
    const { Tags = [] } = await kms.send(new ListResourceTagsCommand({ KeyId: keyArn }));
    const tag = Tags.find((t) => t.TagKey === "TenantId");
    return tag === undefined ? undefined : `key ${keyArn} is still tagged TenantId=${tag.TagValue}`;
}

/**
 * `arn:aws:kms:<region>:<account>:key/<id>` → `<id>`. Scheduling a deletion works only in the key's
 * own account, where the id names it as well as the ARN (and moto's server resolves only ids there).
 */
const keyIdOf = (keyArn: string): string => keyArn.slice(keyArn.lastIndexOf("/") + 1);

/** Untags the key and schedules its deletion (once: a re-run finds it pending and keeps its date). */
export async function retireKey(kms: KMSClient, keyArn: string): Promise<RetiredKey> {
    const { KeyMetadata: key } = await kms.send(new DescribeKeyCommand({ KeyId: keyArn }));
    if (key?.KeyState !== "PendingDeletion") {
        await kms.send(new UntagResourceCommand({ KeyId: keyArn, TagKeys: ["TenantId"] }));
        const out = await kms.send(
            new ScheduleKeyDeletionCommand({
                KeyId: keyIdOf(keyArn),
                PendingWindowInDays: KEY_DELETION_WINDOW_DAYS,
            }),
        );
        return { arn: keyArn, deletionDate: (out.DeletionDate ?? new Date(0)).toISOString() };
    }
    return { arn: keyArn, deletionDate: (key.DeletionDate ?? new Date(0)).toISOString() };
}
