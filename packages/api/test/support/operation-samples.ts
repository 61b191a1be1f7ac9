import { ENTITY_PATH_TYPES } from "../../src/services/entities/schemas.ts";

/**
 * Values for path parameters other than `{id}`, valid for the records the cross-tenant suite
 * creates. An operation whose path names a parameter missing here has no cross-tenant case, and
 * the registry test fails. A list means one case per value: `/{entityType}/{id}/...` runs once
 * per entity type, with `{id}` the other tenant's record of that type (`tenants`: its tenant id).
 */
export const SAMPLE_PATH_PARAMS: Record<string, string | readonly string[]> = {
  scope: "SHARED",
  entityType: ENTITY_PATH_TYPES,
};
