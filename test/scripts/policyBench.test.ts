import { describe, expect, it } from "vitest";
import { loadAwsGuardPolicies } from "../../scripts/policyBench";

describe("policy bench", () => {
    it("loads every awsguard resource policy without constructing its PolicyPack", () => {
        expect(loadAwsGuardPolicies().map((p) => p.name)).toEqual([
            "apigateway-stage-cached",
            "apigateway-method-cached-and-encrypted",
            "apigateway-endpoint-type",
            "ec2-instance-detailed-monitoring-enabled",
            "ec2-instance-no-public-ip",
            "ec2-volume-inuse",
            "elb-logging-enabled",
            "encrypted-volumes",
            "redshift-cluster-configuration",
            "redshift-cluster-maintenance-settings",
            "redshift-cluster-public-access",
            "dynamodb-table-encryption-enabled",
            "rds-instance-backup-enabled",
            "rds-instance-multi-az-enabled",
            "rds-instance-public-access",
            "rds-storage-encrypted",
            "elasticsearch-encrypted-at-rest",
            "elasticsearch-in-vpc-only",
            "alb-http-to-https-redirection",
            "cmk-backing-key-rotation-enabled",
            "mfa-enabled-for-iam-console-access",
            "efs-encrypted",
            "elb-deletion-protection-enabled",
            "s3-bucket-logging-enabled",
        ]);
    });
});
