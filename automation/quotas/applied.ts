/**
 * The value of a quota that applies to this account: Service Quotas' applied value
 * (`GetServiceQuota`), else its AWS default (`GetAWSDefaultServiceQuota`), else the documented
 * default of the catalog. Service Quotas does not list every quota, and does not answer every
 * caller (no permission, a region it does not serve): those cases fall back; any other failure of
 * `GetServiceQuota` (throttling, an outage) fails the check rather than guess.
 */
import {
    GetAWSDefaultServiceQuotaCommand,
    GetServiceQuotaCommand,
    type ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import type { QuotaDefinition } from "./catalog";

/** Where a quota's value was read. */
export type QuotaSource = "applied" | "aws-default" | "documented";

export interface QuotaValue {
    readonly value: number;
    readonly source: QuotaSource;
}

/** Errors that mean "Service Quotas has no answer here", not "something broke". */
const NO_ANSWER = new Set(["NoSuchResourceException", "AccessDeniedException", "IllegalArgumentException"]);

const noAnswer = (error: unknown): boolean => error instanceof Error && NO_ANSWER.has(error.name);

/**
 * The value of `quota`. `client` must be in the quota's region (us-east-1 for Organizations); with
 * no client, or for a quota without a code, the documented default.
 */
export async function appliedQuota(
    quota: QuotaDefinition,
    client: ServiceQuotasClient | undefined,
): Promise<QuotaValue> {
    const documented: QuotaValue = { value: quota.documentedDefault, source: "documented" };
    if (client === undefined || quota.quotaCode === undefined) return documented;
    const ids = { ServiceCode: quota.serviceCode, QuotaCode: quota.quotaCode };
    try {
        const applied = (await client.send(new GetServiceQuotaCommand(ids))).Quota?.Value;
        if (applied !== undefined) return { value: applied, source: "applied" };
    } catch (error) {
        if (!noAnswer(error)) throw error;
    }
    try {
        const fallback = (await client.send(new GetAWSDefaultServiceQuotaCommand(ids))).Quota?.Value;
        if (fallback !== undefined) return { value: fallback, source: "aws-default" };
    } catch {
        // Service Quotas has no applied value here; its default is a convenience, the documented
        // default stands in for it whatever the reason (moto 5.1.22, for one, answers this call
        // with a 500 page: it implements only GetServiceQuota, and only for vpc).
    }
    return documented;
}
