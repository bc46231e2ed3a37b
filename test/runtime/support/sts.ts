/**
 * STS for the runtime tests: moto's STS behind a recording proxy (`stsRecorder.ts`), reached the way
 * the function reaches STS in Lambda, through the SDK's environment (`AWS_ENDPOINT_URL_STS`). The
 * credentials moto returns are real session keys of moto, so whatever the function does with them
 * next (a chained AssumeRole, an S3 call to moto's S3) is signed with them.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Moto, startMoto } from "../../engine/support/moto";
import { assumeRoleInput, type RecordedAssumeRole, type StsRecorder, startStsRecorder } from "./stsRecorder";

/** The access key id of the execution role's credentials, as Lambda provides them. */
export const EXECUTION_ROLE_KEY = "ASIAEXECUTIONROLE";

export function useExecutionRoleEnvironment(): void {
    process.env.AWS_ACCESS_KEY_ID = EXECUTION_ROLE_KEY;
    process.env.AWS_SECRET_ACCESS_KEY = "execution-role-secret";
    process.env.AWS_SESSION_TOKEN = "execution-role-session";
}

export interface MotoSts {
    /** moto's server (also usable for other services, e.g. S3). */
    readonly moto: Moto;
    /** The AssumeRole calls of the current test, in order. */
    calls(): readonly RecordedAssumeRole[];
    /** The inputs of those calls, in the SDK's shape. */
    inputs(): Record<string, unknown>[];
    /** Who signed each call: {@link EXECUTION_ROLE_KEY} or the access key of an earlier session. */
    signers(): (string | undefined)[];
    /** Answers the next AssumeRole with this STS error. */
    failNext(code: string, message: string): void;
}

/**
 * Starts moto and the recording proxy for the test file, points the SDK's STS endpoint at it and
 * the execution role's credentials into the environment; each test starts with no recorded call.
 */
export function useMotoSts(): MotoSts {
    let moto: Moto | undefined;
    let recorder: StsRecorder | undefined;
    const started = () => {
        if (moto === undefined || recorder === undefined) throw new Error("moto's STS is not started yet");
        return { moto, recorder };
    };
    beforeAll(async () => {
        useExecutionRoleEnvironment();
        moto = await startMoto();
        recorder = await startStsRecorder(moto.endpoint);
        process.env.AWS_ENDPOINT_URL_STS = recorder.endpoint;
    });
    afterAll(async () => {
        delete process.env.AWS_ENDPOINT_URL_STS;
        await recorder?.close();
        await moto?.close();
    });
    beforeEach(() => {
        if (recorder !== undefined) recorder.calls.length = 0;
    });
    return {
        get moto() {
            return started().moto;
        },
        calls: () => started().recorder.calls,
        inputs: () => started().recorder.calls.map((call) => assumeRoleInput(call.params)),
        signers: () => started().recorder.calls.map((call) => call.signedBy),
        failNext: (code, message) => started().recorder.failNext(code, message),
    };
}
