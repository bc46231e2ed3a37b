import { describe } from "vitest";
import {
    BUCKET_ARN,
    type Case,
    caseOf,
    DYNAMODB_VIA,
    INDEX_ARN,
    ITEM_ACTIONS,
    itDecides,
    itemCases,
    keyCases,
    listCase,
    NEIGHBOURS,
    objectCases,
    PLATFORM_KEY_ARN,
    REGION,
    S3_VIA,
    simulateTenantSession,
    TABLE_ARN,
    TENANT,
    TENANT_KEY_ACTIONS,
    TENANT_KEY_ARN,
    TENANT_TAG,
} from "../../helpers/isolationCases";

describe(`session tagged "${TENANT}" is allowed its own data`, () => {
    const cases: Case[] = [
        ...itemCases(TABLE_ARN, [[TENANT], [TENANT, TENANT]], "Allowed"),
        ...itemCases(INDEX_ARN, [[TENANT]], "Allowed"),
        ...objectCases([`${TENANT}/x.json`, `${TENANT}/docs/2026/x.json`], "Allowed"),
        listCase(`${TENANT}/`, "Allowed"),
        listCase(`${TENANT}/docs/`, "Allowed"),
        ...keyCases(TENANT_KEY_ACTIONS, TENANT_KEY_ARN, { "aws:ResourceTag/TenantId": TENANT }, "Allowed"),
        // The platform key, only when DynamoDB or S3 use it on the session's behalf.
        ...keyCases(
            ["kms:Decrypt", "kms:GenerateDataKey"],
            PLATFORM_KEY_ARN,
            { "kms:ViaService": DYNAMODB_VIA },
            "Allowed",
        ),
        ...keyCases(
            ["kms:Decrypt", "kms:GenerateDataKey"],
            PLATFORM_KEY_ARN,
            { "kms:ViaService": S3_VIA },
            "Allowed",
        ),
    ];

    itDecides(cases, (testCase) => simulateTenantSession(testCase, TENANT_TAG));
});

describe.each(NEIGHBOURS)(`session tagged "${TENANT}" is denied the data of neighbour %j`, (neighbour) => {
    const cases: Case[] = [
        ...itemCases(TABLE_ARN, [[neighbour], [TENANT, neighbour]], "ImplicitlyDenied"),
        ...itemCases(INDEX_ARN, [[neighbour], [TENANT, neighbour]], "ImplicitlyDenied"),
        ...objectCases([`${neighbour}/x.json`], "ImplicitlyDenied"),
        listCase(`${neighbour}/`, "ImplicitlyDenied"),
        ...keyCases(
            TENANT_KEY_ACTIONS,
            TENANT_KEY_ARN,
            { "aws:ResourceTag/TenantId": neighbour },
            "ImplicitlyDenied",
        ),
    ];

    itDecides(cases, (testCase) => simulateTenantSession(testCase, TENANT_TAG));
});

