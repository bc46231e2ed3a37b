/**
 * `npm run tenant -- <command>`: the tenant CLI. Commands are in cli/, the lifecycle they run in
 * lifecycle/. `npm run tenant -- --help` lists them; `<command> --help` explains each.
 */
import { runCli } from "./cli/program";
import { defaultCliDeps } from "./cli/settings";

runCli(process.argv.slice(2), defaultCliDeps()).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(
            `tenant: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exitCode = 1;
    },
);
