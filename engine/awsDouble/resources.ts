/**
 * What the AWS provider double knows about each resource type our programs create: the property
 * it autonames, the properties AWS cannot change in place, and the attributes AWS computes.
 * An unknown type is an error, never a silent pass.
 */
import { randomBytes, randomUUID } from "node:crypto";

/** Where a resource lives and who owns it, as the provider's configuration says. */
export interface Placement {
    readonly account: string;
    readonly region: string;
}

type Inputs = Record<string, unknown>;

interface ResourceKind {
    /** The property the provider fills with `<name>-<7 hex>` when the program leaves it unset. */
    readonly autoname?: {
        readonly property: string;
        readonly maxLength: number;
        readonly lowercase?: boolean;
    };
    /**
     * Properties AWS cannot change in place (the resource is replaced). Kept to what our programs
     * set: table name and key schema, bucket name, function name, role name, key spec, alias name,
     * and the few identity properties of the other resources.
     */
    readonly replaceOn?: readonly string[];
    /** The id AWS gives the resource, and the attributes it computes. */
    readonly created: (inputs: Inputs, where: Placement) => { id: string; outputs: Inputs };
}

const hex = (n: number) =>
    randomBytes(Math.ceil(n / 2))
        .toString("hex")
        .slice(0, n);
const alnum = (n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") =>
    Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
const str = (v: unknown) => (typeof v === "string" ? v : String(v));
const byName =
    (service: string, resource: (name: string) => string) => (inputs: Inputs, where: Placement) => {
        const name = str(inputs.name);
        return {
            id: name,
            outputs: { arn: `arn:aws:${service}:${where.region}:${where.account}:${resource(name)}` },
        };
    };
const composite =
    (...keys: string[]) =>
    (inputs: Inputs) => ({
        id: keys.map((k) => str(inputs[k])).join("/"),
        outputs: {},
    });
const randomId =
    (length = 10) =>
    () => ({ id: alnum(length), outputs: {} });

const KINDS: Readonly<Record<string, ResourceKind>> = {
    "aws:iam/role:Role": {
        autoname: { property: "name", maxLength: 64 },
        replaceOn: ["name", "path"],
        created: (i, w) => ({
            id: str(i.name),
            outputs: {
                arn: `arn:aws:iam::${w.account}:role/${str(i.name)}`,
                uniqueId: `AROA${alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
            },
        }),
    },
    "aws:iam/policy:Policy": {
        autoname: { property: "name", maxLength: 128 },
        replaceOn: ["name", "path"],
        created: (i, w) => {
            // AWS identifies a managed policy by its ARN.
            const arn = `arn:aws:iam::${w.account}:policy/${str(i.name)}`;
            return {
                id: arn,
                outputs: { arn, policyId: `ANPA${alnum(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}` },
            };
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        autoname: { property: "name", maxLength: 128 },
        replaceOn: ["name", "role"],
        created: (i) => ({ id: `${str(i.role)}:${str(i.name)}`, outputs: {} }),
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        replaceOn: ["role", "policyArn"],
        created: (i) => ({ id: `${str(i.role)}-${hex(20)}`, outputs: {} }),
    },
    "aws:lambda/function:Function": {
        autoname: { property: "name", maxLength: 64 },
        replaceOn: ["name", "tenancyConfig"],
        created: (i, w) => {
            const arn = `arn:aws:lambda:${w.region}:${w.account}:function:${str(i.name)}`;
            return {
                id: str(i.name),
                outputs: {
                    arn,
                    qualifiedArn: `${arn}:$LATEST`,
                    invokeArn: `arn:aws:apigateway:${w.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                    version: "$LATEST",
                },
            };
        },
    },
    "aws:lambda/permission:Permission": {
        autoname: { property: "statementId", maxLength: 100 },
        replaceOn: [
            "action",
            "function",
            "principal",
            "sourceArn",
            "sourceAccount",
            "statementId",
            "qualifier",
        ],
        created: (i) => ({ id: str(i.statementId), outputs: {} }),
    },
    "aws:lambda/eventSourceMapping:EventSourceMapping": {
        replaceOn: ["eventSourceArn"],
        created: () => {
            const uuid = randomUUID();
            return { id: uuid, outputs: { uuid } };
        },
    },
    "aws:dynamodb/table:Table": {
        autoname: { property: "name", maxLength: 255 },
        replaceOn: ["name", "hashKey", "rangeKey"],
        created: byName("dynamodb", (n) => `table/${n}`),
    },
    "aws:dynamodb/tableItem:TableItem": {
        replaceOn: ["tableName", "hashKey", "rangeKey"],
        created: (i) => ({ id: `${str(i.tableName)}|${str(i.hashKey)}|${hex(8)}`, outputs: {} }),
    },
    "aws:s3/bucket:Bucket": {
        autoname: { property: "bucket", maxLength: 63, lowercase: true },
        replaceOn: ["bucket", "bucketPrefix"],
        created: (i, w) => {
            const bucket = str(i.bucket);
            return {
                id: bucket,
                outputs: {
                    arn: `arn:aws:s3:::${bucket}`,
                    bucketDomainName: `${bucket}.s3.amazonaws.com`,
                    bucketRegionalDomainName: `${bucket}.s3.${w.region}.amazonaws.com`,
                    region: w.region,
                },
            };
        },
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        replaceOn: ["bucket"],
        created: (i) => ({ id: str(i.bucket), outputs: {} }),
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        replaceOn: ["bucket"],
        created: (i) => ({ id: str(i.bucket), outputs: {} }),
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        replaceOn: ["bucket"],
        created: (i) => ({ id: str(i.bucket), outputs: {} }),
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        replaceOn: ["bucket"],
        created: (i) => ({ id: str(i.bucket), outputs: {} }),
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        replaceOn: ["bucket"],
        created: (i) => ({ id: str(i.bucket), outputs: {} }),
    },
    "aws:kms/key:Key": {
        replaceOn: ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion"],
        created: (_i, w) => {
            const keyId = randomUUID();
            return {
                id: keyId,
                outputs: { keyId, arn: `arn:aws:kms:${w.region}:${w.account}:key/${keyId}` },
            };
        },
    },
    "aws:kms/alias:Alias": {
        replaceOn: ["name", "namePrefix"],
        created: (i, w) => ({
            id: str(i.name),
            outputs: {
                arn: `arn:aws:kms:${w.region}:${w.account}:${str(i.name)}`,
                targetKeyArn: `arn:aws:kms:${w.region}:${w.account}:key/${str(i.targetKeyId)}`,
            },
        }),
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        autoname: { property: "name", maxLength: 512 },
        replaceOn: ["name"],
        created: byName("logs", (n) => `log-group:${n}`),
    },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
        replaceOn: ["name", "logGroupName"],
        created: (i) => ({ id: str(i.name), outputs: {} }),
    },
    "aws:cloudwatch/queryDefinition:QueryDefinition": {
        created: () => {
            const queryDefinitionId = randomUUID();
            return { id: queryDefinitionId, outputs: { queryDefinitionId } };
        },
    },
    "aws:cloudwatch/contributorInsightRule:ContributorInsightRule": {
        replaceOn: ["ruleName"],
        created: (i, w) => ({
            id: str(i.ruleName),
            outputs: {
                ruleArn: `arn:aws:cloudwatch:${w.region}:${w.account}:insight-rule/${str(i.ruleName)}`,
            },
        }),
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        replaceOn: ["dashboardName"],
        created: (i, w) => ({
            id: str(i.dashboardName),
            outputs: { dashboardArn: `arn:aws:cloudwatch::${w.account}:dashboard/${str(i.dashboardName)}` },
        }),
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        autoname: { property: "name", maxLength: 255 },
        replaceOn: ["name"],
        created: byName("cloudwatch", (n) => `alarm:${n}`),
    },
    "aws:sns/topic:Topic": {
        autoname: { property: "name", maxLength: 256 },
        replaceOn: ["name", "fifoTopic"],
        created: (i, w) => {
            const arn = `arn:aws:sns:${w.region}:${w.account}:${str(i.name)}`;
            return { id: arn, outputs: { arn } };
        },
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        replaceOn: ["topic", "protocol", "endpoint"],
        created: (i) => {
            const arn = `${str(i.topic)}:${randomUUID()}`;
            return { id: arn, outputs: { arn } };
        },
    },
    "aws:sqs/queue:Queue": {
        autoname: { property: "name", maxLength: 80 },
        replaceOn: ["name", "fifoQueue"],
        created: (i, w) => {
            const url = `https://sqs.${w.region}.amazonaws.com/${w.account}/${str(i.name)}`;
            return { id: url, outputs: { url, arn: `arn:aws:sqs:${w.region}:${w.account}:${str(i.name)}` } };
        },
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        replaceOn: ["queueUrl"],
        created: (i) => ({ id: str(i.queueUrl), outputs: {} }),
    },
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": {
        replaceOn: ["queueUrl"],
        created: (i) => ({ id: str(i.queueUrl), outputs: {} }),
    },
    "aws:cognito/userPool:UserPool": {
        autoname: { property: "name", maxLength: 128 },
        replaceOn: ["name", "usernameAttributes", "aliasAttributes"],
        created: (_i, w) => {
            const id = `${w.region}_${alnum(9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
            return {
                id,
                outputs: {
                    arn: `arn:aws:cognito-idp:${w.region}:${w.account}:userpool/${id}`,
                    endpoint: `cognito-idp.${w.region}.amazonaws.com/${id}`,
                },
            };
        },
    },
    "aws:cognito/userPoolClient:UserPoolClient": {
        autoname: { property: "name", maxLength: 128 },
        replaceOn: ["userPoolId", "generateSecret"],
        created: randomId(26),
    },
    "aws:cognito/userGroup:UserGroup": {
        replaceOn: ["name", "userPoolId"],
        created: composite("userPoolId", "name"),
    },
    "aws:cognito/user:User": {
        replaceOn: ["username", "userPoolId"],
        created: (i) => ({ id: `${str(i.userPoolId)}/${str(i.username)}`, outputs: { sub: randomUUID() } }),
    },
    "aws:cognito/userInGroup:UserInGroup": {
        replaceOn: ["groupName", "userPoolId", "username"],
        created: composite("userPoolId", "groupName", "username"),
    },
    "aws:apigateway/account:Account": { created: () => ({ id: "api-gateway-account", outputs: {} }) },
    "aws:apigateway/restApi:RestApi": {
        autoname: { property: "name", maxLength: 1024 },
        created: (_i, w) => {
            const id = alnum(10);
            return {
                id,
                outputs: {
                    rootResourceId: alnum(10),
                    arn: `arn:aws:apigateway:${w.region}::/restapis/${id}`,
                    executionArn: `arn:aws:execute-api:${w.region}:${w.account}:${id}`,
                },
            };
        },
    },
    "aws:apigateway/resource:Resource": {
        replaceOn: ["restApi", "parentId"],
        created: (i) => ({ id: alnum(6), outputs: { path: `/${str(i.pathPart)}` } }),
    },
    "aws:apigateway/method:Method": {
        replaceOn: ["restApi", "resourceId", "httpMethod"],
        created: (i) => ({
            id: `agm-${str(i.restApi)}-${str(i.resourceId)}-${str(i.httpMethod)}`,
            outputs: {},
        }),
    },
    "aws:apigateway/integration:Integration": {
        replaceOn: ["restApi", "resourceId", "httpMethod"],
        created: (i) => ({
            id: `agi-${str(i.restApi)}-${str(i.resourceId)}-${str(i.httpMethod)}`,
            outputs: {},
        }),
    },
    "aws:apigateway/authorizer:Authorizer": { replaceOn: ["restApi"], created: randomId(6) },
    "aws:apigateway/deployment:Deployment": {
        replaceOn: ["restApi", "triggers"],
        created: (i, w) => {
            const id = alnum(6);
            return {
                id,
                outputs: { executionArn: `arn:aws:execute-api:${w.region}:${w.account}:${str(i.restApi)}/` },
            };
        },
    },
    "aws:apigateway/stage:Stage": {
        replaceOn: ["restApi", "stageName"],
        created: (i, w) => ({
            id: `ags-${str(i.restApi)}-${str(i.stageName)}`,
            outputs: {
                arn: `arn:aws:apigateway:${w.region}::/restapis/${str(i.restApi)}/stages/${str(i.stageName)}`,
                executionArn: `arn:aws:execute-api:${w.region}:${w.account}:${str(i.restApi)}/${str(i.stageName)}`,
                invokeUrl: `https://${str(i.restApi)}.execute-api.${w.region}.amazonaws.com/${str(i.stageName)}`,
            },
        }),
    },
    "aws:apigateway/methodSettings:MethodSettings": {
        replaceOn: ["restApi", "stageName", "methodPath"],
        created: composite("restApi", "stageName", "methodPath"),
    },
    "aws:wafv2/webAcl:WebAcl": {
        autoname: { property: "name", maxLength: 128 },
        replaceOn: ["name", "scope"],
        created: (i, w) => {
            const id = randomUUID();
            return {
                id,
                outputs: {
                    arn: `arn:aws:wafv2:${w.region}:${w.account}:regional/webacl/${str(i.name)}/${id}`,
                    lockToken: randomUUID(),
                },
            };
        },
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        replaceOn: ["resourceArn", "webAclArn"],
        created: (i) => ({ id: `${str(i.webAclArn)},${str(i.resourceArn)}`, outputs: {} }),
    },
    "aws:apigateway/usagePlan:UsagePlan": {
        created: (_i, w) => {
            const id = alnum(6);
            return { id, outputs: { arn: `arn:aws:apigateway:${w.region}::/usageplans/${id}` } };
        },
    },
    "aws:apigateway/apiKey:ApiKey": {
        autoname: { property: "name", maxLength: 1024 },
        created: (_i, w) => {
            const id = alnum(10);
            return {
                id,
                outputs: { value: alnum(40), arn: `arn:aws:apigateway:${w.region}::/apikeys/${id}` },
            };
        },
    },
    "aws:apigateway/usagePlanKey:UsagePlanKey": {
        replaceOn: ["keyId", "keyType", "usagePlanId"],
        created: (i) => ({ id: str(i.keyId), outputs: {} }),
    },
    // The control-plane stack (controlplane/): its network, cluster and the workers' scaling.
    "aws:ec2/securityGroup:SecurityGroup": {
        autoname: { property: "name", maxLength: 255 },
        replaceOn: ["name", "vpcId", "description"],
        created: (_i, w) => {
            const id = `sg-${hex(17)}`;
            return {
                id,
                outputs: {
                    arn: `arn:aws:ec2:${w.region}:${w.account}:security-group/${id}`,
                    ownerId: w.account,
                },
            };
        },
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        replaceOn: ["vpcId", "serviceName", "vpcEndpointType"],
        created: (_i, w) => {
            const id = `vpce-${hex(17)}`;
            return {
                id,
                outputs: {
                    arn: `arn:aws:ec2:${w.region}:${w.account}:vpc-endpoint/${id}`,
                    state: "available",
                },
            };
        },
    },
    "aws:ecs/cluster:Cluster": {
        autoname: { property: "name", maxLength: 255 },
        replaceOn: ["name"],
        created: (i, w) => {
            const arn = `arn:aws:ecs:${w.region}:${w.account}:cluster/${str(i.name)}`;
            return { id: arn, outputs: { arn } };
        },
    },
    "aws:appautoscaling/target:Target": {
        replaceOn: ["resourceId", "scalableDimension", "serviceNamespace"],
        created: (i, w) => ({
            id: str(i.resourceId),
            outputs: {
                arn: `arn:aws:application-autoscaling:${w.region}:${w.account}:scalable-target/${hex(24)}`,
                roleArn: `arn:aws:iam::${w.account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
            },
        }),
    },
    "aws:appautoscaling/policy:Policy": {
        autoname: { property: "name", maxLength: 255 },
        replaceOn: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        created: (i, w) => ({
            id: str(i.name),
            outputs: {
                arn: `arn:aws:autoscaling:${w.region}:${w.account}:scalingPolicy:${randomUUID()}:resource/${str(i.serviceNamespace)}/${str(i.resourceId)}:policyName/${str(i.name)}`,
            },
        }),
    },
    "aws:costexplorer/costAllocationTag:CostAllocationTag": {
        replaceOn: ["tagKey"],
        created: (i) => ({ id: str(i.tagKey), outputs: {} }),
    },
};

/** The provider double's knowledge of `type`; throws for a type it was not taught. */
export function resourceKind(type: string): ResourceKind {
    const kind = KINDS[type];
    if (kind === undefined) {
        throw new Error(
            `aws provider double: resource type ${type} is not known; teach it in engine/awsDouble/resources.ts (its autoname, replacement properties and computed attributes)`,
        );
    }
    return kind;
}

/** `<name>-<7 hex>` within the type's length limit, as Pulumi's autonaming does. */
export function autonameFor(kind: ResourceKind, name: string, prefix?: string): string | undefined {
    if (kind.autoname === undefined) return undefined;
    const suffix = prefix !== undefined ? `${Date.now()}${hex(13)}` : `-${hex(7)}`;
    const base = prefix ?? name;
    const value = `${base.slice(0, kind.autoname.maxLength - suffix.length)}${suffix}`;
    return kind.autoname.lowercase === true ? value.toLowerCase() : value;
}

/** The types the double answers, for its documentation and tests. */
export const KNOWN_TYPES: readonly string[] = Object.keys(KINDS);
