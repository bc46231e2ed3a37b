/**
 * Error answers as RFC 9457 problem details (`application/problem+json`). Invalid input carries
 * the CLI's own problem list (`field`, `value`, `rule`): the same validators produced it.
 */
import type { InputProblem } from "../../automation/cli/problems";

export interface ProblemDetails {
    readonly type: string;
    readonly title: string;
    readonly status: number;
    readonly detail: string;
    readonly problems?: readonly InputProblem[];
    readonly operationId?: string;
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export const problem = (
    status: number,
    title: string,
    detail: string,
    extra: Pick<ProblemDetails, "problems" | "operationId"> = {},
): ProblemDetails => ({ type: "about:blank", title, status, detail, ...extra });

/** The JSON schema of a problem document, for the OpenAPI document. */
export const PROBLEM_SCHEMA = {
    type: "object",
    required: ["type", "title", "status", "detail"],
    properties: {
        type: { type: "string" },
        title: { type: "string" },
        status: { type: "integer" },
        detail: { type: "string" },
        operationId: { type: "string" },
        problems: {
            type: "array",
            items: {
                type: "object",
                required: ["field", "rule"],
                properties: { field: { type: "string" }, value: {}, rule: { type: "string" } },
            },
        },
    },
} as const;
