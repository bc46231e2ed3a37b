/** Tenant stores and whether an ARN pattern reaches them. */
import { patternReaches } from "./arn";
import type { Statement } from "./policyDocument";
import type { StackResource } from "./stackDocuments";

/** A tenant table, bucket or key: a resource of the stack, or a name the stack refers to. */
export interface TenantStore {
    readonly kind: "table" | "bucket" | "key";
    /** Table name, bucket name (or `<prefix>*` while only the prefix is known), key id. */
    readonly name: string;
    readonly resource: StackResource | undefined;
    /** Why it is tenant data, for messages and tests. */
    readonly reason: string;
}

/** The name of the store that stands for every table, bucket or key of the account. */
export const ANY_STORE = "*";

/** The stores of `kind` a statement's resource patterns reach. */
export function storesReached(statement: Statement, stores: readonly TenantStore[]): TenantStore[] {
    const reached = stores.filter((store) => statement.resources.some((p) => reachesStore(p, store)));
    // A named store says more than "every table": report the "*" store only when no named one is reached.
    return reached.filter(
        (s) => s.name !== ANY_STORE || !reached.some((o) => o.kind === s.kind && o.name !== ANY_STORE),
    );
}

export function reachesStore(pattern: string, store: TenantStore): boolean {
    // Only a wildcard reaches a name no one chose.
    const name = store.name === ANY_STORE ? `zz-any-${store.kind}-0` : store.name;
    switch (store.kind) {
        case "table":
            return patternReaches(pattern, "dynamodb", [
                `table/${name}`,
                `table/${name}/index/x`,
                `table/${name}/stream/x`,
            ]);
        case "bucket": {
            const bucket = name.replace(/\*$/, "zz");
            return patternReaches(pattern, "s3", [bucket, `${bucket}/x`]);
        }
        case "key":
            return patternReaches(pattern, "kms", [`key/${name}`]);
    }
}
