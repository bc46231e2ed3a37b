/**
 * The tenant-guard policy pack. This file only serves the pack (it starts a gRPC server for the
 * Pulumi engine): tests and tools import `./policies`, never this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("tenant-guard", { policies, enforcementLevel: "mandatory" });
