/**
 * The environment both control-plane containers read (docs/control-plane.md, "Container
 * contract"), read once and validated here: every missing or malformed variable is named in one
 * error, before the process listens or polls.
 */

export interface ControlPlaneSettings {
    readonly region: string;
    /** The platform environment whose tenants this control plane manages. */
    readonly environment: string;
    readonly operationsTable: string;
    readonly queueUrl: string;
    readonly userPoolId: string;
    /** App clients whose access tokens are accepted (client-credentials clients of signup backends). */
    readonly clientIds: readonly string[];
    /**
     * Identifier of the Cognito resource server; Cognito writes scopes as `<identifier>/<scope>`.
     * @default "tenant-tiers"
     */
    readonly resourceServer: string;
    /** @default 8080 */
    readonly port: number;
}

/** Thrown when the environment is incomplete; names every variable and what it must hold. */
export class ControlPlaneSettingsError extends Error {
    override readonly name = "ControlPlaneSettingsError";
    constructor(readonly problems: readonly string[]) {
        super(`control-plane environment is incomplete:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

const ENVIRONMENT = /^[a-z][a-z0-9]{1,9}$/;

export function readControlPlaneSettings(
    env: Readonly<Record<string, string | undefined>>,
): ControlPlaneSettings {
    const problems: string[] = [];
    const required = (name: string, rule?: { test(value: string): boolean; text: string }): string => {
        const value = env[name];
        if (value === undefined || value === "") problems.push(`${name} (not set): required`);
        else if (rule !== undefined && !rule.test(value))
            problems.push(`${name} ${JSON.stringify(value)}: ${rule.text}`);
        return value ?? "";
    };
    const region = required("AWS_REGION");
    const environment = required("TENANT_TIERS_ENVIRONMENT", {
        test: (v) => ENVIRONMENT.test(v),
        text: "2-10 lowercase letters or digits, starting with a letter",
    });
    const operationsTable = required("OPERATIONS_TABLE");
    const queueUrl = required("OPERATIONS_QUEUE_URL", {
        test: (v) => /^https?:\/\/\S+\.fifo$/.test(v),
        text: "the URL of an SQS FIFO queue (ending in .fifo)",
    });
    const userPoolId = required("COGNITO_USER_POOL_ID", {
        test: (v) => /^[\w-]+_[0-9a-zA-Z]+$/.test(v),
        text: "a user pool id such as eu-west-1_AbC123",
    });
    const clientIds = required("COGNITO_CLIENT_IDS")
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== "");
    if (env.COGNITO_CLIENT_IDS !== undefined && clientIds.length === 0)
        problems.push(
            `COGNITO_CLIENT_IDS ${JSON.stringify(env.COGNITO_CLIENT_IDS)}: one or more app client ids, comma-separated`,
        );
    const port = Number(env.PORT ?? "8080");
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        problems.push(`PORT ${JSON.stringify(env.PORT)}: a TCP port from 1 to 65535`);
    if (problems.length > 0) throw new ControlPlaneSettingsError(problems);
    return Object.freeze({
        region,
        environment,
        operationsTable,
        queueUrl,
        userPoolId,
        clientIds: Object.freeze(clientIds),
        resourceServer: env.COGNITO_RESOURCE_SERVER ?? "tenant-tiers",
        port,
    });
}
