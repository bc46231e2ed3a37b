/**
 * Where the pre-checks read quotas and usage: the AWS clients of the platform account, the
 * platform's user pool, and the concurrency split of the platform's config.
 */
import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { ConcurrencySplit } from "../../tiers/concurrency";

export interface QuotaSources {
    /** The platform's region (where tenants are deployed). */
    readonly region: string;
    readonly apiGateway: APIGatewayClient;
    readonly cognito: CognitoIdentityProviderClient;
    readonly lambda: LambdaClient;
    /** Service Quotas in `region`; unset: documented defaults only. */
    readonly serviceQuotas?: ServiceQuotasClient;
    /** Service Quotas in us-east-1, where the Organizations quotas live; unset: documented default. */
    readonly serviceQuotasGlobal?: ServiceQuotasClient;
    /** The management account's Organizations client; unset: the accounts quota is not read. */
    readonly organizations?: OrganizationsClient;
    /** The platform's user pool of `environment` (its `userPoolId` output). */
    userPoolId(environment: string): Promise<string>;
    /**
     * The platform's concurrency split: `premiumPerTenant` is what a premium tenant reserves,
     * `headroom` what must stay unreserved (at least AWS's 100).
     */
    readonly concurrency: Pick<ConcurrencySplit, "premiumPerTenant" | "headroom">;
}
