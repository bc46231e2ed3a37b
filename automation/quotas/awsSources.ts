/**
 * The quota sources of a real run: SDK clients with the default credential chain in the
 * platform's region (Service Quotas also in us-east-1 for the Organizations quota), the user pool
 * from the platform stack's outputs, and the concurrency split of the platform's
 * `Pulumi.<environment>.yaml`.
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { parsePlatformConfig } from "../../config";
import { readStackConfig } from "../../plan/stackConfig";
import { LifecycleStateError } from "../lifecycle/errors";
import type { QuotaSources } from "./sources";

/** The concurrency split of the platform config of `environment` (read from this repository). */
export function platformConcurrency(environment: string, dir?: string): QuotaSources["concurrency"] {
    try {
        const { premiumPerTenant, headroom } = parsePlatformConfig(
            readStackConfig(environment, dir).values,
        ).concurrency;
        return { premiumPerTenant, headroom };
    } catch (error) {
        throw new LifecycleStateError(
            `the quota pre-check reads the concurrency split (premium reservation, concurrencyHeadroom) from the ` +
                `platform's Pulumi.${environment}.yaml, which failed: ${error instanceof Error ? error.message : String(error)}; ` +
                `run the CLI from the platform's checkout; nothing was changed`,
            { cause: error },
        );
    }
}

/** The user pool id of the platform stack's outputs. */
export function userPoolIdFrom(
    platformOutputs: (environment: string) => Promise<Readonly<Record<string, unknown>>>,
): (environment: string) => Promise<string> {
    return async (environment) => {
        const id = (await platformOutputs(environment)).userPoolId;
        if (typeof id !== "string" || id === "") {
            throw new LifecycleStateError(
                `the platform stack of ${environment} has no output "userPoolId": update the platform stack (pulumi up) first; nothing was changed`,
            );
        }
        return id;
    };
}

export function awsQuotaSources(options: {
    readonly region: string;
    readonly environment: string;
    readonly organizations?: OrganizationsClient;
    readonly platformOutputs: (environment: string) => Promise<Readonly<Record<string, unknown>>>;
}): QuotaSources {
    const { region } = options;
    return {
        region,
        apiGateway: new APIGatewayClient({ region }),
        cognito: new CognitoIdentityProviderClient({ region }),
        lambda: new LambdaClient({ region }),
        serviceQuotas: new ServiceQuotasClient({ region }),
        serviceQuotasGlobal: new ServiceQuotasClient({ region: "us-east-1" }),
        ...(options.organizations === undefined ? {} : { organizations: options.organizations }),
        userPoolId: userPoolIdFrom(options.platformOutputs),
        concurrency: platformConcurrency(options.environment),
    };
}
