/** Lookups over a stack recorded by the mock planner, failing loudly when a resource is missing. */
import type { PlannedResource, PlannedStack } from "../../plan/mockRuntime";

export class PlannedResources {
    constructor(readonly stack: PlannedStack) {}

    /** Custom (provider) resources only. */
    get custom(): PlannedResource[] {
        return this.stack.resources.filter((r) => r.custom);
    }

    ofType(type: string): PlannedResource[] {
        return this.stack.resources.filter((r) => r.type === type);
    }

    named(name: string): PlannedResource {
        const found = this.stack.resources.filter((r) => r.name === name);
        if (found.length !== 1) {
            throw new Error(`expected one resource named "${name}", found ${found.length}`);
        }
        return found[0] as PlannedResource;
    }

    /** A JSON-string input (policy documents) parsed. */
    json(name: string, input: string): unknown {
        const value = this.named(name).inputs[input];
        if (typeof value !== "string") {
            throw new Error(`input "${input}" of "${name}" is not a JSON string`);
        }
        return JSON.parse(value);
    }

    /** Number of resources per type, for exact-count assertions. */
    countByType(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.stack.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
        return counts;
    }
}
