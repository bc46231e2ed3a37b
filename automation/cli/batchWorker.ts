/** Worker process of `signup-batch` (forked by batchRunner.ts): real Pulumi CLI, real AWS clients. */
import { awsQuotaSources } from "../quotas/awsSources";
import { lazyQuotaGuard } from "../quotas/guard";
import { serveBatchJobs } from "./batchWorkerLoop";
import { lazyAwsClients, workspaceFactoryOf } from "./settings";

serveBatchJobs((settings) => {
    const workspaces = workspaceFactoryOf(settings);
    const aws = lazyAwsClients(settings.region);
    return {
        workspaces,
        region: settings.region,
        aws,
        // Each signup is checked in its worker; signups running at the same time are not summed.
        quotas: lazyQuotaGuard(() =>
            awsQuotaSources({
                region: settings.region,
                environment: settings.environment,
                organizations: aws.organizations,
                platformOutputs: (environment) => workspaces.platformOutputs(environment),
            }),
        ),
    };
});
