/**
 * A small time-bounded cache for lookups shared by many invocations of one execution environment
 * (registry entries, API key values). Absent results are cached too, so a flood of requests for an
 * unknown tenant costs one read per period; concurrent misses for one key share a single load.
 */
export class TtlCache<V> {
    readonly #entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();
    readonly #loading = new Map<string, Promise<V>>();

    /**
     * @param ttlMs How long a loaded value is served before it is loaded again.
     * @param maxEntries Beyond this, expired entries are dropped, then everything if still too many.
     */
    constructor(
        readonly ttlMs: number,
        readonly maxEntries = 10_000,
    ) {
        if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
            throw new Error(
                `cache lifetime of ${ttlMs} ms is invalid: use a positive number of milliseconds`,
            );
        }
    }

    /** The cached value of `key`, or the result of `load` (cached for `ttlMs`). Errors are not cached. */
    async get(key: string, load: () => Promise<V>): Promise<V> {
        const now = Date.now();
        const hit = this.#entries.get(key);
        if (hit !== undefined && hit.expiresAt > now) return hit.value;
        const pending = this.#loading.get(key);
        if (pending !== undefined) return pending;
        const loading = load()
            .then((value) => {
                this.#store(key, value);
                return value;
            })
            .finally(() => this.#loading.delete(key));
        this.#loading.set(key, loading);
        return loading;
    }

    /** Number of entries held, expired or not. */
    get size(): number {
        return this.#entries.size;
    }

    #store(key: string, value: V): void {
        const now = Date.now();
        if (this.#entries.size >= this.maxEntries) {
            for (const [k, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(k);
            if (this.#entries.size >= this.maxEntries) this.#entries.clear();
        }
        this.#entries.set(key, { value, expiresAt: now + this.ttlMs });
    }
}
