import type { Config } from "./schema.ts";

export const APP_ROLE = "industryos_app";
export const SYSTEM_ROLE = "industryos_system";

function withCredentials(base: string, user: string, password: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = password;
  return url.toString();
}

/** A replica's URL with the application role's user and password (see DATABASE_READ_URL). */
function asApplicationRole(replica: string, app: string): string {
  const credentials = new URL(app);
  return withCredentials(replica, decodeURIComponent(credentials.username), decodeURIComponent(credentials.password));
}

/**
 * The three connections the platform uses: the owner (migrations), the application role
 * (row-level security applies) and the system role (BYPASSRLS, for sign-up, device
 * authentication and system administration). The last two default to the owner's host and
 * database with the roles the migrations create. `reads` are the streaming replicas for telemetry
 * history (none: the primary serves them), connected to as the application role.
 */
export function databaseUrls(
  config: Pick<
    Config,
    | "DATABASE_URL"
    | "DATABASE_APP_URL"
    | "DATABASE_SYSTEM_URL"
    | "DATABASE_APP_PASSWORD"
    | "DATABASE_SYSTEM_PASSWORD"
    | "DATABASE_READ_URL"
  >,
) {
  const app = config.DATABASE_APP_URL ?? withCredentials(config.DATABASE_URL, APP_ROLE, config.DATABASE_APP_PASSWORD);
  return {
    owner: config.DATABASE_URL,
    app,
    reads: config.DATABASE_READ_URL.map((replica) => asApplicationRole(replica, app)),
    system:
      config.DATABASE_SYSTEM_URL ?? withCredentials(config.DATABASE_URL, SYSTEM_ROLE, config.DATABASE_SYSTEM_PASSWORD),
  };
}
