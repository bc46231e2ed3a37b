/**
 * In-memory tombstones and users for lifecycle tests that are not about them (the registry and
 * Cognito versions are tested on dynalite and moto in test/automation/lifecycle/idReuse.test.ts).
 */
import type { TenantUser, TenantUserDirectory } from "../../automation/lifecycle/tenantUsers";
import type { TombstoneStore } from "../../automation/lifecycle/tombstones";
import type { PurgeRecord, TenantTombstone } from "../../tiers/registry";

export class MemoryTombstones implements TombstoneStore {
    readonly items = new Map<string, TenantTombstone>();
    async read(tenantId: string) {
        return this.items.get(tenantId);
    }
    async write(tombstone: TenantTombstone) {
        this.items.set(tombstone.tenantId, tombstone);
    }
    async recordPurge(tenantId: string, purge: PurgeRecord) {
        const tombstone = this.items.get(tenantId);
        if (tombstone === undefined) throw new Error(`no tombstone of ${tenantId}`);
        this.items.set(tenantId, { ...tombstone, purge });
    }
    async release(tenantId: string) {
        if (this.items.get(tenantId)?.purge === undefined)
            throw new Error(`tombstone of ${tenantId} is not purged`);
        this.items.delete(tenantId);
    }
}

export class MemoryUsers implements TenantUserDirectory {
    /** username → tenant id and whether enabled. */
    readonly users = new Map<string, { tenantId: string; enabled: boolean }>();
    async list(tenantId: string): Promise<TenantUser[]> {
        return [...this.users]
            .filter(([, u]) => u.tenantId === tenantId)
            .map(([username, u]) => ({ username, enabled: u.enabled }));
    }
    async disable(tenantId: string) {
        const enabled = (await this.list(tenantId)).filter((u) => u.enabled);
        for (const u of enabled) this.users.set(u.username, { tenantId, enabled: false });
        return enabled.length;
    }
    async remove(tenantId: string) {
        const all = await this.list(tenantId);
        for (const u of all) this.users.delete(u.username);
        return all.length;
    }
}
