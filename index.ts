/**
 * The platform stack of one environment: `pulumi up -s <env>`. Thin on purpose; the program lives
 * in components/ so the offline plan and the tests run exactly the same code under mocks.
 * Each field becomes a top-level stack output (`pulumi stack output dataTableArn`).
 */
import { platformProgram } from "./components/platform/program";

export = platformProgram();
