/**
 * A local HTTP server that answers Service Quotas (AWS JSON 1.1 protocol, target prefix
 * `ServiceQuotasV20190624`) from recorded answers: `GetServiceQuota` and
 * `GetAWSDefaultServiceQuota` bodies shaped as AWS returns them, and `NoSuchResourceException`
 * for a quota with no recording. moto implements Service Quotas only for `vpc`, so the applied-value
 * path needs these answers; the SDK client under test is the real one, talking HTTP.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedQuota {
    readonly serviceCode: string;
    readonly serviceName: string;
    readonly quotaCode: string;
    readonly quotaName: string;
    readonly value: number;
    readonly adjustable: boolean;
    readonly globalQuota: boolean;
}

export interface RecordedServiceQuotas {
    readonly endpoint: string;
    /** Each request's target operation and body, in order. */
    readonly requests: { readonly target: string; readonly body: unknown }[];
    close(): Promise<void>;
}

/** The `Quota` object of a GetServiceQuota / GetAWSDefaultServiceQuota answer. */
function quotaBody(q: RecordedQuota, region: string, account: string | undefined): Record<string, unknown> {
    const owner = account === undefined ? "" : `${account}`;
    return {
        ServiceCode: q.serviceCode,
        ServiceName: q.serviceName,
        QuotaArn: `arn:aws:servicequotas:${region}:${owner}:${q.serviceCode}/${q.quotaCode}`,
        QuotaCode: q.quotaCode,
        QuotaName: q.quotaName,
        Value: q.value,
        Unit: "None",
        Adjustable: q.adjustable,
        GlobalQuota: q.globalQuota,
        QuotaAppliedAtLevel: "ACCOUNT",
    };
}

/**
 * Serves `applied` to GetServiceQuota and `defaults` to GetAWSDefaultServiceQuota; anything not
 * recorded answers `NoSuchResourceException` as Service Quotas does.
 */
export async function recordedServiceQuotas(recordings: {
    readonly region: string;
    readonly account: string;
    readonly applied: readonly RecordedQuota[];
    readonly defaults: readonly RecordedQuota[];
    /** Quota codes whose GetServiceQuota answers this error type (HTTP 400), as a throttled call does. */
    readonly failing?: Readonly<Record<string, string>>;
}): Promise<RecordedServiceQuotas> {
    const requests: { target: string; body: unknown }[] = [];
    const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
        req.on("end", () => {
            const target = String(req.headers["x-amz-target"] ?? "");
            const body = JSON.parse(raw || "{}") as { ServiceCode?: string; QuotaCode?: string };
            requests.push({ target, body });
            const operation = target.replace("ServiceQuotasV20190624.", "");
            const pool =
                operation === "GetServiceQuota"
                    ? recordings.applied
                    : operation === "GetAWSDefaultServiceQuota"
                      ? recordings.defaults
                      : undefined;
            const failure =
                operation === "GetServiceQuota" ? recordings.failing?.[body.QuotaCode ?? ""] : undefined;
            if (failure !== undefined) {
                res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
                res.end(JSON.stringify({ __type: failure, message: "Rate exceeded" }));
                return;
            }
            const found = pool?.find(
                (q) => q.serviceCode === body.ServiceCode && q.quotaCode === body.QuotaCode,
            );
            const answer =
                found === undefined
                    ? {
                          status: 400,
                          json: {
                              __type: "NoSuchResourceException",
                              message:
                                  "The request failed because the specified service or quota doesn't exist.",
                          },
                      }
                    : {
                          status: 200,
                          json: {
                              Quota: quotaBody(
                                  found,
                                  recordings.region,
                                  operation === "GetServiceQuota" ? recordings.account : undefined,
                              ),
                          },
                      };
            res.writeHead(answer.status, {
                "content-type": "application/x-amz-json-1.1",
                "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
            });
            res.end(JSON.stringify(answer.json));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
