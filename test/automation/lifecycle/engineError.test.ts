import { CommandError } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { engineErrorText, errorText } from "../../../automation/lifecycle/engineError";

/** The message the Automation API builds (`CommandResult.toString()`), for the CLI's stderr. */
const commandError = (code: number, stderr: string, err?: string) =>
    new CommandError(`code: ${code}\n stdout: \n stderr: ${stderr}\n err?: ${err ?? ""}\n`);

const SELECT_FAILED =
    "Command failed with exit code 255: pulumi stack select --stack dev-acme --non-interactive";
const NO_TOKEN = "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions";
const NO_PASSPHRASE =
    'error: constructing secrets manager of type "passphrase": passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables';
const LOCKED =
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.";

describe("engineErrorText: a failed Pulumi CLI call as one message with a hint", () => {
    it.each([
        [
            "not logged in (code -2: the text once, without execa's line)",
            commandError(-2, `${SELECT_FAILED}\n${NO_TOKEN}\n`, `Error: ${SELECT_FAILED}\n${NO_TOKEN}\n`),
            "PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions (the Pulumi CLI is not logged in to this backend: run pulumi login (or set PULUMI_ACCESS_TOKEN, or PULUMI_BACKEND_URL for a self-managed backend) and re-run)",
        ],
        [
            "missing passphrase",
            commandError(255, `${NO_PASSPHRASE}\n`),
            'constructing secrets manager of type "passphrase": passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables (the stack\'s secrets are encrypted with a passphrase: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) and re-run)',
        ],
        [
            "locked stack",
            commandError(255, `${LOCKED}\n`),
            "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`. (the stack is locked by another update: wait for it to finish, or if it crashed run pulumi cancel --stack <stack> (self-managed backends: pulumi cancel removes the lock), then re-run)",
        ],
        [
            "an engine error speaks for itself",
            commandError(255, "error: policy require-tenant-tags: untagged\n"),
            "policy require-tenant-tags: untagged",
        ],
        [
            "no error line: the usual causes",
            commandError(-2, SELECT_FAILED, `Error: ${SELECT_FAILED}`),
            "the Pulumi CLI exited with code -2 (usual causes: not logged in (pulumi login), PULUMI_CONFIG_PASSPHRASE not set, the stack locked by a crashed update (pulumi cancel))",
        ],
    ])("%s", (_case, error, text) => {
        expect(engineErrorText(error)).toBe(text);
    });

    it("leaves other errors alone", () => {
        expect(engineErrorText(new Error("boom"))).toBeUndefined();
        expect(errorText(new TypeError("boom"))).toBe("TypeError: boom");
    });
});
