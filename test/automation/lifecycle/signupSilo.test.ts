import {
    CreateAccountCommand,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeOrganizationCommand,
    ListParentsCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { signup } from "../../../automation/lifecycle";
import { engineFailure } from "../../helpers/fakePulumiCommand";
import { lifecycleHarness, RECORD_KEY, specOf, SPEC_KEY } from "../../helpers/lifecycleHarness";

describe("signup of silo tenants (account vending wired in)", () => {
    const orgs = mockClient(OrganizationsClient);
    const client = new OrganizationsClient({ region: "us-east-1" });
    const REQUEST = "car-11111111111111111111111111111111";

    beforeEach(() => {
        orgs.reset();
        orgs.on(DescribeOrganizationCommand).resolves({
            Organization: { Id: "o-a1b2c3d4e5", MasterAccountId: "999999999999" },
        });
    });

    it("vends the account, records it before deploying, and a re-run after a failed up vends nothing again", async () => {
        // Prepare
        orgs.on(CreateAccountCommand).resolves({
            CreateAccountStatus: { Id: REQUEST, State: "IN_PROGRESS" },
        });
        orgs.on(DescribeCreateAccountStatusCommand).resolves({
            CreateAccountStatus: { Id: REQUEST, State: "SUCCEEDED", AccountId: "210987654321" },
        });
        const h = lifecycleHarness({ aws: { organizations: client } });
        h.fake.failWhen(
            (args) => args[0] === "up",
            () => engineFailure("assuming tenant-tiers-bootstrap: AccessDenied"),
        );
        const input = {
            spec: specOf("globex", "premium"),
            silo: { create: { email: "aws+globex@example.com" } },
        };

        // Act
        await expect(signup(input, h.deps())).rejects.toThrow(/failed at step "deploy"/);
        const result = await signup(input, h.deps());

        // Assert
        expect(orgs.commandCalls(CreateAccountCommand)).toHaveLength(1);
        expect(orgs.commandCalls(CreateAccountCommand)[0]?.args[0].input.Email).toBe(
            "aws+globex@example.com",
        );
        expect(result.outcome).toBe("resumed");
        expect(result.siloAccountId).toBe("210987654321");
        const config = h.fake.stacks.get("dev-globex")?.config ?? {};
        expect(JSON.parse(config[SPEC_KEY] ?? "").silo).toEqual({
            accountId: "210987654321",
            organizationId: "o-a1b2c3d4e5",
            bootstrapRoleName: "tenant-tiers-bootstrap",
        });
        const record = JSON.parse(config[RECORD_KEY] ?? "");
        expect(record.silo).toEqual({ accountId: "210987654321", organizationId: "o-a1b2c3d4e5" });
        expect(record.vending.state).toBe("placed");
        // The vending record was written before the first up.
        const firstUp = h.fake.commands().findIndex((c) => c[0] === "up");
        const vendingWrites = h.fake
            .commands()
            .findIndex((c) => c.some((a) => a.includes('"vending":{') && a.includes('"state":"requested"')));
        expect(vendingWrites).toBeGreaterThan(-1);
        expect(vendingWrites).toBeLessThan(firstUp);
    });

    it("checks an existing account's membership first and deploys nothing into a foreign one", async () => {
        orgs.on(DescribeAccountCommand).resolves({
            Account: {
                Id: "111122223333",
                Arn: "arn:aws:organizations::999999999999:account/o-zzzzzzzzzz/111122223333",
                State: "ACTIVE",
                Email: "a@b.example",
            },
        });
        orgs.on(ListParentsCommand).resolves({ Parents: [] });
        const h = lifecycleHarness({ aws: { organizations: client } });

        const attempt = signup(
            { spec: specOf("initech", "premium"), silo: { accountId: "111122223333" } },
            h.deps(),
        );

        await expect(attempt).rejects.toThrow(
            'failed at step "silo": ExistingAccountError: account 111122223333 belongs to organization "o-zzzzzzzzzz", not "o-a1b2c3d4e5"',
        );
        expect(h.fake.commands().filter((c) => c[0] === "up")).toEqual([]);
    });
});
