/**
 * Where a tier change's data comes from and goes to: the platform account (the pooled stores, or a
 * premium tenant's own stores there) or the tenant's silo account. Pure functions of the stored spec,
 * the request and the stacks' outputs; `changeTier.ts` records what they return before it acts.
 */
import { premiumTableName } from "../../components/shared/tenantNaming";
import type { SiloData } from "../../tiers/registry";
import type { TenantId } from "../../tiers/tenantId";
import type { SiloSpec, TenantSpec } from "../../tiers/tenantSpec";
import type { TierName } from "../../tiers/tier";
import type { MigrationDirection } from "../migration/migrate";
import { LifecycleStateError } from "./errors";
import type { SiloRequest } from "./silo";

type Outputs = Readonly<Record<string, unknown>>;

/** A silo account side of a move: the account, and the data role the chain ends in. */
export type SiloSide = SiloData;

/** Where the tenant's premium data should be after the change. */
export type TargetPlacement =
    | { readonly kind: "platform" }
    | { readonly kind: "unchanged" }
    | { readonly kind: "silo"; readonly request: SiloRequest };

/**
 * The placement a change asks for. `--platform-account` and `--silo`/`--silo-account` are premium
 * options; without them a premium tenant keeps its account (so the same tier is a no-op), and a
 * move between two silo accounts is refused: it goes through the platform account.
 */
export function targetPlacement(
    stored: TenantSpec,
    to: TierName,
    request: { readonly silo?: SiloRequest; readonly platformAccount?: boolean },
): TargetPlacement {
    if (to === "pooled") return stored.tier === "pooled" ? { kind: "unchanged" } : { kind: "platform" };
    if (request.platformAccount === true)
        return stored.tier === "premium" && stored.silo === undefined
            ? { kind: "unchanged" }
            : { kind: "platform" };
    if (request.silo === undefined)
        return stored.tier === "premium" ? { kind: "unchanged" } : { kind: "platform" };
    const current = stored.silo?.accountId;
    if (current !== undefined) {
        if ("accountId" in request.silo && request.silo.accountId === current) return { kind: "unchanged" };
        throw new LifecycleStateError(
            `tenant "${stored.tenantId}" already has silo account ${current}: a move to another silo account goes ` +
                `through the platform account (change-tier --tier premium --platform-account, then --silo-account <id>)`,
        );
    }
    return { kind: "silo", request: request.silo };
}

export function directionOf(from: TierName, to: TierName): MigrationDirection {
    if (from === "pooled") return "pooled-to-premium";
    return to === "pooled" ? "premium-to-pooled" : "premium-to-premium";
}

export function outputNamed(outputs: Outputs, name: string, stack: string, environment: string): string {
    const value = outputs[name];
    if (typeof value !== "string" || value === "") {
        throw new LifecycleStateError(
            `the ${stack} stack of ${environment} has no output "${name}": update it (pulumi up) first`,
        );
    }
    return value;
}

/** The source's table, bucket and (silo) account, read before the first `up` changes the stack. */
export function sourceSide(
    stored: TenantSpec,
    from: TierName,
    platform: Outputs,
    tenant: Outputs,
    environment: string,
    tenantId: TenantId,
) {
    if (from === "pooled") {
        return {
            table: outputNamed(platform, "dataTableName", "platform", environment),
            bucket: outputNamed(platform, "bucketName", "platform", environment),
        };
    }
    return {
        table: premiumTableName(environment, tenantId),
        bucket: outputNamed(tenant, "bucketName", "tenant", environment),
        ...(stored.silo === undefined
            ? {}
            : {
                  silo: {
                      accountId: stored.silo.accountId,
                      dataRoleArn: outputNamed(tenant, "siloDataRoleArn", "tenant", environment),
                  },
              }),
    };
}

/** The target's table name (known before the staging `up`: premium tables are named after the tenant). */
export function targetTable(
    to: TierName,
    platform: Outputs,
    environment: string,
    tenantId: TenantId,
): string {
    return to === "pooled"
        ? outputNamed(platform, "dataTableName", "platform", environment)
        : premiumTableName(environment, tenantId);
}

/** The target's table, bucket, key and (silo) account, from the outputs of the staging `up`. */
export function targetSide(
    to: TierName,
    platform: Outputs,
    staged: Outputs,
    environment: string,
    tenantId: TenantId,
    silo: Pick<SiloSpec, "accountId"> | undefined,
) {
    if (to === "pooled") {
        return {
            table: outputNamed(platform, "dataTableName", "platform", environment),
            bucket: outputNamed(platform, "bucketName", "platform", environment),
            kmsKeyId: outputNamed(platform, "platformKeyArn", "platform", environment),
        };
    }
    return {
        table: premiumTableName(environment, tenantId),
        bucket: outputNamed(staged, "bucketName", "tenant", environment),
        kmsKeyId: outputNamed(staged, "kmsKeyArn", "tenant", environment),
        ...(silo === undefined
            ? {}
            : {
                  silo: {
                      accountId: silo.accountId,
                      dataRoleArn: outputNamed(staged, "siloDataRoleArn", "tenant", environment),
                  },
              }),
    };
}
