import type { NotificationTargetType } from "./schemas.ts";

export interface TargetRow {
  id: string;
  name: string;
  type: NotificationTargetType;
  configuration: unknown;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A target as the API returns it. A webhook target's header values are write-only (they often carry an
 * Authorization token): the view names the headers, never their values.
 */
export function toView(row: TargetRow) {
  const configuration = { ...(row.configuration as Record<string, unknown>) };
  if (row.type === "WEBHOOK") {
    const headers = (configuration.headers ?? {}) as Record<string, string>;
    delete configuration.headers;
    configuration.headerNames = Object.keys(headers);
  }
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    configuration,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type TargetView = ReturnType<typeof toView>;
