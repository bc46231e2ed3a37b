/**
 * The platform's deployer principal, which the bootstrap role trusts: given by the operator, or the
 * caller of this process (STS GetCallerIdentity). A trust policy names a role or user, never a
 * session, so an assumed-role session becomes its role's ARN; the account root, federated users and
 * anything else are refused, because trusting them would let in more than the one deployer.
 */
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { InvalidBootstrapSettingError } from "./args";

const PRINCIPAL = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):([a-z-]+)\/(.+)$/;
const NAME = /^[\w+=,.@-]+$/;
const PATH_AND_NAME = /^(\/?[\w+=,.@-]+)+$/;

const RULE =
    "the bootstrap role trusts exactly one principal: an IAM role (arn:aws:iam::<account>:role/<name>), " +
    "an assumed-role session of one, or an IAM user; never an account root or a federated user";

/**
 * The trust principal of `arn`: a role or user ARN as is, an assumed-role session as its role's
 * ARN. Throws {@link InvalidBootstrapSettingError} for anything else.
 * An assumed-role ARN does not carry the role's path: a role with a path must be given as a setting.
 */
export function deployerPrincipalOf(arn: string, setting = "deployer principal"): string {
    const match = PRINCIPAL.exec(arn);
    if (match === null) throw new InvalidBootstrapSettingError(setting, arn, RULE);
    const [, partition, service, account, kind, rest] = match as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
    ];
    if (service === "iam" && (kind === "role" || kind === "user") && PATH_AND_NAME.test(rest)) return arn;
    if (service === "sts" && kind === "assumed-role") {
        const role = rest.split("/")[0] ?? "";
        if (NAME.test(role) && rest.includes("/")) return `arn:${partition}:iam::${account}:role/${role}`;
    }
    throw new InvalidBootstrapSettingError(setting, arn, RULE);
}

/** A deployer given as a setting: a role or user ARN (a session of a role is refused). */
export function deployerArnOf(arn: string): string {
    const principal = deployerPrincipalOf(arn, "deployer ARN");
    if (principal !== arn) {
        throw new InvalidBootstrapSettingError(
            "deployer ARN",
            arn,
            `give the role itself (${principal}), not a session of it`,
        );
    }
    return principal;
}

/** The deployer: `override` when given (checked; a session is refused), else the caller's principal. */
export async function resolveDeployer(
    override: string | undefined,
    sts: STSClient | undefined,
): Promise<string> {
    if (override !== undefined) return deployerArnOf(override);
    if (sts === undefined) {
        throw new InvalidBootstrapSettingError(
            "deployer ARN",
            undefined,
            "give the deployer's role ARN, or an STS client to read the caller's identity from",
        );
    }
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
    if (Arn === undefined) {
        throw new InvalidBootstrapSettingError(
            "caller identity",
            undefined,
            "STS GetCallerIdentity returned no ARN",
        );
    }
    return deployerPrincipalOf(Arn, "caller identity");
}
