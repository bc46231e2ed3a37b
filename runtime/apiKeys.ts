/**
 * Resolves a tenant's API key id (from the registry) to the key's value, which the authorizer
 * returns as `usageIdentifierKey` so that API Gateway applies the tenant's usage plan. Values are
 * cached: GetApiKey is a control-plane call with a low rate limit, and a key's value never changes
 * (rotation creates a new key id, which reaches the registry and so the cache key).
 */
import { type APIGatewayClient, GetApiKeyCommand } from "@aws-sdk/client-api-gateway";
import { TtlCache } from "./ttlCache";

/** Seconds a resolved key value is reused. */
export const API_KEY_CACHE_SECONDS = 300;

/** The key cannot be used for the tenant: missing value, or disabled. */
export class ApiKeyUnavailableError extends Error {
    override readonly name = "ApiKeyUnavailableError";
    constructor(
        readonly apiKeyId: string,
        problem: string,
    ) {
        super(`API key ${apiKeyId} cannot be used: ${problem}`);
    }
}

/** API key id → value, cached per execution environment. */
export class ApiKeyValues {
    readonly #cache: TtlCache<string>;

    constructor(
        private readonly apiGateway: APIGatewayClient,
        cacheSeconds = API_KEY_CACHE_SECONDS,
    ) {
        this.#cache = new TtlCache(cacheSeconds * 1000);
    }

    /** The value of the key; throws {@link ApiKeyUnavailableError} when it has none or is disabled. */
    async valueOf(apiKeyId: string): Promise<string> {
        return this.#cache.get(apiKeyId, async () => {
            const key = await this.apiGateway.send(
                new GetApiKeyCommand({ apiKey: apiKeyId, includeValue: true }),
            );
            if (key.enabled === false) throw new ApiKeyUnavailableError(apiKeyId, "the key is disabled");
            if (key.value === undefined || key.value === "") {
                throw new ApiKeyUnavailableError(apiKeyId, "API Gateway returned no value");
            }
            return key.value;
        });
    }
}
