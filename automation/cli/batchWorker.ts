/** Worker process of `signup-batch` (forked by batchRunner.ts): real Pulumi CLI, real AWS clients. */
import { serveBatchJobs } from "./batchWorkerLoop";
import { lazyAwsClients, workspaceFactoryOf } from "./settings";

serveBatchJobs((settings) => ({
    workspaces: workspaceFactoryOf(settings),
    region: settings.region,
    aws: lazyAwsClients(settings.region),
}));
