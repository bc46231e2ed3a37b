/**
 * How much of each quota is in use now, read from the services themselves. Lists are paged to the
 * end; a user pool's users are its `EstimatedNumberOfUsers` (listing 40 million users is not a
 * pre-check). Reserved concurrency is summed over the region's functions with
 * `GetFunctionConcurrency`: `GetAccountSettings` would give it in one call, but moto 5.1.22, which
 * the tests run against, does not implement it, and the sum is the same figure.
 */
import {
    type APIGatewayClient,
    GetApiKeysCommand,
    GetRestApisCommand,
    GetUsagePlansCommand,
} from "@aws-sdk/client-api-gateway";
import {
    type CognitoIdentityProviderClient,
    DescribeUserPoolCommand,
    ListGroupsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
    GetFunctionConcurrencyCommand,
    type LambdaClient,
    ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import { ListAccountsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";

/** Pages of `get` (API Gateway's `position` paging) until the last, counting items. */
async function countApiGateway(
    get: (position: string | undefined) => Promise<{ items?: unknown[]; position?: string }>,
): Promise<number> {
    let count = 0;
    let position: string | undefined;
    do {
        const page = await get(position);
        count += page.items?.length ?? 0;
        position = page.position;
    } while (position !== undefined);
    return count;
}

export async function apiKeysInUse(client: APIGatewayClient): Promise<number> {
    return countApiGateway((position) => client.send(new GetApiKeysCommand({ limit: 500, position })));
}

export async function usagePlansInUse(client: APIGatewayClient): Promise<number> {
    return countApiGateway((position) => client.send(new GetUsagePlansCommand({ limit: 500, position })));
}

export async function restApisInUse(client: APIGatewayClient): Promise<number> {
    return countApiGateway((position) => client.send(new GetRestApisCommand({ limit: 500, position })));
}

export async function groupsInUse(
    client: CognitoIdentityProviderClient,
    userPoolId: string,
): Promise<number> {
    let count = 0;
    let token: string | undefined;
    do {
        const page = await client.send(
            new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60, NextToken: token }),
        );
        count += page.Groups?.length ?? 0;
        token = page.NextToken;
    } while (token !== undefined);
    return count;
}

export async function usersInUse(client: CognitoIdentityProviderClient, userPoolId: string): Promise<number> {
    const pool = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    return pool.UserPool?.EstimatedNumberOfUsers ?? 0;
}

/** The sum of every function's reserved concurrency in the client's region. */
export async function reservedConcurrencyInUse(client: LambdaClient): Promise<number> {
    const names: string[] = [];
    let marker: string | undefined;
    do {
        const page = await client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
        for (const fn of page.Functions ?? []) if (fn.FunctionName !== undefined) names.push(fn.FunctionName);
        marker = page.NextMarker;
    } while (marker !== undefined);
    let total = 0;
    // A few calls at a time: GetFunctionConcurrency has a modest request rate.
    for (let i = 0; i < names.length; i += 8) {
        const batch = await Promise.all(
            names
                .slice(i, i + 8)
                .map((FunctionName) => client.send(new GetFunctionConcurrencyCommand({ FunctionName }))),
        );
        for (const answer of batch) total += Number(answer.ReservedConcurrentExecutions ?? 0);
    }
    return total;
}

export async function accountsInUse(client: OrganizationsClient): Promise<number> {
    let count = 0;
    let token: string | undefined;
    do {
        const page = await client.send(new ListAccountsCommand({ NextToken: token }));
        count += page.Accounts?.length ?? 0;
        token = page.NextToken;
    } while (token !== undefined);
    return count;
}
