/**
 * The control-plane stack of one environment: `pulumi up -s <env>` in this folder. Thin on
 * purpose; the program lives in infra/ so the tests run exactly the same code under mocks.
 */
import { controlPlaneProgram } from "./infra/program";

export = controlPlaneProgram();
