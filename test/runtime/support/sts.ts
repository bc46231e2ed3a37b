/**
 * STS through aws-sdk-client-mock. `fromTemporaryCredentials` uses the STS client bundled in
 * `@aws-sdk/nested-clients`, so that is the class mocked (mocking `@aws-sdk/client-sts` would
 * leave the real one in place and send the tests to the network).
 */
import { AssumeRoleCommand, STSClient } from "@aws-sdk/nested-clients/sts";
import { mockClient } from "aws-sdk-client-mock";
import { EMULATOR_CREDENTIALS } from "./emulators";

export { AssumeRoleCommand, STSClient };

/** The execution role's credentials as Lambda provides them (environment variables). */
export const EXECUTION_ROLE_SESSION = "execution-role-session";

export function useExecutionRoleEnvironment(): void {
    process.env.AWS_ACCESS_KEY_ID = "ASIAEXECUTIONROLE";
    process.env.AWS_SECRET_ACCESS_KEY = "execution-role-secret";
    process.env.AWS_SESSION_TOKEN = EXECUTION_ROLE_SESSION;
}

/**
 * An STS mock whose AssumeRole returns a one-hour session `session-<n>` (with s3rver's key pair,
 * so the emulators accept it). `callers` records, per call, the session token of the credentials
 * the calling STS client signs with: who assumed the role.
 */
export function mockSts(options: { failFirstWith?: Error } = {}) {
    const sts = mockClient(STSClient);
    const callers: (string | undefined)[] = [];
    const behaviour = sts.on(AssumeRoleCommand);
    (options.failFirstWith === undefined
        ? behaviour
        : behaviour.rejectsOnce(options.failFirstWith)
    ).callsFake(async (_input, getClient) => {
        const signer = await getClient().config.credentials();
        callers.push(signer.sessionToken);
        return {
            Credentials: {
                AccessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
                SecretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
                SessionToken: `session-${callers.length}`,
                Expiration: new Date(Date.now() + 3600 * 1000),
            },
        };
    });
    return { sts, callers };
}
