import { type PolicyDocument, policyDocument } from "./document";

export interface AuthorizerPolicyArgs {
    /** The platform's tenant registry. */
    readonly registryTableArn: string;
    /** The platform key that encrypts the registry. */
    readonly platformKeyArn: string;
    readonly region: string;
}

/**
 * What the REQUEST authorizer may do besides logging: read tenant registry entries (one item at a
 * time: no Query, no Scan) and read API keys (to return the tenant's key value as the usage
 * identifier). Nothing that touches tenant data.
 */
export function authorizerPolicy(args: AuthorizerPolicyArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "ReadTenantRegistry",
            Effect: "Allow",
            Action: "dynamodb:GetItem",
            Resource: args.registryTableArn,
        },
        registryKeyStatement(args.platformKeyArn, args.region),
        {
            Sid: "ReadTenantApiKeys",
            Effect: "Allow",
            Action: "apigateway:GET",
            Resource: `arn:aws:apigateway:${args.region}::/apikeys/*`,
        },
    );
}

/** Decrypting with the platform key, only as DynamoDB does it for a registry read. */
export function registryKeyStatement(platformKeyArn: string, region: string) {
    return {
        Sid: "RegistryKeyThroughDynamoDB",
        Effect: "Allow" as const,
        Action: "kms:Decrypt",
        Resource: platformKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
    };
}
