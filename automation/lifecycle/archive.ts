/**
 * Where an offboarding export goes: a local directory or an S3 location (`s3://bucket/prefix`).
 * Each export has a folder of its own named after the stack and the operation's start time, so
 * re-running an interrupted export overwrites its own files instead of writing a second copy.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { InvalidLifecycleInputError } from "./errors";

export type ArchiveLocation =
    | { readonly kind: "directory"; readonly path: string }
    | { readonly kind: "s3"; readonly bucket: string; readonly prefix: string };

const S3_URL = /^s3:\/\/([^/]+)(?:\/(.*))?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const ARCHIVE_RULE = "expected a directory, or s3://<bucket>[/<prefix>] with a valid bucket name";

/** Parses `--archive`; throws {@link InvalidLifecycleInputError} before any call. */
export function parseArchiveLocation(value: unknown): ArchiveLocation {
    if (typeof value !== "string" || value.trim() === "") {
        throw new InvalidLifecycleInputError("archive", value, ARCHIVE_RULE);
    }
    const s3 = S3_URL.exec(value);
    if (s3 === null) {
        if (value.startsWith("s3:")) throw new InvalidLifecycleInputError("archive", value, ARCHIVE_RULE);
        return { kind: "directory", path: path.resolve(value) };
    }
    const [, bucket = "", prefix = ""] = s3;
    if (!BUCKET.test(bucket)) throw new InvalidLifecycleInputError("archive", value, ARCHIVE_RULE);
    return { kind: "s3", bucket, prefix: prefix.replace(/^\/+|\/+$/g, "") };
}

/** One export's folder in an archive. */
export interface ArchiveSink {
    /** Where the export is, as an operator types it (a path or an s3:// URL). */
    readonly location: string;
    write(name: string, body: string | Uint8Array): Promise<void>;
}

/** The sink of `folder` in `location`; S3 locations need `s3`. */
export function archiveSink(
    location: ArchiveLocation,
    folder: string,
    s3: S3Client | undefined,
): ArchiveSink {
    if (location.kind === "directory") {
        const root = path.join(location.path, folder);
        return {
            location: root,
            write: async (name, body) => {
                const file = path.join(root, name);
                await fs.mkdir(path.dirname(file), { recursive: true });
                await fs.writeFile(file, body);
            },
        };
    }
    const prefix = location.prefix === "" ? folder : `${location.prefix}/${folder}`;
    return {
        location: `s3://${location.bucket}/${prefix}`,
        write: async (name, body) => {
            if (s3 === undefined)
                throw new InvalidLifecycleInputError("aws.s3", undefined, "an S3 archive needs an S3 client");
            await s3.send(
                new PutObjectCommand({ Bucket: location.bucket, Key: `${prefix}/${name}`, Body: body }),
            );
        },
    };
}

/** `2026-03-01T09:30:00.000Z` → `20260301T093000Z` (a name part without `:`). */
export const compactTime = (iso: string): string => iso.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
