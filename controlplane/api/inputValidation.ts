/**
 * The API's input rules are the CLI's: each request is turned into the CLI's options and checked
 * by the CLI's validators, so `400` lists exactly what `npm run tenant -- ...` would print, with
 * the CLI's field names (`<tenant-id>`, `--tier`, `--admin-email`).
 */
import { placementProblems, settleProblems, tierProblems } from "../../automation/cli/changeTier";
import { CliInputError, Problems } from "../../automation/cli/problems";
import { offboardProblems } from "../../automation/cli/offboard";
import type { CliDeps } from "../../automation/cli/settings";
import { validateSignup } from "../../automation/cli/signup";
import { validateTenantCommand } from "../../automation/cli/tenantCommand";
import { parseWaves } from "../../automation/rollout/waves";
import type { OperationRequest } from "../operations/request";

/** What the API knows of its environment, as the CLI would be given it. */
export interface ValidationContext {
    readonly environment: string;
    readonly region: string;
    /** The CLI's dependencies; validation reads only `env` and `now`. */
    readonly cli: CliDeps;
}

const common = (context: ValidationContext) => ({
    environment: context.environment,
    region: context.region,
});

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The signup request of a `POST /tenants` body; throws `CliInputError`. */
export function signupRequest(body: Record<string, unknown>, context: ValidationContext): OperationRequest {
    const tenantId = text(body.tenantId) ?? "";
    const options = {
        tier: text(body.tier),
        adminEmail: text(body.adminEmail),
        silo: text(body.silo),
        email: text(body.email),
        ou: text(body.ou),
        siloAccount: text(body.siloAccount),
    };
    validateSignup(tenantId, { ...options, ...common(context) }, context.cli);
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    return { kind: "signup", tenantId, options: given };
}

/** The change-tier request of a `POST /tenants/{id}/tier` body, placement options included; throws `CliInputError`. */
export function changeTierRequest(
    tenantId: string,
    body: Record<string, unknown>,
    context: ValidationContext,
): OperationRequest {
    const options = {
        silo: text(body.silo),
        email: text(body.email),
        ou: text(body.ou),
        siloAccount: text(body.siloAccount),
        ...(body.platformAccount === true ? { platformAccount: true } : {}),
        ...(body.settleSeconds === undefined ? {} : { settleSeconds: body.settleSeconds as number }),
    };
    validateTenantCommand(tenantId, common(context), context.cli, (problems) => {
        tierProblems(body.tier, problems);
        placementProblems({ ...options, tier: text(body.tier) }, problems);
        const settle = body.settleSeconds;
        if (settle !== undefined)
            settleProblems(typeof settle === "number" ? String(settle) : JSON.stringify(settle), problems);
    });
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    return {
        kind: "change-tier",
        tenantId,
        tier: body.tier as string,
        ...(Object.keys(given).length === 0 ? {} : { options: given }),
    };
}

export function statusChangeRequest(
    kind: "suspend" | "resume",
    tenantId: string,
    context: ValidationContext,
): OperationRequest {
    validateTenantCommand(tenantId, common(context), context.cli);
    return { kind, tenantId };
}

/** Offboard: purge only with `purge: true` and `confirm` equal to the tenant id (the CLI's `--confirm`). */
export function offboardRequest(
    tenantId: string,
    body: Record<string, unknown>,
    context: ValidationContext,
): OperationRequest {
    const options = {
        archive: text(body.archive) ?? "tenant-archives",
        purge: body.purge === true ? true : undefined,
        confirm: text(body.confirm),
    };
    validateTenantCommand(tenantId, common(context), context.cli, (problems) =>
        offboardProblems(tenantId, options, problems),
    );
    return {
        kind: "offboard",
        tenantId,
        archive: options.archive,
        ...(options.purge === true ? { purge: { confirm: options.confirm ?? "" } } : {}),
    };
}

/** A fleet rollout: `waves` as the CLI's `--waves` (`"10,50,100"`), `pauseSeconds` ≥ 0. */
export function rolloutRequest(body: Record<string, unknown>): OperationRequest {
    const problems = new Problems();
    const waves = problems.check("--waves", () => parseWaves(text(body.waves) ?? "10,50,100"));
    const pause = body.pauseSeconds ?? 30;
    if (typeof pause !== "number" || !Number.isInteger(pause) || pause < 0 || pause > 3600)
        problems.add("--pause", pause, "expected whole seconds from 0 to 3600");
    problems.throwIfAny();
    return { kind: "rollout", waves: waves ?? [], pauseSeconds: pause as number };
}

export { CliInputError };
