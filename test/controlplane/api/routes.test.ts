/**
 * The API's contract, in-process against moto's SQS and DynamoDB: every route's success answer,
 * the operation it records and enqueues (FIFO group = tenant id), the CLI's problem list on bad
 * input, 409 for ids in use or reserved, and the Idempotency-Key rules.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CliInputError } from "../../../automation/cli/problems";
import { validateSignup } from "../../../automation/cli/signup";
import { accessToken } from "../support/accessTokens";
import { INITECH_STATUS, type ApiFixture, apiFixture, validationCli } from "../support/apiFixture";
import { type LocalAws, startLocalAws } from "../support/localAws";

let aws: LocalAws;
let api: ApiFixture;
beforeAll(async () => {
    aws = await startLocalAws();
});
afterAll(async () => {
    await aws?.close();
});
beforeEach(async () => {
    api = await apiFixture(aws);
});

const write = { authorization: `Bearer ${accessToken(["tenants.write"])}` };
const read = { authorization: `Bearer ${accessToken(["tenants.read"])}` };
const fleet = { authorization: `Bearer ${accessToken(["fleet.rollout"])}` };
const ACME = { tenantId: "acme", tier: "pooled", adminEmail: "ops@acme.example" };

describe("POST /tenants", () => {
    it("answers 202 with the operation's Location, records it queued and enqueues it in the tenant's group", async () => {
        const response = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: write,
            payload: ACME,
        });

        expect(response.statusCode).toBe(202);
        expect(response.headers.location).toBe("/operations/op-0001");
        expect(response.json()).toEqual({
            operationId: "op-0001",
            status: "queued",
            location: "/operations/op-0001",
        });
        expect(await api.store.get("op-0001")).toEqual({
            operationId: "op-0001",
            environment: "dev",
            tenantId: "acme",
            request: {
                kind: "signup",
                tenantId: "acme",
                options: { tier: "pooled", adminEmail: "ops@acme.example" },
            },
            status: "queued",
            createdAt: "2026-11-29T01:00:00.000Z",
            updatedAt: "2026-11-29T01:00:00.000Z",
            attempts: 0,
            steps: [],
        });
        expect(await api.messages()).toEqual([
            { body: { operationId: "op-0001" }, group: "acme", dedup: "op-0001" },
        ]);
    });

    it("answers 400 with exactly the problem list the CLI prints, and records and enqueues nothing", async () => {
        const body = { tenantId: "Acme", tier: "gold", adminEmail: "not-an-email" };
        let cli: CliInputError | undefined;
        try {
            validateSignup(
                "Acme",
                { tier: "gold", adminEmail: "not-an-email", environment: "dev", region: "eu-west-1" },
                validationCli(),
            );
        } catch (error) {
            cli = error as CliInputError;
        }

        const response = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: write,
            payload: body,
        });

        expect(response.statusCode).toBe(400);
        expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
        expect(cli?.problems.length).toBe(3);
        expect(response.json()).toEqual({
            type: "about:blank",
            title: "invalid input",
            status: 400,
            detail: cli?.message,
            problems: cli?.problems,
        });
        expect(response.json().problems.map((p: { field: string }) => p.field)).toEqual([
            "<tenant-id>",
            "--tier",
            "--admin-email",
        ]);
        expect(await api.store.get("op-0001")).toBeUndefined();
        expect(await api.messages()).toEqual([]);
    });

    it.each([
        [
            { tier: "pooled", adminEmail: "ops@acme.example" },
            [{ field: "<tenant-id>", rule: "must have required property 'tenantId'" }],
        ],
        [
            { ...ACME, colour: "blue" },
            [{ field: "--colour", value: "blue", rule: "is not a field of this request" }],
        ],
        [{ ...ACME, tier: 5 }, [{ field: "--tier", value: 5, rule: "must be string" }]],
    ])("answers 400 naming the field for a body that breaks the schema (%j)", async (payload, problems) => {
        const response = await api.app.inject({ method: "POST", url: "/tenants", headers: write, payload });

        expect(response.statusCode).toBe(400);
        expect(response.json().problems).toEqual(problems);
        expect(await api.messages()).toEqual([]);
    });

    it("answers 409 for a reserved id, naming the rule", async () => {
        const response = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: write,
            payload: { ...ACME, tenantId: "platform" },
        });

        expect(response.statusCode).toBe(409);
        expect(response.json().problems).toEqual([
            {
                field: "<tenant-id>",
                value: "platform",
                rule: '"platform" is reserved (reserved ids: platform, shared, pooled, premium, admin, root, system, tenant, tenants, default, all, none, null, undefined, aws, amazon)',
            },
        ]);
        expect(await api.messages()).toEqual([]);
    });

    it("answers 409 for an id already signed up, naming the operation that holds it", async () => {
        await api.app.inject({ method: "POST", url: "/tenants", headers: write, payload: ACME });

        const again = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: write,
            payload: { ...ACME, tier: "premium" },
        });

        expect(again.statusCode).toBe(409);
        expect(again.json().operationId).toBe("op-0001");
        expect(again.json().detail).toBe(
            'tenant id "acme" is in use in dev (signed up by operation op-0001); ids are never reused, pick another',
        );
        expect(await api.messages()).toHaveLength(1);
    });
});

describe("a tenant signed up with the CLI", () => {
    it("answers 409 for its id although the control plane holds no claim for it, and claims nothing", async () => {
        const response = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: write,
            payload: { ...ACME, tenantId: "initech", adminEmail: "ops@initech.example" },
        });

        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({
            title: "tenant id in use",
            detail: 'tenant id "initech" is in use in dev: its tenant stack exists (signed up outside the control plane, with the CLI); ids are never reused, pick another',
            problems: [
                { field: "<tenant-id>", value: "initech", rule: "is in use: tenant ids are never reused" },
            ],
        });
        expect(response.json()).not.toHaveProperty("operationId");
        expect(await api.messages()).toEqual([]);
        expect(await api.store.get("op-0001")).toBeUndefined();
    });
});

describe("Idempotency-Key", () => {
    it("answers a retry with the same key and body with the same operation, enqueued once", async () => {
        const headers = { ...write, "idempotency-key": "5b0e7c1a-signup-acme" };
        const first = await api.app.inject({ method: "POST", url: "/tenants", headers, payload: ACME });
        const retry = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers,
            payload: { adminEmail: ACME.adminEmail, tier: ACME.tier, tenantId: ACME.tenantId },
        });

        expect(first.statusCode).toBe(202);
        expect(retry.statusCode).toBe(202);
        expect(retry.json()).toEqual(first.json());
        expect(retry.headers["idempotent-replayed"]).toBe("true");
        expect(await api.messages()).toHaveLength(1);
    });

    it("answers 422 when the same key comes with a different body, and enqueues nothing more", async () => {
        const headers = { ...write, "idempotency-key": "key-1" };
        await api.app.inject({ method: "POST", url: "/tenants", headers, payload: ACME });

        const other = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers,
            payload: { ...ACME, tenantId: "globex" },
        });

        expect(other.statusCode).toBe(422);
        expect(other.json()).toEqual({
            type: "about:blank",
            title: "idempotency key reused",
            status: 422,
            detail: 'Idempotency-Key "key-1" was used for a different request (method, path or body); use a new key for a new request',
            operationId: "op-0001",
        });
        expect(await api.messages()).toHaveLength(1);
    });

    it("answers 400 for a key with spaces", async () => {
        const response = await api.app.inject({
            method: "POST",
            url: "/tenants",
            headers: { ...write, "idempotency-key": "two words" },
            payload: ACME,
        });

        expect(response.statusCode).toBe(400);
        expect(response.json().problems).toEqual([
            {
                field: "Idempotency-Key",
                value: "two words",
                rule: "expected 1-255 printable ASCII characters without spaces (a UUID, say)",
            },
        ]);
    });
});

describe("writes on one tenant", () => {
    it.each([
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium" },
            { kind: "change-tier", tenantId: "acme", tier: "premium" },
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", siloAccount: "111122223333" },
            {
                kind: "change-tier",
                tenantId: "acme",
                tier: "premium",
                options: { siloAccount: "111122223333" },
            },
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", silo: "create", email: "aws+acme@example.com", ou: "ou-ab12-cdef3456" },
            {
                kind: "change-tier",
                tenantId: "acme",
                tier: "premium",
                options: { silo: "create", email: "aws+acme@example.com", ou: "ou-ab12-cdef3456" },
            },
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", platformAccount: true },
            { kind: "change-tier", tenantId: "acme", tier: "premium", options: { platformAccount: true } },
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", settleSeconds: 0 },
            { kind: "change-tier", tenantId: "acme", tier: "premium", options: { settleSeconds: 0 } },
        ],
        ["POST", "/tenants/acme/suspend", undefined, { kind: "suspend", tenantId: "acme" }],
        ["POST", "/tenants/acme/resume", undefined, { kind: "resume", tenantId: "acme" }],
        [
            "DELETE",
            "/tenants/acme",
            undefined,
            { kind: "offboard", tenantId: "acme", archive: "tenant-archives" },
        ],
        [
            "DELETE",
            "/tenants/acme",
            { archive: "s3://archives/tenants", purge: true, confirm: "acme" },
            {
                kind: "offboard",
                tenantId: "acme",
                archive: "s3://archives/tenants",
                purge: { confirm: "acme" },
            },
        ],
    ] as const)(
        "%s %s %j answers 202 and enqueues %j in the tenant's group",
        async (method, url, payload, request) => {
            const response = await api.app.inject({
                method,
                url,
                headers: write,
                ...(payload === undefined ? {} : { payload }),
            });

            expect(response.statusCode).toBe(202);
            expect(response.headers.location).toBe("/operations/op-0001");
            expect((await api.store.get("op-0001"))?.request).toEqual(request);
            expect(await api.messages()).toEqual([
                { body: { operationId: "op-0001" }, group: "acme", dedup: "op-0001" },
            ]);
        },
    );

    it.each([
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "gold" },
            [{ field: "--tier", value: "gold", rule: "expected one of pooled, premium" }],
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "pooled", platformAccount: true },
            [
                {
                    field: "--tier",
                    value: "pooled",
                    rule: "--platform-account is a premium option (pooled data is always in the platform account)",
                },
            ],
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", silo: "create" },
            [{ field: "--email", rule: "required with --silo create: the root email of the new account" }],
        ],
        [
            "POST",
            "/tenants/acme/tier",
            { tier: "premium", settleSeconds: 901 },
            [
                {
                    field: "--settle",
                    value: "901",
                    rule: "expected whole seconds from 0 to 900: the wait after suspending, so the authorizer's caches (20 s + 30 s) stop the tenant's writes before the copy",
                },
            ],
        ],
        [
            "DELETE",
            "/tenants/acme",
            { purge: true },
            [
                {
                    field: "--confirm",
                    rule: "--purge deletes the tenant's data: type the tenant id again, --confirm acme",
                },
            ],
        ],
        [
            "DELETE",
            "/tenants/acme",
            { purge: true, confirm: "globex" },
            [
                {
                    field: "--confirm",
                    value: "globex",
                    rule: "--purge deletes the tenant's data: type the tenant id again, --confirm acme",
                },
            ],
        ],
        [
            "DELETE",
            "/tenants/acme",
            { confirm: "acme" },
            [{ field: "--confirm", value: "acme", rule: "belongs to --purge" }],
        ],
        [
            "POST",
            "/tenants/Bad_Id/suspend",
            undefined,
            [
                {
                    field: "<tenant-id>",
                    value: "Bad_Id",
                    rule: "use 3-32 lowercase letters, digits or single hyphens, starting with a letter and not ending with a hyphen",
                },
            ],
        ],
    ] as const)("%s %s %j answers 400 with the CLI's problems", async (method, url, payload, problems) => {
        const response = await api.app.inject({
            method,
            url,
            headers: write,
            ...(payload === undefined ? {} : { payload }),
        });

        expect(response.statusCode).toBe(400);
        expect(response.json().problems).toEqual(problems);
        expect(await api.messages()).toEqual([]);
    });
});

describe("reads", () => {
    it("GET /tenants lists the tenants of the environment", async () => {
        const response = await api.app.inject({ method: "GET", url: "/tenants", headers: read });

        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({
            tenants: [{ name: "dev-initech", tenantId: "initech", resourceCount: 7 }],
        });
    });

    it("GET /tenants/{id} answers the tenant's status, 404 for an unknown tenant, 400 for an invalid id", async () => {
        const found = await api.app.inject({ method: "GET", url: "/tenants/initech", headers: read });
        const missing = await api.app.inject({ method: "GET", url: "/tenants/globex", headers: read });
        const invalid = await api.app.inject({ method: "GET", url: "/tenants/a", headers: read });

        expect(found.statusCode).toBe(200);
        expect(found.json()).toEqual(INITECH_STATUS);
        expect(missing.statusCode).toBe(404);
        expect(missing.json().title).toBe("tenant not found");
        expect(invalid.statusCode).toBe(400);
        expect(invalid.json().problems[0].field).toBe("<tenant-id>");
    });

    it("GET /operations/{id} answers the record, 404 for an unknown id or a rollout's id", async () => {
        await api.app.inject({ method: "POST", url: "/tenants", headers: write, payload: ACME });
        await api.app.inject({ method: "POST", url: "/fleet/rollouts", headers: fleet, payload: {} });

        const found = await api.app.inject({ method: "GET", url: "/operations/op-0001", headers: read });
        const unknown = await api.app.inject({ method: "GET", url: "/operations/op-9999", headers: read });
        const rollout = await api.app.inject({ method: "GET", url: "/operations/op-0002", headers: read });

        expect(found.statusCode).toBe(200);
        expect(found.json().request.kind).toBe("signup");
        expect(unknown.statusCode).toBe(404);
        expect(rollout.statusCode).toBe(404);
    });
});

describe("fleet rollouts", () => {
    it("POST /fleet/rollouts answers 202 at /fleet/rollouts/{id} and enqueues it in the environment's rollout group", async () => {
        const response = await api.app.inject({
            method: "POST",
            url: "/fleet/rollouts",
            headers: fleet,
            payload: { waves: "25,100", pauseSeconds: 5 },
        });
        const read = await api.app.inject({ method: "GET", url: "/fleet/rollouts/op-0001", headers: fleet });

        expect(response.statusCode).toBe(202);
        expect(response.headers.location).toBe("/fleet/rollouts/op-0001");
        expect(read.statusCode).toBe(200);
        expect(read.json().request).toEqual({ kind: "rollout", waves: [25, 100], pauseSeconds: 5 });
        expect(await api.messages()).toEqual([
            { body: { operationId: "op-0001" }, group: "fleet-rollout.dev", dedup: "op-0001" },
        ]);
    });

    it.each([
        [
            { waves: "50,10" },
            [
                {
                    field: "--waves",
                    value: "50,10",
                    rule: "expected ascending whole percentages from 1 to 100, comma-separated, ending at 100 (e.g. 10,50,100)",
                },
            ],
        ],
        [
            { pauseSeconds: -1 },
            [{ field: "--pause", value: -1, rule: "expected whole seconds from 0 to 3600" }],
        ],
    ])("answers 400 for %j", async (payload, problems) => {
        const response = await api.app.inject({
            method: "POST",
            url: "/fleet/rollouts",
            headers: fleet,
            payload,
        });

        expect(response.statusCode).toBe(400);
        expect(response.json().problems).toEqual(problems);
    });

    it("GET /fleet/rollouts/{id} answers 404 for a tenant operation's id", async () => {
        await api.app.inject({ method: "POST", url: "/tenants", headers: write, payload: ACME });

        const response = await api.app.inject({
            method: "GET",
            url: "/fleet/rollouts/op-0001",
            headers: fleet,
        });

        expect(response.statusCode).toBe(404);
    });
});
