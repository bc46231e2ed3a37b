/**
 * Entry point of the `aws` provider double (`pulumi-resource-aws` for the engine tests). It
 * refuses to start unless TENANT_TIERS_AWS_DOUBLE=test, so it can never stand in for AWS by
 * accident. Logs go to stderr: stdout belongs to the plugin protocol.
 */
import * as grpc from "@grpc/grpc-js";
import * as provider from "@pulumi/pulumi/provider";
import { awsDouble } from "./provider";
import { configure } from "./settings";

if (process.env.TENANT_TIERS_AWS_DOUBLE !== "test") {
    process.stderr.write(
        "pulumi-resource-aws (tenant-tiers test double) refuses to start: it is not AWS. " +
            "It runs only in the engine tests, which set TENANT_TIERS_AWS_DOUBLE=test. " +
            "Install the real provider (pulumi plugin install resource aws) to deploy.\n",
    );
    process.exit(1);
}

interface ConfigureCall {
    request: {
        getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
        getVariablesMap(): { toArray(): [string, string][] };
    };
}
type Handler = (call: ConfigureCall, callback: unknown) => unknown;

// The SDK's server answers Configure without handing its arguments to the provider object; the
// double needs them (region, assumeRoles, defaultTags), so it reads the request on its way in.
const addService = grpc.Server.prototype.addService; // eslint-disable-line @typescript-eslint/unbound-method
grpc.Server.prototype.addService = function (this: grpc.Server, service, implementation) {
    const impl = implementation as Record<string, Handler>;
    const original = impl.configure;
    if (original !== undefined) {
        impl.configure = function (call, callback) {
            configure(
                call.request.getArgs()?.toJavaScript(),
                new Map(call.request.getVariablesMap().toArray()),
            );
            return original.call(this, call, callback);
        };
    }
    return addService.call(this, service, implementation);
};

const version = (require("@pulumi/aws/package.json") as { version: string }).version;
void provider.main(awsDouble(version), process.argv.slice(2));
