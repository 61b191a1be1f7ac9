import { ENTITY_PATH_TYPES } from "../../src/services/entities/schemas.ts";

/**
 * Values for path parameters other than `{id}`, valid for the records the cross-tenant suite
 * creates. An operation whose path names a parameter missing here has no cross-tenant case, and
 * the registry test fails. A list means one case per value: `/{entityType}/{id}/...` runs once
 * per entity type, with `{id}` the other tenant's record of that type (`tenants`: its tenant id;
 * `rule-engine`, whose `{id}` is a dead letter's Redis stream id: a dead letter of that tenant).
 */
export const SAMPLE_PATH_PARAMS: Record<string, string | readonly string[]> = {
  scope: "SHARED",
  /** A rule chain's first version (every chain has one). */
  version: "1",
  entityType: ENTITY_PATH_TYPES,
};
