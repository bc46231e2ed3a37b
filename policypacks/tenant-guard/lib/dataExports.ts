/**
 * Where tenant data leaves its store as a copy: S3 replication or the inventory (every object key,
 * so every tenant's prefix) of a tenant bucket, a Kinesis streaming destination or an S3 export
 * of a tenant table. Each names the destination and the
 * account it lives in, when the stack's inputs say so.
 */
import { accountOf, nameOf } from "./arn";
import { globMatches } from "./glob";
import { parseJsonInput, recordOf } from "./json";
import { objectInput, type StackAnalysis } from "./stackAnalysis";
import { ANY_STORE, type TenantStore } from "./storeReach";
import { type StackResource, str, T } from "./stackDocuments";

export interface DataExport {
    readonly resource: StackResource;
    readonly store: TenantStore;
    /** How a message names the copy: `replicates ... to`, `streams ... to`. */
    readonly verb: string;
    readonly destination: string;
    /** The destination's account: given, read from its ARN, or `undefined` when neither says. */
    readonly account: string | undefined;
    /** Whether the stack itself creates the destination (an own-account bucket). */
    readonly created: boolean;
}

/** The named tenant store of `kind` called `name` (never the "every store" one). */
export function namedStore(
    analysis: StackAnalysis,
    kind: TenantStore["kind"],
    name: string,
): TenantStore | undefined {
    return analysis.stores.find((s) => s.kind === kind && s.name !== ANY_STORE && globMatches(s.name, name));
}

/** Bucket names the stack creates (`bucket` input or output). */
function createdBuckets(analysis: StackAnalysis): string[] {
    return analysis.resources
        .filter((r) => r.type === T.bucket || r.type === T.bucketV2)
        .map((r) => str(r.props, "bucket"))
        .filter((b): b is string => b !== undefined);
}

/** The destinations of replication rules (`rules` of BucketReplicationConfig or a bucket's legacy block). */
function ruleDestinations(rules: unknown): { bucket: string; account: string | undefined }[] {
    const list = objectInputList(rules);
    return list.flatMap((rule) => {
        const destination = recordOf(rule.destination);
        const bucket = destination?.bucket;
        if (destination === undefined || typeof bucket !== "string" || bucket === "") return [];
        const account = [destination.account, destination.accountId].find(
            (v): v is string => typeof v === "string" && v !== "",
        );
        return [{ bucket, account }];
    });
}

function objectInputList(value: unknown): Record<string, unknown>[] {
    const parsed = parseJsonInput(value);
    return parsed.ok && Array.isArray(parsed.value)
        ? parsed.value.map(recordOf).filter((r): r is Record<string, unknown> => r !== undefined)
        : [];
}

export function dataExports(analysis: StackAnalysis): DataExport[] {
    const list: DataExport[] = [];
    const ownBuckets = createdBuckets(analysis);
    const toBucket = (
        resource: StackResource,
        store: TenantStore,
        verb: string,
        bucketArnOrName: string,
        account: string | undefined,
    ) => {
        const bucket = bucketArnOrName.replace(/^arn:aws[a-z-]*:s3:::/, "");
        list.push({
            resource,
            store,
            verb,
            destination: bucketArnOrName,
            account,
            created: ownBuckets.includes(bucket),
        });
    };
    for (const r of analysis.resources) {
        switch (r.type) {
            case T.bucketReplication: {
                const store = namedStore(analysis, "bucket", str(r.props, "bucket") ?? "");
                if (store === undefined) break;
                for (const d of ruleDestinations(r.props.rules))
                    toBucket(r, store, `replicates tenant bucket "${store.name}" to`, d.bucket, d.account);
                break;
            }
            case T.bucket:
            case T.bucketV2: {
                const store = namedStore(analysis, "bucket", str(r.props, "bucket") ?? r.name);
                if (store === undefined) break;
                const blocks = [
                    objectInput(r.props.replicationConfiguration),
                    ...objectInputList(r.props.replicationConfigurations),
                ];
                for (const block of blocks) {
                    for (const d of ruleDestinations(block?.rules))
                        toBucket(
                            r,
                            store,
                            `replicates tenant bucket "${store.name}" to`,
                            d.bucket,
                            d.account,
                        );
                }
                break;
            }
            case T.bucketInventory: {
                const store = namedStore(analysis, "bucket", str(r.props, "bucket") ?? "");
                const target = recordOf(objectInput(r.props.destination)?.bucket) ?? {};
                if (store === undefined || typeof target.bucketArn !== "string") break;
                toBucket(
                    r,
                    store,
                    `lists tenant bucket "${store.name}" into`,
                    target.bucketArn,
                    typeof target.accountId === "string" && target.accountId !== ""
                        ? target.accountId
                        : undefined,
                );
                break;
            }
            case T.kinesisDestination: {
                const store = namedStore(analysis, "table", nameOf(str(r.props, "tableName") ?? ""));
                const stream = str(r.props, "streamArn") ?? "";
                if (store === undefined) break;
                list.push({
                    resource: r,
                    store,
                    verb: `streams tenant table "${store.name}" to`,
                    destination: stream,
                    account: accountOf(stream),
                    created: false,
                });
                break;
            }
            case T.tableExport: {
                const store = namedStore(analysis, "table", nameOf(str(r.props, "tableArn") ?? ""));
                if (store === undefined) break;
                toBucket(
                    r,
                    store,
                    `exports tenant table "${store.name}" to`,
                    str(r.props, "s3Bucket") ?? "",
                    str(r.props, "s3BucketOwner"),
                );
                break;
            }
            default:
        }
    }
    return list;
}
