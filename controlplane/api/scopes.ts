/** The scopes of the control plane's resource server, without its identifier prefix. */
export const API_SCOPES = ["tenants.read", "tenants.write", "fleet.rollout"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
