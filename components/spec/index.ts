/** The deployment spec: schema, parsing with every error at once, and error formatting. */
export * from "./schema";
export { parseDeploymentSpec } from "./validate";
export { ConfigError, formatIssue, type ConfigIssue } from "./issues";
