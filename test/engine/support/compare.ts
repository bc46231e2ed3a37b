/**
 * Comparing what the engine deployed with what the offline plan shows. The plan runs under mocks,
 * whose made-up attributes (ids `<name>-id`, physical names without autoname suffixes) flow into
 * other resources' inputs; the engine's double makes up AWS-shaped ones. A value is compared where
 * both sides know it: the engine's autoname suffixes and ids are mapped back to the mock's
 * conventions, and plan values built from a mock-only attribute are left out.
 */
import type { PlannedResource } from "../../../plan/mockRuntime";
import type { StateResource } from "../../../engine/sandbox";
import { urnName } from "../../../engine/sandbox";

/** `type name parent` of a planned resource (parent `-` for children of the stack). */
export function plannedKey(resource: PlannedResource): string {
    return `${resource.type} ${resource.name} ${resource.parent ?? "-"}`;
}

/** The same key for a resource of the engine's state. */
export function stateKey(resource: StateResource, state: readonly StateResource[]): string {
    const parent = state.find((r) => r.urn === resource.parent);
    const parentName =
        parent === undefined || parent.type === "pulumi:pulumi:Stack" ? "-" : urnName(parent.urn);
    return `${resource.type} ${urnName(resource.urn)} ${parentName}`;
}

/** Plan values that contain an attribute only the mocks make up. */
const MOCK_ONLY =
    /-id\b|-key-id\b|-root\b|\[secret\]|\[archive\]|userpool\/eu-west-1_|execute-api\.eu-west-1\.amazonaws\.com/;
/** The double's autoname suffix: `-<7 hex>`. */
const AUTONAME_SUFFIX = /-[0-9a-f]{7}(?=$|["/:,\]}*\\])/g;

/**
 * Physical names the real provider makes up at random where the mock derives them: buckets
 * (`bucketPrefix` + a generated suffix, against the mock's `bucketPrefix` + logical name).
 */
export function mockNames(state: readonly StateResource[]): Map<string, string> {
    return new Map(
        state
            .filter((r) => r.type === "aws:s3/bucket:Bucket" && typeof r.outputs?.bucket === "string")
            .map((r) => {
                const prefix = typeof r.inputs?.bucketPrefix === "string" ? r.inputs.bucketPrefix : "";
                return [r.outputs?.bucket as string, `${prefix}${urnName(r.urn)}`.slice(0, 63)];
            }),
    );
}

function normalize(value: unknown, names: ReadonlyMap<string, string>): unknown {
    let text = JSON.stringify(value ?? null);
    for (const [engine, mock] of names) text = text.replaceAll(engine, mock);
    return JSON.parse(text.replace(AUTONAME_SUFFIX, "")) as unknown;
}

/**
 * `[key, plan value, engine value]` of every input both sides know. Inputs the double adds in
 * Check (autonames) are not in the plan, so they are not compared.
 */
export function comparableInputs(
    plan: Readonly<Record<string, unknown>>,
    engine: Readonly<Record<string, unknown>>,
    names: ReadonlyMap<string, string>,
): [string, unknown, unknown][] {
    return Object.keys(plan)
        .filter((key) => key in engine && !MOCK_ONLY.test(JSON.stringify(plan[key])))
        .map((key) => [key, plan[key], normalize(engine[key], names)]);
}
