/**
 * A fake Pulumi CLI for the Automation API: a `PulumiCommand` whose `run` records the exact
 * arguments `LocalWorkspace` and `Stack` pass and answers from an in-memory backend (stacks, their
 * config, outputs and history). `up`, `preview` and `destroy` stream engine events to the
 * Automation API's event server over gRPC, as the real CLI (>= 3.206) does, so `onEvent` sees one
 * event per resource step. The program itself never runs: tests decide the outputs.
 *
 * `PulumiCommand`'s constructor is private; the fake is an object with its prototype and its own
 * `command`, `version` and `run`.
 */
import * as grpc from "@grpc/grpc-js";
import {
    CommandError,
    ConcurrentUpdateError,
    PulumiCommand,
    StackAlreadyExistsError,
    StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { EventsClient } from "@pulumi/pulumi/proto/events_grpc_pb";
import { EventRequest } from "@pulumi/pulumi/proto/events_pb";
import { SemVer } from "semver";

export interface RecordedCall {
    readonly args: readonly string[];
    readonly cwd: string;
}

export interface FakeResource {
    readonly type: string;
    readonly name: string;
}

export interface FakeStack {
    config: Record<string, string>;
    outputs: Record<string, unknown>;
    /** Config of the last successful `up`, restored by `config refresh`. */
    deployedConfig: Record<string, string> | undefined;
    /** Resources in the stack's state. */
    resources: FakeResource[];
    updates: number;
    /** Resource changes of the last update, as `stack history` reports them. */
    lastChanges: Record<string, number>;
}

interface Fault {
    readonly match: (args: readonly string[]) => boolean;
    readonly error: () => Error;
    remaining: number;
}

/** What an `up` deploys: the resources and outputs of the stack, decided by the test. */
export type UpHandler = (stackName: string, stack: FakeStack) => void | Promise<void>;

const PROJECT = "tenant-tiers-tenants";

/** The error the real CLI's stderr turns into when another update holds the stack. */
export const concurrentUpdate = () =>
    new ConcurrentUpdateError(
        "code: 255\n stdout: \n stderr: error: [409] Conflict: Another update is currently in progress.\n",
    );

/** A failure of the engine (a provider error, a policy violation). */
export const engineFailure = (message: string) =>
    new CommandError(`code: 255\n stdout: \n stderr: error: ${message}\n`);

function valueAfter(args: readonly string[], flag: string): string | undefined {
    const index = args.indexOf(flag);
    return index < 0 ? undefined : args[index + 1];
}

export class FakePulumi {
    readonly calls: RecordedCall[] = [];
    readonly stacks = new Map<string, FakeStack>();
    /** Outputs of platform stacks, by fully qualified name (`org/tenant-tiers/dev`). */
    readonly platformOutputs = new Map<string, Record<string, unknown>>();
    readonly command: PulumiCommand;
    private readonly faults: Fault[] = [];

    /** Runs when a stack is destroyed (not previewed), before its resources go. */
    onDestroy: (name: string, stack: FakeStack) => void | Promise<void> = () => undefined;

    constructor(private readonly onUp: UpHandler = () => undefined) {
        this.command = Object.assign(Object.create(PulumiCommand.prototype) as PulumiCommand, {
            command: "pulumi",
            version: new SemVer("3.248.0"),
            run: (args: string[], cwd: string) => this.run(args, cwd),
        });
    }

    /** The next `times` calls whose arguments match fail with `error()` (nothing else happens). */
    failWhen(match: (args: readonly string[]) => boolean, error: () => Error, times = 1): void {
        this.faults.push({ match, error, remaining: times });
    }

    /** The recorded calls' arguments, with the random gRPC ports replaced by `PORT`. */
    commands(): string[][] {
        return this.calls.map((call) =>
            call.args.map((arg) => arg.replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT")),
        );
    }

    private stack(name: string | undefined): FakeStack {
        const stack = name === undefined ? undefined : this.stacks.get(name);
        if (stack === undefined || name === undefined) {
            throw new StackNotFoundError(
                `code: 255\n stderr: error: no stack named '${String(name)}' found\n`,
            );
        }
        return stack;
    }

    private async run(args: string[], cwd: string) {
        this.calls.push({ args: [...args], cwd });
        const fault = this.faults.find((f) => f.remaining > 0 && f.match(args));
        if (fault !== undefined) {
            fault.remaining--;
            throw fault.error();
        }
        const stdout = await this.answer(args);
        return { stdout, stderr: "", code: 0 };
    }

    private async answer(args: string[]): Promise<string> {
        const name = valueAfter(args, "--stack");
        const [verb, sub] = args;
        if (verb === "stack" && sub === "select") return (this.stack(name), "");
        if (verb === "stack" && sub === "init") {
            const created = args[2] as string;
            if (this.stacks.has(created)) {
                throw new StackAlreadyExistsError(
                    `code: 255\n stderr: error: stack '${created}' already exists\n`,
                );
            }
            this.stacks.set(created, {
                config: {},
                outputs: {},
                deployedConfig: undefined,
                resources: [],
                updates: 0,
                lastChanges: {},
            });
            return "";
        }
        if (verb === "stack" && sub === "rm") {
            const removed = args[args.length - 1] as string;
            this.stack(removed);
            this.stacks.delete(removed);
            return "";
        }
        if (verb === "stack" && sub === "ls") {
            return JSON.stringify(
                [...this.stacks.entries()].map(([stackName, s]) => ({
                    name: stackName,
                    current: false,
                    updateInProgress: false,
                    resourceCount: s.resources.length,
                    ...(s.updates > 0 ? { lastUpdate: "2026-03-01T09:30:00.000Z" } : {}),
                })),
            );
        }
        if (verb === "stack" && sub === "output") {
            const platform = name === undefined ? undefined : this.platformOutputs.get(name);
            return JSON.stringify(platform ?? this.stack(name).outputs);
        }
        if (verb === "stack" && sub === "history") {
            const s = this.stack(name);
            return JSON.stringify(
                s.updates === 0
                    ? []
                    : [
                          {
                              version: s.updates,
                              kind: "update",
                              startTime: "2026-03-01T09:30:00.000Z",
                              endTime: "2026-03-01T09:30:05.000Z",
                              message: "",
                              environment: {},
                              config: {},
                              result: "succeeded",
                              resourceChanges: s.lastChanges,
                          },
                      ],
            );
        }
        if (verb === "config" && sub === "set-all") {
            const s = this.stack(name);
            for (let i = 0; i < args.length; i++) {
                if (args[i] !== "--plaintext") continue;
                const pair = args[i + 1] as string;
                const at = pair.indexOf("=");
                s.config[pair.slice(0, at)] = pair.slice(at + 1);
            }
            return "";
        }
        if (verb === "config" && sub === "refresh") {
            const s = this.stack(name);
            if (s.deployedConfig === undefined)
                throw new CommandError("code: 255\n stderr: error: no previous deployment\n");
            s.config = { ...s.deployedConfig };
            return "";
        }
        if (verb === "config" && args.includes("--json")) {
            const s = this.stack(name);
            return JSON.stringify(
                Object.fromEntries(
                    Object.entries(s.config).map(([k, value]) => [k, { value, secret: false }]),
                ),
            );
        }
        if (verb === "up" || verb === "preview" || verb === "destroy") return this.engine(verb, args, name);
        throw new CommandError(
            `code: 255\n stderr: the fake Pulumi CLI does not know "pulumi ${args.join(" ")}"\n`,
        );
    }

    private async engine(
        verb: "up" | "preview" | "destroy",
        args: string[],
        name: string | undefined,
    ): Promise<string> {
        const s = this.stack(name);
        const before = s.resources.map((r) => r.name);
        const previewOnly = verb === "preview" || args.includes("--preview-only");
        if (verb === "up") {
            await this.onUp(name as string, s);
            s.deployedConfig = { ...s.config };
            s.updates++;
        } else if (verb === "destroy" && !previewOnly) {
            await this.onDestroy(name as string, s);
            s.outputs = {};
            s.updates++;
        }
        const steps =
            verb === "destroy"
                ? before.map((n) => ({
                      r: s.resources.find((x) => x.name === n) as FakeResource,
                      op: "delete",
                  }))
                : s.resources.map((r) => ({ r, op: before.includes(r.name) ? "same" : "create" }));
        if (verb === "destroy" && !previewOnly) s.resources = [];
        const changes: Record<string, number> = {};
        for (const { op } of steps) changes[op] = (changes[op] ?? 0) + 1;
        if (!previewOnly) s.lastChanges = changes;
        const log = valueAfter(args, "--event-log");
        if (log !== undefined) await streamEvents(log, name as string, steps, previewOnly);
        return "";
    }
}

/** Sends one pre and one outputs event per step, then the summary, like the engine's event stream. */
async function streamEvents(
    log: string,
    stackName: string,
    steps: { r: FakeResource; op: string }[],
    preview: boolean,
): Promise<void> {
    const client = new EventsClient(log.replace("tcp://", ""), grpc.credentials.createInsecure());
    let sequence = 0;
    await new Promise<void>((resolve, reject) => {
        const call = client.streamEvents((error) => (error ? reject(error) : resolve()));
        const send = (event: Record<string, unknown>) =>
            call.write(
                new EventRequest().setEvent(
                    JSON.stringify({ sequence: sequence++, timestamp: 1_772_357_400, ...event }),
                ),
            );
        const changes: Record<string, number> = {};
        for (const { r, op } of steps) {
            const metadata = {
                op,
                urn: `urn:pulumi:${stackName}::${PROJECT}::${r.type}::${r.name}`,
                type: r.type,
                provider: "",
            };
            send({ resourcePreEvent: { metadata, planning: preview } });
            send({ resOutputsEvent: { metadata, planning: preview } });
            changes[op] = (changes[op] ?? 0) + 1;
        }
        send({
            summaryEvent: {
                maybeCorrupt: false,
                durationSeconds: 5,
                resourceChanges: changes,
                policyPacks: {},
            },
        });
        call.end();
    });
    client.close();
}
