/**
 * Entry point of the `awsx` component provider double (`pulumi-resource-awsx` for the engine
 * tests). Like the aws double it refuses to start unless TENANT_TIERS_AWS_DOUBLE=test. Logs go to
 * stderr: stdout belongs to the plugin protocol.
 */
import * as provider from "@pulumi/pulumi/provider";
import { awsxDouble } from "./components";

if (process.env.TENANT_TIERS_AWS_DOUBLE !== "test") {
    process.stderr.write(
        "pulumi-resource-awsx (tenant-tiers test double) refuses to start: it is not awsx. " +
            "It runs only in the engine tests, which set TENANT_TIERS_AWS_DOUBLE=test. " +
            "Install the real provider (pulumi plugin install resource awsx) to deploy.\n",
    );
    process.exit(1);
}

const version = (require("@pulumi/awsx/package.json") as { version: string }).version;
void provider.main(awsxDouble(version), process.argv.slice(2));
