import { describe, expect, it } from "vitest";
import { tenantDataResourcePolicies } from "../../policypacks/tenant-guard/policies";
import { checkStack, type StackFixture } from "./harness";
import {
    KEY_ID,
    ACCESS_ROLE_ARN,
    ACCOUNT,
    BUCKET,
    doc,
    OUTSIDE,
    REGION,
    stackChanging,
    stackWith,
    TABLE,
    TABLE_ARN,
    TAG,
} from "./stackFixtures";

const bucketPolicy = (...statements: Record<string, unknown>[]): StackFixture => ({
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: "files-policy",
    props: { bucket: BUCKET, policy: doc(...statements) },
});
const denyInsecure = {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
};

describe("tenant-data-resource-policies", () => {
    it.each<[string, StackFixture[]]>([
        ["a bucket policy that only denies insecure transport", stackWith(bucketPolicy(denyInsecure))],
        [
            "a bucket policy for the tenant access role under the tenant's prefix",
            stackWith(
                bucketPolicy({
                    Sid: "TenantObjects",
                    Effect: "Allow",
                    Principal: { AWS: ACCESS_ROLE_ARN },
                    Action: "s3:GetObject",
                    Resource: `arn:aws:s3:::${BUCKET}/${TAG}/*`,
                }),
            ),
        ],
        [
            "an access-log bucket policy for an unrelated bucket",
            stackWith({
                type: "aws:s3/bucketPolicy:BucketPolicy",
                name: "logs-policy",
                props: {
                    bucket: "app-logs",
                    policy: doc({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::app-logs/*",
                    }),
                },
            }),
        ],
    ])("passes %s", async (_name, stack) => {
        expect(await checkStack(tenantDataResourcePolicies, stack)).toEqual([]);
    });

    it.each<[string, StackFixture[], string[]]>([
        [
            "a bucket policy sharing the tenant files with a partner account",
            stackWith(
                bucketPolicy(denyInsecure, {
                    Sid: "PartnerRead",
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` },
                    Action: ["s3:GetObject", "s3:ListBucket"],
                    Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
                }),
            ),
            [
                'files-policy: tenant-data-resource-policies: aws:s3/bucketPolicy:BucketPolicy "files-policy" statement "PartnerRead" allows "arn:aws:iam::999988887777:root", which is outside the stack\'s accounts ["123456789012"].',
            ],
        ],
        [
            "a bucket policy making a 'public' folder of the tenant bucket readable",
            stackWith(
                bucketPolicy({
                    Sid: "PublicAssets",
                    Effect: "Allow",
                    Principal: "*",
                    Action: "s3:GetObject",
                    Resource: `arn:aws:s3:::${BUCKET}/public/*`,
                }),
            ),
            [
                'files-policy: tenant-data-resource-policies: aws:s3/bucketPolicy:BucketPolicy "files-policy" statement "PublicAssets" allows Principal "*".',
            ],
        ],
        [
            "a key policy opened to everyone for decrypts",
            stackChanging("data-key", (props) => ({
                ...props,
                policy: doc(
                    {
                        Sid: "Account",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        Sid: "Anyone",
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "kms:Decrypt",
                        Resource: "*",
                    },
                ),
            })),
            [
                'data-key: tenant-data-resource-policies: aws:kms/key:Key "data-key" statement "Anyone" allows Principal "*".',
            ],
        ],
        [
            "a table resource policy letting a reporting role match tenants by prefix",
            stackWith({
                type: "aws:dynamodb/resourcePolicy:ResourcePolicy",
                name: "items-policy",
                props: {
                    resourceArn: TABLE_ARN,
                    policy: doc({
                        Sid: "Reports",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reports` },
                        Action: "dynamodb:Query",
                        Resource: TABLE_ARN,
                        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["acme*"] } },
                    }),
                },
            }),
            [
                'items-policy: tenant-data-resource-policies: aws:dynamodb/resourcePolicy:ResourcePolicy "items-policy" statement "Reports" uses ForAllValues:StringLike on dynamodb:LeadingKeys (["acme*"]), which lets one tenant match another\'s id.',
                'items-policy: tenant-data-resource-policies: aws:dynamodb/resourcePolicy:ResourcePolicy "items-policy" statement "Reports" grants dynamodb:Query on tenant table "app-items" with dynamodb:LeadingKeys "unpinned" and Null guard "unset", but only ForAllValues:StringEquals "${aws:PrincipalTag/TenantId}" with Null "false" keeps a tenant in its partition.',
            ],
        ],
        [
            "a queue policy letting any SNS topic send",
            stackWith({
                type: "aws:sqs/queuePolicy:QueuePolicy",
                name: "ingest-policy",
                props: {
                    queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/ingest",
                    policy: doc({
                        Effect: "Allow",
                        Principal: { Service: "sns.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: "*",
                    }),
                },
            }),
            [
                'ingest-policy: tenant-data-resource-policies: aws:sqs/queuePolicy:QueuePolicy "ingest-policy" statement "#0" allows service sns.amazonaws.com without an aws:SourceAccount or aws:SourceArn condition naming an own account.',
            ],
        ],
    ])("reports %s", async (_name, stack, messages) => {
        expect(await checkStack(tenantDataResourcePolicies, stack)).toEqual(messages);
    });

    it("reports a KMS grant on a tenant key to a role outside the platform principals", async () => {
        const stack = stackWith({
            type: "aws:kms/grant:Grant",
            name: "bi-decrypt",
            props: {
                keyId: KEY_ID,
                granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/bi`,
                operations: ["Decrypt"],
            },
        });
        expect(await checkStack(tenantDataResourcePolicies, stack)).toEqual([
            `bi-decrypt: tenant-data-resource-policies: aws:kms/grant:Grant "bi-decrypt" gives "arn:aws:iam::${ACCOUNT}:role/bi" ["Decrypt"] on tenant key "${KEY_ID}", and a grant bypasses the TenantId conditions of IAM; only platformPrincipals may hold grants on tenant keys.`,
        ]);
        const config = { platformPrincipals: [`arn:aws:iam::${ACCOUNT}:role/bi`] };
        expect(await checkStack(tenantDataResourcePolicies, stack, { config })).toEqual([]);
    });
});

const RP = "tenant-data-resource-policies";
const OWN = `["${ACCOUNT}"]`;
const replication = (name: string, bucket: string, destination: Record<string, unknown>): StackFixture => ({
    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    name,
    props: {
        bucket,
        role: `arn:aws:iam::${ACCOUNT}:role/files-replication`,
        rules: [{ id: "all", status: "Enabled", destination }],
    },
});
const drBucket: StackFixture = {
    type: "aws:s3/bucket:Bucket",
    name: "files-dr",
    props: {
        bucket: "app-tenant-files-dr",
        tags: { TenantId: "platform", Tier: "pooled", Environment: "dev" },
    },
};
const accessPoint = (props: Record<string, unknown>): StackFixture => ({
    type: "aws:s3/accessPoint:AccessPoint",
    name: "files-partner",
    props: {
        name: "files-partner",
        bucket: BUCKET,
        arn: `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/files-partner`,
        ...props,
    },
});
const POINT_OBJECTS = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/files-partner/object/*`;

describe("tenant-data-resource-policies: copies and access points", () => {
    it.each<[string, StackFixture[]]>([
        [
            "replication of the tenant bucket to a DR bucket the stack creates",
            stackWith(
                drBucket,
                replication("files-replication", BUCKET, { bucket: "arn:aws:s3:::app-tenant-files-dr" }),
            ),
        ],
        [
            "replication to a bucket of an own account named by destination.account",
            stackWith(
                replication("files-replication", BUCKET, {
                    bucket: "arn:aws:s3:::dr-files",
                    account: ACCOUNT,
                }),
            ),
        ],
        [
            "replication of an unrelated log bucket to a partner",
            stackWith(
                replication("logs-replication", "app-logs", {
                    bucket: "arn:aws:s3:::partner-logs",
                    account: OUTSIDE,
                }),
            ),
        ],
        [
            "a Kinesis streaming destination in the own account",
            stackWith({
                type: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
                name: "items-stream",
                props: {
                    tableName: TABLE,
                    streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/items-changes`,
                },
            }),
        ],
        [
            "an access point for the tenant access role with public access blocks left on",
            stackWith(
                accessPoint({
                    policy: doc({
                        Sid: "TenantAccess",
                        Effect: "Allow",
                        Principal: { AWS: ACCESS_ROLE_ARN },
                        Action: "s3:GetObject",
                        Resource: POINT_OBJECTS,
                    }),
                }),
            ),
        ],
        [
            "an access point policy delegating to the own account",
            stackWith(accessPoint({}), {
                type: "aws:s3control/accessPointPolicy:AccessPointPolicy",
                name: "files-partner-policy",
                props: {
                    accessPointArn: `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/files-partner`,
                    policy: doc({
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "s3:GetObject",
                        Resource: POINT_OBJECTS,
                    }),
                },
            }),
        ],
    ])("passes %s", async (_name, stack) => {
        expect(await checkStack(tenantDataResourcePolicies, stack)).toEqual([]);
    });

    it.each<[string, StackFixture[], string[]]>([
        [
            "replication of the tenant bucket to a partner's account",
            stackWith(
                replication("files-replication", BUCKET, {
                    bucket: "arn:aws:s3:::partner-dr-files",
                    account: OUTSIDE,
                    accessControlTranslation: { owner: "Destination" },
                }),
            ),
            [
                `files-replication: ${RP}: aws:s3/bucketReplicationConfig:BucketReplicationConfig "files-replication" replicates tenant bucket "${BUCKET}" to "arn:aws:s3:::partner-dr-files" in account ${OUTSIDE}, which is outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "replication to a bucket the stack does not create, with no account given",
            stackWith(
                replication("files-replication", BUCKET, { bucket: "arn:aws:s3:::someone-elses-backup" }),
            ),
            [
                `files-replication: ${RP}: aws:s3/bucketReplicationConfig:BucketReplicationConfig "files-replication" replicates tenant bucket "${BUCKET}" to "arn:aws:s3:::someone-elses-backup", which the stack does not create and whose account is not given, so it may be outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "the legacy inline replicationConfiguration of the tenant bucket to another account",
            stackChanging("files", (props) => ({
                ...props,
                replicationConfiguration: {
                    role: `arn:aws:iam::${ACCOUNT}:role/files-replication`,
                    rules: [
                        {
                            status: "Enabled",
                            destination: { bucket: "arn:aws:s3:::backup-files", accountId: OUTSIDE },
                        },
                    ],
                },
            })),
            [
                `files: ${RP}: aws:s3/bucket:Bucket "files" replicates tenant bucket "${BUCKET}" to "arn:aws:s3:::backup-files" in account ${OUTSIDE}, which is outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "a Kinesis streaming destination in an analytics vendor's account",
            stackWith({
                type: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
                name: "items-stream",
                props: {
                    tableName: TABLE,
                    streamArn: `arn:aws:kinesis:${REGION}:${OUTSIDE}:stream/analytics`,
                },
            }),
            [
                `items-stream: ${RP}: aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination "items-stream" streams tenant table "${TABLE}" to "arn:aws:kinesis:${REGION}:${OUTSIDE}:stream/analytics" in account ${OUTSIDE}, which is outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "a table export to a bucket owned by another account",
            stackWith({
                type: "aws:dynamodb/tableExport:TableExport",
                name: "items-export",
                props: { tableArn: TABLE_ARN, s3Bucket: "partner-exports", s3BucketOwner: OUTSIDE },
            }),
            [
                `items-export: ${RP}: aws:dynamodb/tableExport:TableExport "items-export" exports tenant table "${TABLE}" to "partner-exports" in account ${OUTSIDE}, which is outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "a daily inventory of the tenant bucket delivered to an auditor's bucket",
            stackWith({
                type: "aws:s3/inventory:Inventory",
                name: "files-inventory",
                props: {
                    bucket: BUCKET,
                    name: "daily",
                    includedObjectVersions: "Current",
                    schedule: { frequency: "Daily" },
                    destination: {
                        bucket: {
                            bucketArn: "arn:aws:s3:::auditor-inventories",
                            accountId: OUTSIDE,
                            format: "CSV",
                        },
                    },
                },
            }),
            [
                `files-inventory: ${RP}: aws:s3/inventory:Inventory "files-inventory" lists tenant bucket "${BUCKET}" into "arn:aws:s3:::auditor-inventories" in account ${OUTSIDE}, which is outside the stack's accounts ${OWN}.`,
            ],
        ],
        [
            "an access point on the tenant bucket open to everyone",
            stackWith(
                accessPoint({
                    policy: doc({
                        Sid: "Everyone",
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "s3:GetObject",
                        Resource: POINT_OBJECTS,
                    }),
                }),
            ),
            [
                `files-partner: ${RP}: aws:s3/accessPoint:AccessPoint "files-partner" statement "Everyone" allows Principal "*".`,
            ],
        ],
        [
            "an access point with public access blocks off and a policy for a partner account",
            stackWith(
                accessPoint({
                    publicAccessBlockConfiguration: {
                        blockPublicAcls: true,
                        blockPublicPolicy: false,
                        ignorePublicAcls: true,
                        restrictPublicBuckets: false,
                    },
                }),
                {
                    type: "aws:s3control/accessPointPolicy:AccessPointPolicy",
                    name: "files-partner-policy",
                    props: {
                        accessPointArn: `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/files-partner`,
                        policy: doc({
                            Sid: "Partner",
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${OUTSIDE}:role/ingest` },
                            Action: ["s3:GetObject", "s3:PutObject"],
                            Resource: POINT_OBJECTS,
                        }),
                    },
                },
            ),
            [
                `files-partner: ${RP}: aws:s3/accessPoint:AccessPoint "files-partner" on tenant bucket "${BUCKET}" turns off blockPublicPolicy, restrictPublicBuckets in its publicAccessBlockConfiguration, so a policy or ACL could open tenant objects to the public through it.`,
                `files-partner-policy: ${RP}: aws:s3control/accessPointPolicy:AccessPointPolicy "files-partner-policy" statement "Partner" allows "arn:aws:iam::${OUTSIDE}:role/ingest", which is outside the stack's accounts ${OWN}.`,
            ],
        ],
    ])("reports %s", async (_name, stack, messages) => {
        expect(await checkStack(tenantDataResourcePolicies, stack)).toEqual(messages);
    });
});
