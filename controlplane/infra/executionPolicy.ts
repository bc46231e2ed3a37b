/**
 * The ECS task execution role's policy (what ECS itself does before the app runs): pull the image
 * from the control plane's repository, write the tasks' logs, and read the Pulumi access token
 * when the tenant stacks live on Pulumi Cloud.
 */
import {
    type PolicyDocument,
    type PolicyStatement,
    policyDocument,
} from "../../components/policies/document";

export interface ExecutionPolicyArgs {
    readonly repositoryArn: string;
    readonly logGroupArns: readonly string[];
    /** The Pulumi Cloud token's secret; `undefined` with the S3 backend. */
    readonly accessTokenSecretArn: string | undefined;
}

export function executionPolicy(args: ExecutionPolicyArgs): PolicyDocument {
    const statements: PolicyStatement[] = [
        // GetAuthorizationToken is account-wide: it has no resource to scope to.
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
            Sid: "PullImage",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: args.repositoryArn,
        },
        {
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: args.logGroupArns.map((arn) => `${arn}:log-stream:*`),
        },
    ];
    if (args.accessTokenSecretArn !== undefined) {
        statements.push({
            Sid: "PulumiAccessToken",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: args.accessTokenSecretArn,
        });
    }
    return policyDocument(...statements);
}
