/**
 * How the lifecycle names a command for the operator to run: `npm run tenant -- <args>`, each
 * argument quoted for a POSIX shell when it needs it. The CLI passes the options of the current
 * run (environment, organization, --dry-run, ...) so that every suggested command repeats them.
 */
import { shellQuote } from "./remoteWorkspace";

/** `npm run tenant -- <args>` with each argument quoted for a POSIX shell when it needs it. */
export function tenantCommand(args: readonly string[]): string {
    return `npm run tenant -- ${args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(" ")}`;
}
