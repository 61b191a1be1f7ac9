import type { EntityType } from "@industryos/db";
import { z } from "zod";
import { uuid } from "../shared/paging.ts";

/** The entity types with telemetry and attributes, as they appear in paths: `/{entityType}/{id}/telemetry`. */
export const ENTITY_PATH_TYPES = ["devices", "assets", "customers", "tenants"] as const;
export type EntityPathType = (typeof ENTITY_PATH_TYPES)[number];

/** What each path segment names, as the audit log, attributes and rule-engine messages spell it. */
export const ENTITY_TYPE_OF = {
  devices: "DEVICE",
  assets: "ASSET",
  customers: "CUSTOMER",
  tenants: "TENANT",
} as const satisfies Record<EntityPathType, EntityType>;

/**
 * `{entityType}/{id}`. REST always has both in the path; a tRPC caller that leaves `entityType`
 * out means a device, as before entity types were a parameter. An unknown type is a path that
 * does not exist (404), like a malformed id.
 */
export const entityParams = z.object({
  entityType: z.enum(ENTITY_PATH_TYPES).default("devices"),
  id: uuid,
});
