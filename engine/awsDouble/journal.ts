/**
 * The double's journal: one JSON line per operation (operation, URN, type, inputs, provider
 * configuration), appended to the file TENANT_TIERS_AWS_DOUBLE_JOURNAL names. Engine tests read it
 * to see what the engine asked the cloud to do.
 */
import fs from "node:fs";

export type Operation =
    "check" | "diff" | "create" | "read" | "update" | "delete" | "invoke" | "fault" | "construct";

export interface JournalEntry {
    readonly op: Operation;
    readonly urn?: string;
    readonly type?: string;
    readonly name?: string;
    readonly id?: string;
    readonly inputs?: unknown;
    readonly outputs?: unknown;
    readonly replaces?: readonly string[];
    readonly changes?: readonly string[];
    readonly provider?: unknown;
    readonly token?: string;
    readonly rule?: number;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const ASSET_SIGS = new Set(["c44067f5952c0a294b673a41bacd8c17", "0def7320c3a5731c473e5ecbe6d01bc7"]);

/** Values as the journal keeps them: secrets as `"[secret]"`, assets and archives as `"[archive]"`. */
export function journalValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(journalValue);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    const sig = record[SECRET_SIG];
    if (typeof sig === "string" && ASSET_SIGS.has(sig)) return "[archive]";
    if (sig !== undefined) return "[secret]";
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, journalValue(v)]));
}

/** Appends an entry (a no-op when no journal is configured). */
export function record(entry: JournalEntry): void {
    const file = process.env.TENANT_TIERS_AWS_DOUBLE_JOURNAL;
    if (file === undefined || file === "") return;
    fs.appendFileSync(file, `${JSON.stringify({ ...entry, pid: process.pid })}\n`);
}

/** Every entry of a journal file, in order. */
export function readJournal(file: string): (JournalEntry & { pid: number })[] {
    if (!fs.existsSync(file)) return [];
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as JournalEntry & { pid: number });
}
