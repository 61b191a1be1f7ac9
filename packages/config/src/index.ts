export { envSchema, type Config } from "./schema.ts";
export { loadConfig, parseConfig, ConfigError } from "./load.ts";
export { databaseUrls, APP_ROLE, SYSTEM_ROLE } from "./database-urls.ts";
