/**
 * Input validation of the tenant CLI. Every command collects every problem (the option, the value,
 * the rule) before anything else happens; any problem means exit code 2 and no Pulumi or AWS call.
 */
import { InvalidTenantSpecError } from "../../tiers/tenantSpec";
import { InvalidTenantIdError } from "../../tiers/tenantId";
import { InvalidLifecycleInputError } from "../lifecycle/errors";
import { VendingInputError } from "../vending/vend";

export interface InputProblem {
    /** The argument or option, as the user typed it (`<tenant-id>`, `--admin-email`). */
    readonly field: string;
    readonly value: unknown;
    readonly rule: string;
}

/** Thrown by a command's validation: exit code 2. */
export class CliInputError extends Error {
    override readonly name = "CliInputError";
    constructor(readonly problems: readonly InputProblem[]) {
        super(
            `invalid input (nothing was changed: no Pulumi or AWS call was made):\n${problems
                .map(
                    (p) =>
                        `  - ${p.field} ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.rule}`,
                )
                .join("\n")}`,
        );
    }
}

/** Collects problems; `check` runs a validator and records what it throws instead of stopping. */
export class Problems {
    readonly list: InputProblem[] = [];

    add(field: string, value: unknown, rule: string): void {
        this.list.push({ field, value, rule });
    }

    /** Runs `validate`; a validation error becomes a problem of `field`, and `undefined` is returned. */
    check<T>(field: string, validate: () => T): T | undefined {
        try {
            return validate();
        } catch (error) {
            if (error instanceof InvalidTenantSpecError) {
                for (const p of error.problems)
                    this.add(p.field === "tenantId" ? field : `--${kebab(p.field)}`, p.value, p.message);
                return undefined;
            }
            if (error instanceof InvalidTenantIdError) this.add(field, error.value, error.reason);
            else if (error instanceof VendingInputError || error instanceof InvalidLifecycleInputError)
                this.add(field, error.value, error.rule);
            else throw error;
            return undefined;
        }
    }

    /** Throws {@link CliInputError} when anything was recorded. */
    throwIfAny(): void {
        if (this.list.length > 0) throw new CliInputError(this.list);
    }
}

const kebab = (field: string): string => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Positive whole number within bounds, as an option value. */
export function parseCount(
    problems: Problems,
    field: string,
    value: string,
    min: number,
    max: number,
): number | undefined {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
        problems.add(field, value, `expected a whole number from ${min} to ${max}`);
        return undefined;
    }
    return n;
}
