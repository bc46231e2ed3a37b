import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployerPrincipalOf, resolveDeployer } from "../../../automation/bootstrap/deployer";
import { type Moto, startMoto } from "../../engine/support/moto";

const RULE =
    "the bootstrap role trusts exactly one principal: an IAM role (arn:aws:iam::<account>:role/<name>), " +
    "an assumed-role session of one, or an IAM user; never an account root or a federated user";

describe("the deployer principal the bootstrap role trusts", () => {
    it.each([
        [
            "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-run-42",
            "arn:aws:iam::123456789012:role/platform-deployer",
        ],
        [
            "arn:aws:iam::123456789012:role/platform-deployer",
            "arn:aws:iam::123456789012:role/platform-deployer",
        ],
        [
            "arn:aws:iam::123456789012:role/ops/platform-deployer",
            "arn:aws:iam::123456789012:role/ops/platform-deployer",
        ],
        ["arn:aws:iam::123456789012:user/release-bot", "arn:aws:iam::123456789012:user/release-bot"],
        [
            "arn:aws-us-gov:sts::123456789012:assumed-role/deployer/s",
            "arn:aws-us-gov:iam::123456789012:role/deployer",
        ],
    ])("%s → %s", (arn, expected) => {
        expect(deployerPrincipalOf(arn)).toBe(expected);
    });

    it.each([
        ["the account root", "arn:aws:iam::123456789012:root"],
        ["a federated user", "arn:aws:sts::123456789012:federated-user/alice"],
        ["a wildcard", "*"],
        ["a role pattern", "arn:aws:iam::123456789012:role/*"],
        ["an assumed role without a session", "arn:aws:sts::123456789012:assumed-role/deployer"],
        ["a group", "arn:aws:iam::123456789012:group/admins"],
        ["no account", "arn:aws:iam:::role/deployer"],
    ])("refuses %s (%s)", (_what, arn) => {
        expect(() => deployerPrincipalOf(arn)).toThrow(
            `deployer principal ${JSON.stringify(arn)} is invalid: ${RULE}`,
        );
    });

    it("takes an override as is, and refuses a session as the override", async () => {
        await expect(resolveDeployer("arn:aws:iam::123456789012:role/deployer", undefined)).resolves.toBe(
            "arn:aws:iam::123456789012:role/deployer",
        );
        await expect(
            resolveDeployer("arn:aws:sts::123456789012:assumed-role/deployer/s", undefined),
        ).rejects.toThrow(
            'deployer ARN "arn:aws:sts::123456789012:assumed-role/deployer/s" is invalid: give the role itself (arn:aws:iam::123456789012:role/deployer), not a session of it',
        );
    });

    it("needs an override or an STS client", async () => {
        await expect(resolveDeployer(undefined, undefined)).rejects.toThrow(
            "deployer ARN undefined is invalid: give the deployer's role ARN, or an STS client to read the caller's identity from",
        );
    });
});

describe("the caller's identity from moto's STS", () => {
    let moto: Moto;
    const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
    beforeAll(async () => {
        moto = await startMoto();
    });
    afterAll(async () => {
        await moto.close();
    });

    it("turns the caller's assumed-role session into its role's ARN", async () => {
        const base = new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials });
        const assumed = await base.send(
            new AssumeRoleCommand({
                RoleArn: "arn:aws:iam::123456789012:role/platform-deployer",
                RoleSessionName: "ci-run",
            }),
        );
        const session = new STSClient({
            region: "us-east-1",
            endpoint: moto.endpoint,
            credentials: {
                accessKeyId: assumed.Credentials?.AccessKeyId ?? "",
                secretAccessKey: assumed.Credentials?.SecretAccessKey ?? "",
                sessionToken: assumed.Credentials?.SessionToken ?? "",
            },
        });

        await expect(resolveDeployer(undefined, session)).resolves.toBe(
            "arn:aws:iam::123456789012:role/platform-deployer",
        );
    });

    it("refuses a caller that is not a role or user ARN, naming it (moto's default caller is sts::...:user/moto)", async () => {
        const user = new STSClient({ region: "us-east-1", endpoint: moto.endpoint, credentials });
        await expect(resolveDeployer(undefined, user)).rejects.toThrow(
            `caller identity "arn:aws:sts::123456789012:user/moto" is invalid: ${RULE}`,
        );
    });
});
