/**
 * STS for the runtime tests: moto's STS answers every AssumeRole, through a recording proxy on
 * 127.0.0.1 that the SDK reaches by `AWS_ENDPOINT_URL_STS`. The proxy records what was sent (the
 * form parameters), who signed it (the access key id of the SigV4 `Authorization` header) and what
 * moto answered (the session's keys), and can answer the next call with an STS error in STS's own
 * wire format: moto does not evaluate IAM, so a refused `sts:TagSession` can only be reproduced.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedAssumeRole {
    /** Form parameters of the call (`RoleArn`, `RoleSessionName`, `Tags.member.1.Key`, ...). */
    readonly params: Readonly<Record<string, string>>;
    /** Access key id of the credentials that signed the call: who assumed the role. */
    readonly signedBy: string | undefined;
    /** Keys of the session moto returned; undefined when the call was answered with an error. */
    readonly session?: { readonly accessKeyId: string; readonly sessionToken: string };
}

export interface StsRecorder {
    readonly endpoint: string;
    readonly calls: RecordedAssumeRole[];
    /** Answers the next call with this STS error (HTTP 403, `<ErrorResponse>`), without reaching moto. */
    failNext(code: string, message: string): void;
    close(): Promise<void>;
}

const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
        let body = "";
        request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        request.on("end", () => resolve(body));
        request.on("error", reject);
    });

const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** The access key id of a SigV4 `Authorization` header (`... Credential=<key>/<date>/...`). */
const signerOf = (authorization: string | undefined) => /Credential=([^/]+)\//.exec(authorization ?? "")?.[1];

export async function startStsRecorder(motoEndpoint: string): Promise<StsRecorder> {
    const calls: RecordedAssumeRole[] = [];
    const failures: { code: string; message: string }[] = [];
    const server = createServer((request, response) => {
        void (async () => {
            const body = await readBody(request);
            const params = Object.fromEntries(new URLSearchParams(body));
            const signedBy = signerOf(request.headers.authorization);
            const failure = failures.shift();
            if (failure !== undefined) {
                calls.push({ params, signedBy });
                response.writeHead(403, { "content-type": "text/xml" });
                response.end(
                    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
                        `<Code>${failure.code}</Code><Message>${failure.message}</Message></Error>` +
                        `<RequestId>recorded-${calls.length}</RequestId></ErrorResponse>`,
                );
                return;
            }
            const headers = Object.fromEntries(
                Object.entries(request.headers).filter(
                    (entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host",
                ),
            );
            const answer = await fetch(`${motoEndpoint}${request.url ?? "/"}`, {
                method: request.method ?? "POST",
                headers,
                body,
            });
            const text = await answer.text();
            const accessKeyId = tag(text, "AccessKeyId");
            const sessionToken = tag(text, "SessionToken");
            calls.push({
                params,
                signedBy,
                ...(accessKeyId === undefined || sessionToken === undefined
                    ? {}
                    : { session: { accessKeyId, sessionToken } }),
            });
            response.writeHead(answer.status, {
                "content-type": answer.headers.get("content-type") ?? "text/xml",
            });
            response.end(text);
        })().catch((error: unknown) => {
            response.writeHead(502, { "content-type": "text/plain" });
            response.end(String(error));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls,
        failNext: (code, message) => failures.push({ code, message }),
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** The AssumeRole input a call carried, in the SDK's shape, for exact comparison. */
export function assumeRoleInput(params: Readonly<Record<string, string>>): Record<string, unknown> {
    const tags: { Key: string; Value: string }[] = [];
    for (let n = 1; params[`Tags.member.${n}.Key`] !== undefined; n++) {
        tags.push({
            Key: params[`Tags.member.${n}.Key`] ?? "",
            Value: params[`Tags.member.${n}.Value`] ?? "",
        });
    }
    const transitive: string[] = [];
    for (let n = 1; params[`TransitiveTagKeys.member.${n}`] !== undefined; n++) {
        transitive.push(params[`TransitiveTagKeys.member.${n}`] ?? "");
    }
    return {
        Action: params.Action,
        RoleArn: params.RoleArn,
        RoleSessionName: params.RoleSessionName,
        DurationSeconds: Number(params.DurationSeconds),
        ...(tags.length === 0 ? {} : { Tags: tags }),
        ...(transitive.length === 0 ? {} : { TransitiveTagKeys: transitive }),
    };
}
