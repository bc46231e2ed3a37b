/** The API app in-process against moto (queue and table), with a tenant directory held in memory. */
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { FastifyInstance } from "fastify";
import { TenantNotFoundError } from "../../../automation/lifecycle/errors";
import type { TenantStatusReport } from "../../../automation/lifecycle/status";
import type { CliDeps } from "../../../automation/cli/settings";
import { buildApp } from "../../../controlplane/api/app";
import type { TenantDirectory } from "../../../controlplane/api/tenantRoutes";
import { OperationQueue } from "../../../controlplane/operations/queue";
import { OperationStore } from "../../../controlplane/operations/store";
import { testVerifier } from "./accessTokens";
import type { LocalAws } from "./localAws";

export const NOW = new Date("2026-11-29T01:00:00.000Z");

/** The CLI's dependencies as validation sees them (it reads only `env` and `now`). */
export function validationCli(): CliDeps {
    return {
        io: { out: () => undefined, err: () => undefined },
        env: { PULUMI_BACKEND_URL: "file:///tmp/tenant-tiers-state" },
        now: () => NOW,
        workspaces: () => {
            throw new Error("validation never opens a workspace");
        },
        aws: () => ({}),
        batchWorker: "",
    };
}

/** The one tenant with a stack: signed up with the CLI, so the API holds no claim for it. */
export const INITECH_STATUS: TenantStatusReport = {
    tenantId: "initech",
    environment: "dev",
    stackName: "dev-initech",
    tier: "pooled",
    state: "active",
    adminEmail: "ops@initech.example",
    createdAt: "2026-11-28T10:00:00Z",
    outputs: { tenantId: "initech" },
};

export const directory: TenantDirectory = {
    list: async () => [{ name: "dev-initech", tenantId: "initech", resourceCount: 7 }],
    status: async (tenantId) => {
        if (tenantId === "initech") return INITECH_STATUS;
        throw new TenantNotFoundError(`dev-${tenantId}`, tenantId);
    },
};

export interface ApiFixture {
    readonly app: FastifyInstance;
    readonly store: OperationStore;
    readonly queueUrl: string;
    /** Every message now on the queue (received with a zero visibility timeout, so they stay). */
    messages(): Promise<{ body: unknown; group: string | undefined; dedup: string | undefined }[]>;
}

export async function apiFixture(aws: LocalAws): Promise<ApiFixture> {
    const { queueUrl, tableName } = await aws.resources();
    const store = new OperationStore(aws.dynamodb, tableName);
    let n = 0;
    const app = await buildApp({
        environment: "dev",
        verifier: testVerifier(),
        store,
        queue: new OperationQueue(aws.sqs, queueUrl),
        tenants: directory,
        validation: { environment: "dev", region: "eu-west-1", cli: validationCli() },
        now: () => NOW,
        newOperationId: () => `op-${String(++n).padStart(4, "0")}`,
    });
    return {
        app,
        store,
        queueUrl,
        async messages() {
            const { Messages } = await aws.sqs.send(
                new ReceiveMessageCommand({
                    QueueUrl: queueUrl,
                    MaxNumberOfMessages: 10,
                    VisibilityTimeout: 0,
                    MessageSystemAttributeNames: ["MessageGroupId", "MessageDeduplicationId"],
                }),
            );
            return (Messages ?? []).map((m) => ({
                body: JSON.parse(m.Body ?? "null"),
                group: m.Attributes?.MessageGroupId,
                dedup: m.Attributes?.MessageDeduplicationId,
            }));
        },
    };
}