describe(`session tagged "${TENANT}" cannot widen its prefix or skip the partition key`, () => {
    const cases: Case[] = [
        // Object keys that start with the tenant id but are not under `<tenant>/`.
        ...objectCases(["acme2/x", "acme", "acme.json", "acme-2/x"], "ImplicitlyDenied"),
        // A listing prefix without the trailing `/` would return `acme2/...` too.
        listCase(TENANT, "ImplicitlyDenied"),
        listCase("", "ImplicitlyDenied"),
        listCase(undefined, "ImplicitlyDenied"),
        listCase("a", "ImplicitlyDenied"),
        // Null guard: `ForAllValues` alone is true for a request that names no partition key.
        ...ITEM_ACTIONS.map((action) => caseOf(action, TABLE_ARN, {}, "ImplicitlyDenied")),
        caseOf("dynamodb:Query", INDEX_ARN, {}, "ImplicitlyDenied"),
        // A present but empty key list: ForAllValues and the Null guard pass it, ForAnyValue does not.
        ...ITEM_ACTIONS.map((action) =>
            caseOf(action, TABLE_ARN, { "dynamodb:LeadingKeys": [] }, "ImplicitlyDenied"),
        ),
        // Scan takes neither `dynamodb:LeadingKeys` nor `dynamodb:FullTableScan` (service authorization
        // reference; the simulator would report both as ignored): the explicit Deny alone stops it.
        caseOf("dynamodb:Scan", TABLE_ARN, {}, "ExplicitlyDenied"),
        caseOf("dynamodb:Scan", INDEX_ARN, {}, "ExplicitlyDenied"),
        caseOf("dynamodb:PartiQLSelect", TABLE_ARN, { "dynamodb:FullTableScan": "true" }, "ExplicitlyDenied"),
        caseOf("dynamodb:PartiQLSelect", INDEX_ARN, { "dynamodb:FullTableScan": "true" }, "ExplicitlyDenied"),
        // PartiQL is not granted at all: a keyed statement is refused too, only not by the scan rule.
        caseOf(
            "dynamodb:PartiQLSelect",
            TABLE_ARN,
            { "dynamodb:FullTableScan": "false", "dynamodb:LeadingKeys": [TENANT] },
            "ImplicitlyDenied",
        ),
        // A key without a TenantId tag, and the platform key used directly or through another service.
        ...keyCases(TENANT_KEY_ACTIONS, TENANT_KEY_ARN, {}, "ImplicitlyDenied"),
        ...keyCases(
            ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            PLATFORM_KEY_ARN,
            {},
            "ImplicitlyDenied",
        ),
        caseOf("kms:Encrypt", PLATFORM_KEY_ARN, { "kms:ViaService": DYNAMODB_VIA }, "ImplicitlyDenied"),
        ...keyCases(
            ["kms:Decrypt", "kms:GenerateDataKey"],
            PLATFORM_KEY_ARN,
            { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` },
            "ImplicitlyDenied",
        ),
        ...keyCases(
            ["kms:Decrypt", "kms:GenerateDataKey"],
            PLATFORM_KEY_ARN,
            { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" },
            "ImplicitlyDenied",
        ),
    ];

    itDecides(cases, (testCase) => simulateTenantSession(testCase, TENANT_TAG));
});

describe("a tenant access session without a TenantId tag reaches no tenant's data", () => {
    const cases: Case[] = [
        ...itemCases(TABLE_ARN, [[TENANT]], "ImplicitlyDenied"),
        ...objectCases([`${TENANT}/x.json`], "ImplicitlyDenied"),
        listCase(`${TENANT}/`, "ImplicitlyDenied"),
        ...keyCases(
            TENANT_KEY_ACTIONS,
            TENANT_KEY_ARN,
            { "aws:ResourceTag/TenantId": TENANT },
            "ImplicitlyDenied",
        ),
    ];

    itDecides(cases, (testCase) => simulateTenantSession(testCase, {}));
});

describe("the bucket policy is part of every S3 decision", () => {
    const cases: Case[] = [
        caseOf(
            "s3:PutObject",
            `${BUCKET_ARN}/${TENANT}/x.json`,
            { "aws:SecureTransport": "true", "s3:x-amz-server-side-encryption": "AES256" },
            "ExplicitlyDenied",
        ),
        // Without the header the bucket default (SSE-KMS) applies; multipart parts never carry it.
        caseOf(
            "s3:PutObject",
            `${BUCKET_ARN}/${TENANT}/x.json`,
            { "aws:SecureTransport": "true" },
            "Allowed",
        ),
        caseOf(
            "s3:GetObject",
            `${BUCKET_ARN}/${TENANT}/x.json`,
            { "aws:SecureTransport": "false" },
            "ExplicitlyDenied",
        ),
        caseOf(
            "s3:ListBucket",
            BUCKET_ARN,
            { "aws:SecureTransport": "false", "s3:prefix": `${TENANT}/` },
            "ExplicitlyDenied",
        ),
    ];

    itDecides(cases, (testCase) => simulateTenantSession(testCase, TENANT_TAG));
});
