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
    stackChanging,
    stackWith,
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
