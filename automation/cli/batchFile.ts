/**
 * The file of `signup-batch`: a JSON or YAML list of tenants (or `{ tenants: [...] }`), each
 * `{ tenantId, tier, adminEmail, silo? }` with `silo` either `{ accountId, bootstrap? }` or
 * `{ create: { email, ou? } }`. The whole file is validated before the first signup starts; every
 * problem names the entry, its tenant id and the field.
 */
import * as fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { InvalidTenantSpecError, parseTenantSpec, type TenantSpec } from "../../tiers/tenantSpec";
import type { SiloRequest } from "../lifecycle/silo";
import { emailProblem, parseAccountId, parseOrganizationalUnitId } from "../vending/vend";
import { CliInputError, Problems } from "./problems";

/** One signup of the batch, validated. */
export interface BatchJob {
    /** 1-based position in the file. */
    readonly index: number;
    readonly spec: TenantSpec;
    readonly silo?: SiloRequest;
}

const ENTRY_FIELDS = ["tenantId", "tier", "adminEmail", "silo"];

const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

function parseDocument(file: string, text: string): unknown {
    try {
        return file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
        throw new CliInputError([
            {
                field: "<file>",
                value: file,
                rule: `is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0] ?? ""}`,
            },
        ]);
    }
}

function siloOf(problems: Problems, where: string, value: unknown, tier: unknown): SiloRequest | undefined {
    const rule = 'expected { accountId: "<12 digits>" } or { create: { email: "...", ou: "ou-..." } }';
    if (tier !== "premium")
        problems.add(`${where}.silo`, value, "a silo account is a premium option: set tier to premium");
    if (!isRecord(value)) return (problems.add(`${where}.silo`, value, rule), undefined);
    if (typeof value.accountId === "string" && value.create === undefined) {
        const accountId = value.accountId;
        problems.check(`${where}.silo.accountId`, () => parseAccountId(accountId));
        const { bootstrap } = value;
        if (bootstrap !== undefined && typeof bootstrap !== "boolean") {
            problems.add(`${where}.silo.bootstrap`, bootstrap, "expected true or false");
        }
        return { accountId, ...(bootstrap === true ? { bootstrap: true } : {}) };
    }
    const create = value.create;
    if (!isRecord(create) || value.accountId !== undefined)
        return (problems.add(`${where}.silo`, value, rule), undefined);
    const { email, ou } = create;
    const emailRule =
        typeof email === "string" ? emailProblem(email) : "required: the root email of the new account";
    if (emailRule !== undefined) problems.add(`${where}.silo.create.email`, email, emailRule);
    if (ou !== undefined) problems.check(`${where}.silo.create.ou`, () => parseOrganizationalUnitId(ou));
    return {
        create: { email: String(email), ...(typeof ou === "string" ? { organizationalUnitId: ou } : {}) },
    };
}

/** Reads and validates a batch file; throws `CliInputError` listing every problem. */
export function readBatchFile(file: string, environment: string, now: Date): BatchJob[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new CliInputError([
            {
                field: "<file>",
                value: file,
                rule: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): give an existing JSON or YAML file`,
            },
        ]);
    }
    const document = parseDocument(file, text);
    const entries = Array.isArray(document) ? document : isRecord(document) ? document.tenants : undefined;
    if (!Array.isArray(entries) || entries.length === 0) {
        throw new CliInputError([
            {
                field: "<file>",
                value: file,
                rule: "expected a non-empty list of tenants (or { tenants: [...] }), each { tenantId, tier, adminEmail, silo? }",
            },
        ]);
    }
    const problems = new Problems();
    const jobs: BatchJob[] = [];
    const seen = new Map<string, number>();
    const createdAt = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    entries.forEach((entry: unknown, i) => {
        const index = i + 1;
        if (!isRecord(entry))
            return problems.add(
                `entry ${index}`,
                entry,
                "expected an object { tenantId, tier, adminEmail, silo? }",
            );
        const where = `entry ${index} (tenantId ${JSON.stringify(entry.tenantId)})`;
        for (const key of Object.keys(entry).filter((k) => !ENTRY_FIELDS.includes(k))) {
            problems.add(
                `${where}.${key}`,
                entry[key],
                `unknown field; known fields: ${ENTRY_FIELDS.join(", ")}`,
            );
        }
        let spec: TenantSpec | undefined;
        try {
            spec = parseTenantSpec({
                tenantId: entry.tenantId,
                tier: entry.tier,
                environment,
                adminEmail: entry.adminEmail,
                createdAt,
            });
        } catch (error) {
            if (!(error instanceof InvalidTenantSpecError)) throw error;
            for (const p of error.problems) problems.add(`${where}.${p.field}`, p.value, p.message);
        }
        const silo = entry.silo === undefined ? undefined : siloOf(problems, where, entry.silo, entry.tier);
        const first = typeof entry.tenantId === "string" ? seen.get(entry.tenantId) : undefined;
        if (first !== undefined)
            problems.add(
                `${where}.tenantId`,
                entry.tenantId,
                `already in entry ${first}: give each tenant once`,
            );
        else if (typeof entry.tenantId === "string") seen.set(entry.tenantId, index);
        if (spec !== undefined) jobs.push({ index, spec, ...(silo === undefined ? {} : { silo }) });
    });
    problems.throwIfAny();
    return jobs;
}
