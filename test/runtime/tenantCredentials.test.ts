import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
    REFRESH_MARGIN_MS,
    shareCredentials,
    TENANT_SESSION_SECONDS,
    tenantCredentials,
    tenantSessionName,
} from "../../runtime/tenantCredentials";
import { parseTenantId } from "../../tiers/tenantId";
import { EXECUTION_ROLE_KEY, useMotoSts } from "./support/sts";

const ACCESS_ROLE = "arn:aws:iam::123456789012:role/tenant-tiers-dev-tenant-access";
const SILO_ROLE = "arn:aws:iam::210987654321:role/tenant-tiers-silo-data";
const acme = parseTenantId("acme");
const sts = useMotoSts();

/** The session moto returned for the n-th AssumeRole of the test. */
const session = (n: number) => sts.calls()[n]?.session;

/** Who moto says the credentials are. */
async function whoIs(credentials: AwsCredentialIdentity): Promise<string | undefined> {
    const client = new STSClient({ region: "eu-west-1", endpoint: sts.moto.endpoint, credentials });
    return (await client.send(new GetCallerIdentityCommand({}))).Arn;
}

const ACCESS_HOP = {
    Action: "AssumeRole",
    RoleArn: ACCESS_ROLE,
    RoleSessionName: "tenant-acme",
    DurationSeconds: 3600,
    Tags: [{ Key: "TenantId", Value: "acme" }],
    TransitiveTagKeys: ["TenantId"],
};

afterEach(() => {
    vi.useRealTimers();
});

describe("tenant credentials (moto's STS)", () => {
    it("assumes the tenant access role with a transitive TenantId tag, named for the tenant, for one hour", async () => {
        const identity = await tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        })();
        expect(sts.inputs()).toEqual([ACCESS_HOP]);
        expect(sts.signers()).toEqual([EXECUTION_ROLE_KEY]);
        expect(identity.sessionToken).toBe(session(0)?.sessionToken);
        expect(await whoIs(identity)).toBe(
            "arn:aws:sts::123456789012:assumed-role/tenant-tiers-dev-tenant-access/tenant-acme",
        );
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
        const first = (await credentials()).sessionToken;
        expect(first).toBe(session(0)?.sessionToken);
        for (let elapsed = 0; elapsed < 55 * minute; elapsed += 11_000) {
            vi.setSystemTime(start + elapsed);
            expect((await credentials()).sessionToken).toBe(first);
        }
        expect(sts.calls()).toHaveLength(1);
        // moto stamps the expiry by its own clock, a few milliseconds after `start`: a second's slack.
        vi.setSystemTime(start + 55 * minute + 1000);
        const refreshed = (await credentials()).sessionToken;
        expect(sts.calls()).toHaveLength(2);
        expect(refreshed).toBe(session(1)?.sessionToken);
        expect(refreshed).not.toBe(first);
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
        expect(sts.calls()).toHaveLength(1);
        expect(new Set(tokens)).toEqual(new Set([session(0)?.sessionToken]));
    });

    it("chains into a silo tenant's data role from the first session, without passing TenantId again", async () => {
        const identity = await tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            siloRoleArn: SILO_ROLE,
            region: "eu-west-1",
        })();
        // STS sees the first hop first: the silo hop resolves its source credentials before it is sent.
        expect(sts.inputs()).toEqual([
            ACCESS_HOP,
            {
                Action: "AssumeRole",
                RoleArn: SILO_ROLE,
                RoleSessionName: "tenant-acme-silo",
                DurationSeconds: 3600,
            },
        ]);
        // The second hop is signed by the first session; the execution role signs only the first.
        expect(sts.signers()).toEqual([EXECUTION_ROLE_KEY, session(0)?.accessKeyId]);
        expect(identity.sessionToken).toBe(session(1)?.sessionToken);
        expect(await whoIs(identity)).toBe(
            "arn:aws:sts::210987654321:assumed-role/tenant-tiers-silo-data/tenant-acme-silo",
        );
    });

    it("keeps both hops cached for the life of the sessions", async () => {
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            siloRoleArn: SILO_ROLE,
            region: "eu-west-1",
        });
        for (let i = 0; i < 10; i++) await credentials();
        expect(sts.calls()).toHaveLength(2);
    });

    it("surfaces an STS refusal and tries again on the next call", async () => {
        // moto does not evaluate IAM: the refusal is STS's error answer, reproduced by the recorder.
        sts.failNext("AccessDenied", "User is not authorized to perform: sts:TagSession");
        const credentials = tenantCredentials({
            tenantId: acme,
            tenantAccessRoleArn: ACCESS_ROLE,
            region: "eu-west-1",
        });
        await expect(credentials()).rejects.toMatchObject({
            name: "AccessDenied",
            message: "User is not authorized to perform: sts:TagSession",
        });
        const identity = await credentials();
        expect(sts.calls()).toHaveLength(2);
        expect(identity.sessionToken).toBe(session(1)?.sessionToken);
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
