/** Physical names that are part of a contract (dashboards, runbooks), derived from the environment. */

/** Prefix of every physical name the platform sets explicitly. */
export function platformPrefix(environment: string): string {
    return `tenant-tiers-${environment}`;
}

/** Log group of a function: `/aws/lambda/tenant-tiers-<env>-<function>`. */
export function functionLogGroupName(environment: string, functionName: string): string {
    return `/aws/lambda/${platformPrefix(environment)}-${functionName}`;
}

/** The Node.js major version of a Lambda runtime identifier such as `nodejs22.x`. */
export function nodeMajorOf(runtime: string): number {
    const match = /^nodejs(\d+)\.x$/.exec(runtime);
    if (match?.[1] === undefined) {
        throw new Error(`Lambda runtime "${runtime}" is not a Node.js runtime such as nodejs22.x`);
    }
    return Number(match[1]);
}
