import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
    REFRESH_MARGIN_MS,
    shareCredentials,
    TENANT_SESSION_SECONDS,
    tenantCredentials,
    tenantSessionName,
} from "../../runtime/tenantCredentials";
import { parseTenantId } from "../../tiers/tenantId";
import {
    AssumeRoleCommand,
    EXECUTION_ROLE_SESSION,
    mockSts,
    useExecutionRoleEnvironment,
} from "./support/sts";

const ACCESS_ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";
const SILO_ROLE = "arn:aws:iam::210987654321:role/tenant-tiers-silo-data";
const acme = parseTenantId("acme");
let mocked: ReturnType<typeof mockSts>;

const assumeInputs = () => mocked.sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);

beforeAll(() => useExecutionRoleEnvironment());
beforeEach(() => {
    mocked = mockSts();
});
afterEach(() => {
    mocked.sts.restore();
    vi.useRealTimers();
});

describe("tenant credentials", () => {
    it("assumes the tenant access role with a transitive TenantId tag, named for the tenant, for one hour", async () => {
        const identity = await tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        })();
        expect(assumeInputs()).toEqual([
            {
                RoleArn: ACCESS_ROLE,
                RoleSessionName: "tenant-acme",
                DurationSeconds: 3600,
                Tags: [{ Key: "TenantId", Value: "acme" }],
                TransitiveTagKeys: ["TenantId"],
            },
        ]);
        expect(mocked.callers).toEqual([EXECUTION_ROLE_SESSION]);
        expect(identity.sessionToken).toBe("session-1");
        expect(TENANT_SESSION_SECONDS).toBe(3600);
    });

    it("calls STS once per tenant environment for 55 minutes of invocations, then refreshes", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        const start = Date.now();
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        });
        const minute = 60_000;
        for (let elapsed = 0; elapsed < 55 * minute; elapsed += 11_000) {
            vi.setSystemTime(start + elapsed);
            expect((await credentials()).sessionToken).toBe("session-1");
        }
        expect(assumeInputs()).toHaveLength(1);
        vi.setSystemTime(start + 55 * minute + 1);
        expect((await credentials()).sessionToken).toBe("session-2");
        expect(assumeInputs()).toHaveLength(2);
        expect(REFRESH_MARGIN_MS).toBe(5 * minute);
    });

    it("shares one STS call between concurrent first callers", async () => {
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        });
        const tokens = await Promise.all(
            Array.from({ length: 20 }, async () => (await credentials()).sessionToken),
        );
        expect(new Set(tokens)).toEqual(new Set(["session-1"]));
        expect(assumeInputs()).toHaveLength(1);
    });

    it("chains into a silo tenant's data role from the first session, without passing TenantId again", async () => {
        const identity = await tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            siloRoleArn: SILO_ROLE,
            region: "eu-west-1",
        })();
        // The silo hop is sent first and resolves its source credentials (the first hop) on the way.
        expect(assumeInputs()).toEqual([
            { RoleArn: SILO_ROLE, RoleSessionName: "tenant-acme-silo", DurationSeconds: 3600 },
            {
                RoleArn: ACCESS_ROLE,
                RoleSessionName: "tenant-acme",
                DurationSeconds: 3600,
                Tags: [{ Key: "TenantId", Value: "acme" }],
                TransitiveTagKeys: ["TenantId"],
            },
        ]);
        // The second hop signs with the first session; the execution role signs only the first.
        expect(mocked.callers).toEqual([EXECUTION_ROLE_SESSION, "session-1"]);
        expect(identity.sessionToken).toBe("session-2");
    });

    it("keeps both hops cached for the life of the sessions", async () => {
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            siloRoleArn: SILO_ROLE,
            region: "eu-west-1",
        });
        for (let i = 0; i < 10; i++) await credentials();
        expect(assumeInputs()).toHaveLength(2);
    });

    it("surfaces an STS failure and tries again on the next call", async () => {
        mocked.sts.restore();
        mocked = mockSts({
            failFirstWith: new Error("AccessDenied: not authorized to perform sts:TagSession"),
        });
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        });
        await expect(credentials()).rejects.toThrow("AccessDenied: not authorized to perform sts:TagSession");
        await expect(credentials()).resolves.toMatchObject({ sessionToken: "session-1" });
    });
});

describe("session names", () => {
    it.each([
        ["acme", "access", "tenant-acme"],
        ["acme", "silo", "tenant-acme-silo"],
        ["a".repeat(32), "silo", `tenant-${"a".repeat(32)}-silo`],
        ["x-9-y", "access", "tenant-x-9-y"],
    ] as const)("names tenant %s's %s session %s, valid for STS", (tenantId, hop, expected) => {
        const name = tenantSessionName(parseTenantId(tenantId), hop);
        expect(name).toBe(expected);
        expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
    });
});

describe("shared credentials", () => {
    it("reuses an identity without an expiry forever and one with an expiry until the margin", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        let calls = 0;
        const expiring = shareCredentials(async () => {
            calls += 1;
            return {
                accessKeyId: `k${calls}`,
                secretAccessKey: "s",
                expiration: new Date(Date.now() + REFRESH_MARGIN_MS + 1000),
            };
        });
        await expiring();
        await expiring();
        expect(calls).toBe(1);
        vi.setSystemTime(Date.now() + 1000);
        expect((await expiring()).accessKeyId).toBe("k2");
    });
});
