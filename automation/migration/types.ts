/** Public types of the tenant data migration (see `migrate.ts`). */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { TenantId } from "../../tiers/tenantId";
import type { PartitionDigest } from "./checksum";

/** `premium-to-premium`: a premium tenant moving between the platform account and its silo account. */
export const MIGRATION_DIRECTIONS = ["pooled-to-premium", "premium-to-pooled", "premium-to-premium"] as const;
export type MigrationDirection = (typeof MIGRATION_DIRECTIONS)[number];

/** What to migrate, as a caller (CLI, signup service) passes it; validated before any call. */
export interface MigrationSpec {
    /** The tenant whose partition moves; must satisfy the tenant-id rule. */
    readonly tenantId: string;
    /** Table the partition is copied from, then removed from. */
    readonly sourceTable: string;
    /** Table the partition is copied to; must differ from `sourceTable`. */
    readonly targetTable: string;
    readonly direction: MigrationDirection;
    /**
     * The AWS account of the source table, when the two tables are in different accounts (a silo
     * tier change): a table may then have the same name on both sides. Absent: the client's account.
     */
    readonly sourceAccount?: string;
    /** The AWS account of the target table (see `sourceAccount`). */
    readonly targetAccount?: string;
}

/** A {@link MigrationSpec} that passed validation. */
export interface ValidMigrationSpec extends MigrationSpec {
    readonly tenantId: TenantId;
}

/** Steps recorded in the progress store, in order. */
export const MIGRATION_STEPS = ["copying", "verified", "switched", "cleaning", "done"] as const;
export type MigrationStep = (typeof MIGRATION_STEPS)[number];

interface MigrationRecordBase {
    readonly tenantId: string;
    readonly sourceTable: string;
    readonly targetTable: string;
    readonly direction: MigrationDirection;
    readonly sourceAccount?: string;
    readonly targetAccount?: string;
    /**
     * Items of recorded pages put to the target. A page written just before a crash, whose record was
     * not saved, is written again by the re-run and counted once; a failed verification re-copies all
     * and counts again.
     */
    readonly copied: number;
    /** Items of recorded pages deleted from the source (a page deleted just before a crash is not counted). */
    readonly deleted: number;
    /** ISO-8601 time of the last write of this record. */
    readonly updatedAt: string;
}

/** The copy is under way: every source item up to and including `lastCopiedSk` is in the target. */
export interface CopyingRecord extends MigrationRecordBase {
    readonly step: "copying";
    /** Absent before the first page is written (and after a failed verification, which re-copies all). */
    readonly lastCopiedSk?: string;
}

/** The target matched the source (`verified`); later steps keep that digest. */
export interface VerifiedRecord extends MigrationRecordBase {
    readonly step: Exclude<MigrationStep, "copying">;
    /** Count and checksum of the source partition that the target was verified against. */
    readonly verified: PartitionDigest;
}

/** What the progress store holds for one migration. */
export type MigrationRecord = CopyingRecord | VerifiedRecord;

/** Where the migration records its progress (the tenant stack's config, the registry, a file). */
export interface MigrationProgressStore {
    get(): Promise<MigrationRecord | undefined>;
    put(record: MigrationRecord): Promise<void>;
}

/** Progress events, one per step or page, for a CLI to print. */
export type MigrationEvent =
    | { readonly type: "resuming"; readonly step: MigrationStep }
    | { readonly type: "page-copied"; readonly page: number; readonly items: number; readonly copied: number }
    | { readonly type: "verifying" }
    | { readonly type: "verified"; readonly count: number; readonly checksum: string }
    | { readonly type: "switching" }
    | { readonly type: "switched" }
    | { readonly type: "cleaning" }
    | {
          readonly type: "page-deleted";
          readonly page: number;
          readonly items: number;
          readonly deleted: number;
      }
    | {
          readonly type: "done";
          readonly count: number;
          readonly checksum: string;
          readonly copied: number;
          readonly deleted: number;
      };

/** Everything the migration calls, injected. */
export interface MigrationDeps {
    /** Client of the source table (its account's credentials), and of the target table unless `targetClient` is given. */
    readonly client: DynamoDBClient;
    /**
     * Client of the target table, when it lives in another account (a silo tenant's, through the
     * tenant access role and the silo data role); the source is then read and cleaned with `client`.
     * @default client
     */
    readonly targetClient?: DynamoDBClient;
    readonly progress: MigrationProgressStore;
    /**
     * Points the tenant's registry entry at the target table. Called once the copy is verified, and
     * again if a run stopped before recording `switched`, so it must be idempotent. Resolving is the
     * confirmation that allows the source partition to be deleted.
     */
    readonly switchRegistry: () => Promise<void>;
    readonly onProgress?: (event: MigrationEvent) => void;
    /** @default setTimeout-based */
    readonly sleep?: (ms: number) => Promise<void>;
    /**
     * Items per Query page (DynamoDB also stops a page at 1 MB).
     * @default no limit: 1 MB pages
     */
    readonly pageSize?: number;
    /**
     * BatchWriteItem calls per batch of 25 before giving up on UnprocessedItems.
     * @default 8
     */
    readonly maxAttempts?: number;
    /**
     * Delay before the first retry of UnprocessedItems; doubles on each further retry.
     * @default 100
     */
    readonly baseDelayMs?: number;
    /** @default 5000 */
    readonly maxDelayMs?: number;
    /** @default () => new Date() */
    readonly now?: () => Date;
}

/** What a finished migration did. */
export interface MigrationResult {
    readonly tenantId: TenantId;
    readonly direction: MigrationDirection;
    readonly sourceTable: string;
    readonly targetTable: string;
    /** Items in the partition, and their checksum, as verified in source and target. */
    readonly count: number;
    readonly checksum: string;
    readonly copied: number;
    readonly deleted: number;
    /** The recorded step this run resumed from; absent for a fresh run. */
    readonly resumedFrom?: MigrationStep;
}
