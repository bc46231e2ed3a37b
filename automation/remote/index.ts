/**
 * The tenant project's program for Pulumi Deployments (`--remote`): the same tenant program the
 * lifecycle runs inline locally, with the spec read from the stack's config (the lifecycle puts it
 * there before every remote operation; see automation/lifecycle/remoteWorkspace.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { TENANT_PROJECT } from "../../components/shared/tenantNaming";
import { tenantProgram } from "../../components/tenant/program";

const config = new pulumi.Config(TENANT_PROJECT);

export = tenantProgram(config.requireObject<unknown>("spec"), {
    organization: config.require("organization"),
});
