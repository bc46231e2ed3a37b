/**
 * A minimal STS endpoint on 127.0.0.1 answering AssumeRole (query protocol), for running the
 * bundled handler as Lambda would: its own SDK copy, configured only through the environment
 * (`AWS_ENDPOINT_URL_STS`). Records the parameters of every call.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EMULATOR_CREDENTIALS } from "./emulators";

export interface FakeSts {
    readonly endpoint: string;
    /** Form parameters of each AssumeRole call, in order. */
    readonly calls: Record<string, string>[];
    close(): Promise<void>;
}

export async function startFakeSts(): Promise<FakeSts> {
    const calls: Record<string, string>[] = [];
    const server = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk: Buffer) => {
            body += chunk.toString("utf8");
        });
        request.on("end", () => {
            const params = Object.fromEntries(new URLSearchParams(body));
            calls.push(params);
            const expiration = new Date(Date.now() + 3600 * 1000).toISOString();
            response.writeHead(200, { "content-type": "text/xml" });
            response.end(
                `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
                    `<Credentials><AccessKeyId>${EMULATOR_CREDENTIALS.accessKeyId}</AccessKeyId>` +
                    `<SecretAccessKey>${EMULATOR_CREDENTIALS.secretAccessKey}</SecretAccessKey>` +
                    `<SessionToken>session-${calls.length}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
                    `<AssumedRoleUser><AssumedRoleId>AROAFAKE:${params.RoleSessionName ?? ""}</AssumedRoleId>` +
                    `<Arn>arn:aws:sts::123456789012:assumed-role/fake/${params.RoleSessionName ?? ""}</Arn></AssumedRoleUser>` +
                    `</AssumeRoleResult><ResponseMetadata><RequestId>fake-${calls.length}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
            );
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
