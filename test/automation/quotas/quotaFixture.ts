/**
 * The platform account on moto's server for the quota tests: a user pool with tenants' groups and
 * users, API keys, usage plans and REST APIs, functions with reserved concurrency, an organization
 * with member accounts; and the quota sources that read it (Service Quotas from moto, or from
 * recorded answers).
 */
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateRestApiCommand,
    CreateUsagePlanCommand,
} from "@aws-sdk/client-api-gateway";
import {
    AdminCreateUserCommand,
    CognitoIdentityProviderClient,
    CreateGroupCommand,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateFunctionCommand, LambdaClient, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import {
    CreateAccountCommand,
    CreateOrganizationCommand,
    OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { QuotaSources } from "../../../automation/quotas/sources";

export const REGION = "eu-west-1";
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

export interface PlatformAccount {
    readonly apiGateway: APIGatewayClient;
    readonly cognito: CognitoIdentityProviderClient;
    readonly lambda: LambdaClient;
    readonly organizations: OrganizationsClient;
    readonly userPoolId: string;
}

const on = (endpoint: string, region = REGION) => ({ endpoint, region, credentials: CREDENTIALS });

/** moto's IAM (query protocol, no client in this repository): a role Lambda accepts as execution role. */
async function createRole(endpoint: string, name: string): Promise<string> {
    const response = await fetch(endpoint, {
        method: "POST",
        headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization:
                "AWS4-HMAC-SHA256 Credential=testing/20260301/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: new URLSearchParams({
            Action: "CreateRole",
            Version: "2010-05-08",
            RoleName: name,
            AssumeRolePolicyDocument: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "lambda.amazonaws.com" },
                        Action: "sts:AssumeRole",
                    },
                ],
            }),
        }),
    });
    const arn = /<Arn>([^<]+)<\/Arn>/.exec(await response.text())?.[1];
    if (arn === undefined) throw new Error(`moto's IAM did not create role ${name} (${response.status})`);
    return arn;
}

/** What the account holds, as the counts the platform and its tenants made. */
export interface AccountShape {
    /** Tenants: one API key, one group, one user each. */
    readonly tenants: number;
    readonly usagePlans: number;
    readonly restApis: number;
    /** Reserved concurrency of each function (one function per entry). */
    readonly reservations: readonly number[];
    /** Member accounts besides the management account (`undefined`: no organization). */
    readonly memberAccounts?: number;
}

export async function platformAccount(endpoint: string, shape: AccountShape): Promise<PlatformAccount> {
    const apiGateway = new APIGatewayClient(on(endpoint));
    const cognito = new CognitoIdentityProviderClient(on(endpoint));
    const lambda = new LambdaClient(on(endpoint));
    const organizations = new OrganizationsClient(on(endpoint, "us-east-1"));
    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: "tenant-tiers-dev-users" }));
    const userPoolId = pool.UserPool?.Id as string;
    for (let i = 1; i <= shape.tenants; i++) {
        await apiGateway.send(new CreateApiKeyCommand({ name: `tenant-tiers-dev-t${i}`, enabled: true }));
        await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: `tenant-t${i}` }));
        await cognito.send(
            new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: `ops@t${i}.example` }),
        );
    }
    for (let i = 1; i <= shape.usagePlans; i++) {
        await apiGateway.send(new CreateUsagePlanCommand({ name: `plan-${i}` }));
    }
    for (let i = 1; i <= shape.restApis; i++) {
        await apiGateway.send(new CreateRestApiCommand({ name: `api-${i}` }));
    }
    if (shape.reservations.length > 0) {
        const Role = await createRole(endpoint, "tenant-tiers-dev-functions");
        for (const [i, reserved] of shape.reservations.entries()) {
            const FunctionName = `function-${i + 1}`;
            await lambda.send(
                new CreateFunctionCommand({
                    FunctionName,
                    Role,
                    Runtime: "nodejs22.x",
                    Handler: "index.handler",
                    Code: { ZipFile: new Uint8Array([0x50, 0x4b, 0x05, 0x06]) },
                }),
            );
            await lambda.send(
                new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: reserved }),
            );
        }
    }
    if (shape.memberAccounts !== undefined) {
        await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
        for (let i = 1; i <= shape.memberAccounts; i++) {
            await organizations.send(
                new CreateAccountCommand({ AccountName: `silo-${i}`, Email: `aws+silo-${i}@example.com` }),
            );
        }
    }
    return { apiGateway, cognito, lambda, organizations, userPoolId };
}

/** Sources over `account`; Service Quotas at `serviceQuotasEndpoint` (moto's, or recorded answers). */
export function sourcesOf(
    account: PlatformAccount,
    serviceQuotasEndpoint: string,
    options: { readonly organizations?: boolean } = {},
): QuotaSources {
    return {
        region: REGION,
        apiGateway: account.apiGateway,
        cognito: account.cognito,
        lambda: account.lambda,
        serviceQuotas: new ServiceQuotasClient(on(serviceQuotasEndpoint)),
        serviceQuotasGlobal: new ServiceQuotasClient(on(serviceQuotasEndpoint, "us-east-1")),
        ...(options.organizations === false ? {} : { organizations: account.organizations }),
        userPoolId: async () => account.userPoolId,
        concurrency: { premiumPerTenant: 20, headroom: 100 },
    };
}
