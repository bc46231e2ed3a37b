/**
 * The `aws` resource provider double: answers the engine like pulumi-aws would where the engine
 * and our code can tell (autonames, ids and ARNs in AWS formats, `tagsAll`, replacements, the
 * invokes our programs make), and journals every operation.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { injectFault } from "./faults";
import { journalValue, record } from "./journal";
import { autonameFor, resourceKind } from "./resources";
import { settings } from "./settings";
import { materialize } from "./localServices";

type Inputs = Record<string, unknown>;

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The outputs key that remembers which properties were inputs (outputs also hold computed attributes). */
const INPUT_KEYS = "__inputKeys";

function typeOf(urn: string): string {
    return urn.split("::")[2]?.split("$").at(-1) ?? "";
}
function nameOf(urn: string): string {
    return urn.split("::")[3] ?? "";
}

function providerJournal() {
    const s = settings();
    return { account: s.account, region: s.region, defaultTags: s.defaultTags, assumeRoles: s.assumedRoles };
}

function stripInternal(values: Inputs): Inputs {
    return Object.fromEntries(Object.entries(values).filter(([k]) => k !== INPUT_KEYS));
}

/** State after a create or update: the checked inputs, the computed attributes, and `tagsAll`. */
function stateOf(type: string, inputs: Inputs, computed: Inputs): Inputs {
    const s = settings();
    const tags = (inputs.tags as Record<string, string> | undefined) ?? undefined;
    const tagsAll =
        "tags" in inputs || Object.keys(s.defaultTags).length > 0
            ? { ...s.defaultTags, ...(tags ?? {}) }
            : undefined;
    return {
        ...inputs,
        ...computed,
        ...(tagsAll === undefined || type.startsWith("aws:cognito/user:") ? {} : { tagsAll }),
        [INPUT_KEYS]: Object.keys(inputs),
    };
}

function equal(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

const invokes: Readonly<Record<string, (inputs: Inputs) => Inputs>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => {
        const s = settings();
        const role = s.assumedRoles.at(-1);
        const arn =
            role === undefined
                ? `arn:aws:iam::${s.account}:user/engine-test`
                : `arn:aws:sts::${s.account}:assumed-role/${role.split("/").at(-1) ?? "role"}/engine-test`;
        return { accountId: s.account, arn, userId: "AIDAENGINETEST000000", id: s.account };
    },
    "aws:index/getRegion:getRegion": () => {
        const { region } = settings();
        return {
            name: region,
            region,
            id: region,
            description: region,
            endpoint: `ec2.${region}.amazonaws.com`,
        };
    },
    // The route tables of the subnets a filter names (one per subnet, as awsx.ec2.Vpc creates them).
    "aws:ec2/getRouteTables:getRouteTables": (inputs) => {
        const filters = (inputs.filters as { name: string; values: string[] }[] | undefined) ?? [];
        const subnets = filters.find((f) => f.name === "association.subnet-id")?.values ?? [];
        const vpcId = typeof inputs.vpcId === "string" ? inputs.vpcId : "";
        return { id: vpcId, vpcId, ids: subnets.map((subnet) => subnet.replace(/^subnet-/, "rtb-")) };
    },
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
    }),
};

export function awsDouble(version: string): provider.Provider {
    return {
        version,

        async check(urn: pulumi.URN, olds: Inputs, news: Inputs) {
            const type = typeOf(urn);
            const kind = resourceKind(type);
            const inputs: Inputs = { ...news };
            const property = kind.autoname?.property;
            if (property !== undefined && inputs[property] === undefined) {
                const prefix =
                    type === "aws:s3/bucket:Bucket" ? (news.bucketPrefix as string | undefined) : undefined;
                inputs[property] = olds[property] ?? autonameFor(kind, nameOf(urn), prefix);
            }
            record({
                op: "check",
                urn,
                type,
                name: nameOf(urn),
                inputs: journalValue(news),
                provider: providerJournal(),
            });
            return { inputs };
        },

        async diff(id: pulumi.ID, urn: pulumi.URN, olds: Inputs, news: Inputs) {
            const type = typeOf(urn);
            const kind = resourceKind(type);
            const previous = Array.isArray(olds[INPUT_KEYS])
                ? (olds[INPUT_KEYS] as string[])
                : Object.keys(news);
            const keys = [...new Set([...previous, ...Object.keys(news)])];
            const changes = keys.filter((k) => news[k] === UNKNOWN || !equal(olds[k], news[k]));
            const replaces = changes.filter((k) => kind.replaceOn?.includes(k) === true);
            record({ op: "diff", urn, type, name: nameOf(urn), id, changes, replaces });
            return { changes: changes.length > 0, replaces };
        },

        async create(urn: pulumi.URN, inputs: Inputs) {
            const type = typeOf(urn);
            injectFault("create", urn);
            const s = settings();
            const { id, outputs } = resourceKind(type).created(inputs, s);
            const outs = stateOf(type, inputs, outputs);
            await materialize(type, outs);
            record({
                op: "create",
                urn,
                type,
                name: nameOf(urn),
                id,
                inputs: journalValue(inputs),
                provider: providerJournal(),
            });
            return { id, outs };
        },

        async read(id: pulumi.ID, urn: pulumi.URN, props: Inputs) {
            record({ op: "read", urn, type: typeOf(urn), name: nameOf(urn), id });
            return { id, props, inputs: stripInternal(props) };
        },

        async update(id: pulumi.ID, urn: pulumi.URN, olds: Inputs, news: Inputs) {
            const type = typeOf(urn);
            injectFault("update", urn);
            const computed = Object.fromEntries(
                Object.entries(olds).filter(
                    ([k]) => !(Array.isArray(olds[INPUT_KEYS]) && (olds[INPUT_KEYS] as string[]).includes(k)),
                ),
            );
            const outs = stateOf(type, news, stripInternal(computed));
            record({
                op: "update",
                urn,
                type,
                name: nameOf(urn),
                id,
                inputs: journalValue(news),
                provider: providerJournal(),
            });
            return { outs };
        },

        async delete(id: pulumi.ID, urn: pulumi.URN, props: Inputs) {
            record({
                op: "delete",
                urn,
                type: typeOf(urn),
                name: nameOf(urn),
                id,
                inputs: journalValue(stripInternal(props)),
            });
        },

        async invoke(token: string, inputs: Inputs) {
            const answer = invokes[token];
            if (answer === undefined) {
                throw new Error(
                    `aws provider double: invoke ${token} is not known; teach it in engine/awsDouble/provider.ts`,
                );
            }
            const outputs = answer(inputs);
            record({ op: "invoke", token, inputs: journalValue(inputs), provider: providerJournal() });
            return { outputs };
        },
    };
}
