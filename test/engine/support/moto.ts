/** moto's server for the tests: the same starter the control plane's dev runner uses. */
export { type Moto, startMoto } from "../../../controlplane/local/motoServer";
