export * from "./bucketPolicy";
export * from "./document";
export * from "./executionRolePolicy";
export * from "./keyPolicy";
export * from "./serviceTrust";
export * from "./tenantAccessPolicy";
export * from "./tenantAccessTrust";
